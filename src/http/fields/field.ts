import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { ProblemCode } from '../../problems';
import type { Rule } from './rule';

export interface FieldDoc {
  description?: string;
  /** What Swagger UI puts in its example body: a value the example ledger accepts. */
  example?: unknown;
  optional?: boolean;
  /** The problem code a refusal of this field answers with, when not the request's default. */
  code?: ProblemCode;
}

/**
 * A request field: its rules' OpenAPI keywords in one `@ApiProperty`, their checks as
 * class-validator decorators, and `@IsOptional` for an optional field.
 */
export function field(doc: FieldDoc, ...rules: Rule[]): PropertyDecorator {
  const schema = Object.assign({}, ...rules.map((rule) => rule.schema)) as ApiPropertyOptions;
  if (doc.description !== undefined) Object.assign(schema, { description: doc.description });
  if (doc.example !== undefined) Object.assign(schema, { example: doc.example });
  const options = doc.code ? { context: { code: doc.code } } : {};
  return applyDecorators(
    doc.optional ? ApiPropertyOptional(schema) : ApiProperty(schema),
    ...(doc.optional ? [IsOptional()] : []),
    ...rules.flatMap((rule) => rule.validate(options)),
  );
}
