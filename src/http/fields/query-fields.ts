import { RFC3339 } from '../../provenance/as-of';
import { field } from './field';
import { matches, maxLength, oneOf, position, wholeNumber } from './rules';

/* Query parameters, validated and documented as request fields are (see body-fields.ts). */

/** Position of the global log a read waits for (read-your-writes), or starts after. */
export function PositionQuery(description: string): PropertyDecorator {
  return field({ description, example: '42', optional: true }, position());
}

export function WholeNumberQuery(description: string, bounds: { min: number; max: number }, options: { optional?: boolean; example: number }): PropertyDecorator {
  return field({ description, example: options.example, optional: options.optional ?? true }, wholeNumber(bounds));
}

export function EnumQuery(values: readonly string[], enumName: string, description: string): PropertyDecorator {
  return field({ description, example: values[0], optional: true }, oneOf(values, enumName));
}

/** `asOf`: a global position (digits) or an RFC 3339 time; a refusal answers `invalid-as-of`, as the provenance queries do. */
export const AS_OF_PATTERN = new RegExp(`^(\\d{1,30}|${RFC3339.source.slice(1, -1)})$`);

export function AsOfQuery(): PropertyDecorator {
  return field(
    {
      description: 'answer as the ledger stood at this global position, or at this RFC 3339 time (default: now)',
      example: '2026-04-02T00:00:00Z',
      optional: true,
      code: 'invalid-as-of',
    },
    maxLength(64),
    matches(AS_OF_PATTERN, '$property must be a global position (digits) or an RFC 3339 time'),
  );
}
