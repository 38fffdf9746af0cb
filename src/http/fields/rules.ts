import { Type as TransformTo, Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsObject,
  IsRFC3339,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import type { Type } from '@nestjs/common';
import type { Rule } from './rule';

/*
 * The rules request fields are built from. Each one names its class-validator check and the
 * OpenAPI keywords that say the same thing.
 */

export const isString = (): Rule => ({ schema: { type: 'string' }, validate: (o) => [IsString(o)] });

/** Present, whatever its type: the domain parses the value and answers a rule violation itself. */
export const isDefined = (): Rule => ({ schema: {}, validate: (o) => [IsDefined(o)] });

export const maxLength = (max: number): Rule => ({ schema: { maxLength: max }, validate: (o) => [MaxLength(max, o)] });

export const notEmpty = (): Rule => ({ schema: { minLength: 1 }, validate: (o) => [IsNotEmpty(o)] });

/** At least one character that is not white space: a name or a note of spaces says nothing. */
export const notBlank = (): Rule => ({ schema: { pattern: '\\S' }, validate: (o) => [Matches(/\S/, { ...o, message: '$property must not be blank' })] });

export const matches = (pattern: RegExp, message?: string): Rule => ({
  schema: { type: 'string', pattern: pattern.source },
  validate: (o) => [Matches(pattern, { ...o, ...(message ? { message } : {}) })],
});

/** One of a fixed list, published as a named enum so generated clients get a union type. */
export const oneOf = (values: readonly string[], enumName: string): Rule => ({
  schema: { enum: [...values], enumName },
  validate: (o) => [IsIn([...values], o)],
});

/** Years a custody record can name: from the oldest stock a lot may come from to the end of any certificate. */
export const YEARS = { from: 1900, to: 2199 } as const;

export const rfc3339 = (): Rule => ({
  schema: { type: 'string', format: 'date-time' },
  validate: (o) => [
    IsRFC3339(o),
    ValidateBy(
      {
        name: 'isLedgerYear',
        validator: {
          // The year of the text as written (its first four digits), whatever its offset.
          validate: (value) => typeof value !== 'string' || !/^\d{4}/.test(value) || (Number(value.slice(0, 4)) >= YEARS.from && Number(value.slice(0, 4)) <= YEARS.to),
          defaultMessage: () => `$property must be a time between the years ${YEARS.from} and ${YEARS.to}`,
        },
      },
      o,
    ),
  ],
});

export const latitude = (): Rule => ({ schema: { type: 'number', minimum: -90, maximum: 90 }, validate: (o) => [IsLatitude(o)] });

export const longitude = (): Rule => ({ schema: { type: 'number', minimum: -180, maximum: 180 }, validate: (o) => [IsLongitude(o)] });

/** ISO 3166-1 alpha-2: a code of the standard's list (any case here; the domain then requires capitals). */
export const iso3166Alpha2 = (): Rule => ({ schema: { type: 'string' }, validate: (o) => [IsISO31661Alpha2(o)] });

/**
 * OpenAPI keywords for a check the domain makes on the command (masses, country capitals): shown to
 * integrators from the domain's own pattern, refused by the domain with its own problem code.
 */
export const checkedByDomain = (schema: Rule['schema']): Rule => ({ schema, validate: () => [] });

export const isObject = (): Rule => ({ schema: { type: 'object' }, validate: (o) => [IsObject(o)] });

export const array = (bounds: { min?: number; max: number; unique?: boolean }): Rule => ({
  schema: { isArray: true, ...(bounds.min !== undefined ? { minItems: bounds.min } : {}), maxItems: bounds.max, ...(bounds.unique ? { uniqueItems: true } : {}) },
  validate: (o) => [
    IsArray(o),
    ...(bounds.min !== undefined ? [ArrayMinSize(bounds.min, o)] : []),
    ArrayMaxSize(bounds.max, o),
    ...(bounds.unique ? [ArrayUnique(undefined, o)] : []),
  ],
});

/** A nested body object (or, under `each`, every element of an array of them) validated as its class. */
export const nested = (type: () => Type<unknown>): Rule => ({
  // A thunk named `type` is how @nestjs/swagger recognises a lazily resolved class.
  schema: { type: () => type() },
  validate: (o) => [IsObject(o), ValidateNested(o), TransformTo(type)],
});

/**
 * A whole number in a query string. Only plain digits are converted, so `1e3`, `1.5` or `-1` stay
 * strings and fail `IsInt`; a number beyond `max` fails `Max`; an empty parameter counts as absent.
 */
export const wholeNumber = (bounds: { min: number; max: number }): Rule => ({
  schema: { type: 'integer', minimum: bounds.min, maximum: bounds.max },
  validate: (o) => [
    Transform(({ value }) => (value === '' ? undefined : typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value)),
    IsInt(o),
    Min(bounds.min, o),
    Max(bounds.max, o),
  ],
});

/** The largest position either store can hold (a signed 64-bit integer). */
export const MAX_POSITION = 2n ** 63n - 1n;

/** A global log position: a decimal string of digits (positions do not fit a JSON number), read as a bigint; empty counts as absent. */
export const position = (): Rule => {
  const pattern = /^\d{1,19}$/;
  return {
    schema: { type: 'string', pattern: pattern.source },
    validate: (o) => [
      // Both stores keep positions in 64 bits: a larger number names no position, and SQLite could not even bind it.
      Transform(({ value }) => (value === '' ? undefined : typeof value === 'string' && pattern.test(value) && BigInt(value) <= MAX_POSITION ? BigInt(value) : value)),
      ValidateBy(
        { name: 'isPosition', validator: { validate: (value) => typeof value === 'bigint', defaultMessage: () => `$property must be a position: a decimal string of digits, at most ${MAX_POSITION}` } },
        o,
      ),
    ],
  };
};
