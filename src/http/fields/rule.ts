import type { ApiPropertyOptions } from '@nestjs/swagger';
import type { ValidationOptions } from 'class-validator';

/**
 * One check of a request field together with what it means in the OpenAPI document. A field kind
 * is a list of rules, so what the server refuses and what the document promises come from one
 * source and cannot drift apart.
 */
export interface Rule {
  /** The OpenAPI keywords the check implies: type, pattern, lengths, bounds, enum … */
  readonly schema: Partial<ApiPropertyOptions>;
  /** The class-validator (and class-transformer) decorators that enforce it. */
  readonly validate: (options: ValidationOptions) => PropertyDecorator[];
}

/** The rule applied to every element of an array field (class-validator's `each`). */
export function each(rule: Rule): Rule {
  return { schema: rule.schema, validate: (options) => rule.validate({ ...options, each: true }) };
}
