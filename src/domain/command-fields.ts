import { InvalidCommand } from './errors';

/**
 * Content checks on command fields that the HTTP layer's shape validation may not know about,
 * repeated here so the domain holds on its own (CLI replay, tests, other callers).
 */

/** Ids become stream names and URL segments: letters, digits and `.` `_` `:` `-`, at most 128. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const COUNTRY_PATTERN = /^[A-Z]{2}$/;
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export function assertId(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw new InvalidCommand([
      { field, message: 'must be 1–128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit' },
    ]);
  }
}

export function assertCountry(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || !COUNTRY_PATTERN.test(value)) {
    throw new InvalidCommand([{ field, message: 'must be an ISO 3166-1 alpha-2 code in capitals, e.g. "AU"' }]);
  }
}

export function assertOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): asserts value is T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidCommand([{ field, message: `must be one of: ${allowed.join(', ')}` }]);
  }
}

export function assertText(value: unknown, field: string, options: { allowEmpty?: boolean } = {}): asserts value is string {
  if (typeof value !== 'string' || (!options.allowEmpty && value.trim() === '')) {
    throw new InvalidCommand([{ field, message: options.allowEmpty ? 'must be a string' : 'must be a non-empty string' }]);
  }
}

export function assertSha256(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || !SHA256_PATTERN.test(value)) {
    throw new InvalidCommand([{ field, message: 'must be a SHA-256 digest in lowercase hex (64 characters)' }]);
  }
}

/** The same value twice in a list that must name distinct things. */
export function assertDistinct(values: readonly string[], field: string, what: string): void {
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (seen.has(value)) throw new InvalidCommand([{ field: `${field}.${i}`, message: `${what} ${value} is listed twice` }]);
    seen.add(value);
  });
}
