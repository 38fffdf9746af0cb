import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import type { ProblemCode } from '../problems';
import { problem, FieldProblem, ProblemError } from '../problems';
import { cacheValidationMetadata } from './validation-metadata-cache';

interface Refusal {
  fields: FieldProblem[];
  /** A code a refused field asks for (e.g. `invalid-as-of`), else the request part's own. */
  code: ProblemCode | null;
}

function flatten(errors: ValidationError[], parent = '', out: Refusal = { fields: [], code: null }): Refusal {
  for (const error of errors) {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    for (const message of Object.values(error.constraints ?? {})) out.fields.push({ field, message });
    for (const context of Object.values(error.contexts ?? {})) out.code ??= (context as { code?: ProblemCode }).code ?? null;
    if (error.children?.length) flatten(error.children, field, out);
  }
  return out;
}

/** What class-validator found, before we know whether it was the body or the query. */
class RefusedFields extends Error {
  constructor(readonly refusal: Refusal) {
    super('refused fields');
  }
}

function describe(fields: FieldProblem[], what: string): string {
  if (fields.length === 0) return `the ${what} is invalid`;
  const listed = fields
    .slice(0, 5)
    .map((f) => `${f.field} (${f.message})`)
    .join('; ');
  return `the ${what} has ${fields.length} invalid field${fields.length > 1 ? 's' : ''}: ${listed}`;
}

const COMMON: ValidationPipeOptions = {
  whitelist: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => new RefusedFields(flatten(errors)),
};

/**
 * Request bodies and query parameters, validated as their DTO classes declare: a body with an
 * unknown field is refused (`invalid-request`), an unknown query parameter is ignored, a bad one is
 * `invalid-query`; per-field problems in `errors` either way.
 */
@Injectable()
export class RequestValidationPipe implements PipeTransform {
  private readonly body = new ValidationPipe({ ...COMMON, forbidNonWhitelisted: true });
  private readonly query = new ValidationPipe({ ...COMMON, forbidNonWhitelisted: false });

  constructor() {
    cacheValidationMetadata();
  }

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // A custom parameter decorator's value (the actor, the write's idempotency facts) is the
    // server's, not the client's: ValidationPipe hands it back as it is, so it is not sent there.
    if (metadata.type === 'custom') return value;
    return this.validate(value, metadata);
  }

  private async validate(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const inQuery = metadata.type === 'query';
    try {
      return await (inQuery ? this.query : this.body).transform(value, metadata);
    } catch (error) {
      if (!(error instanceof RefusedFields)) throw error;
      const { fields, code } = error.refusal;
      const own = inQuery ? 'invalid-query' : 'invalid-request';
      throw new ProblemError(problem(code ?? own, describe(fields, inQuery ? 'query' : 'request'), { errors: fields }));
    }
  }
}

export function requestValidationPipe(): RequestValidationPipe {
  return new RequestValidationPipe();
}
