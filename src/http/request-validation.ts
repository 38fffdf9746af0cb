import { ValidationError, ValidationPipe } from '@nestjs/common';
import { problem, FieldProblem, ProblemError } from './problem';

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    for (const message of Object.values(error.constraints ?? {})) out.push({ field, message });
    if (error.children?.length) out.push(...flatten(error.children, field));
  }
  return out;
}

/** Whitelisting, unknown fields forbidden, per-field problems in the answer. */
export function requestValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      const detail = fields.length
        ? `the request has ${fields.length} invalid field${fields.length > 1 ? 's' : ''}: ${fields
            .slice(0, 5)
            .map((f) => `${f.field} (${f.message})`)
            .join('; ')}`
        : 'the request is invalid';
      return new ProblemError(problem('invalid-request', detail, { errors: fields }));
    },
  });
}
