import type { Type } from '@nestjs/common';
import { COUNTRY_PATTERN, ID_PATTERN, SHA256_PATTERN } from '../../domain/command-fields';
import { CANONICAL_KG_PATTERN, MINERAL_NAME_MAX, MINERAL_NAME_PATTERN } from '../../domain/mass';
import { field, type FieldDoc } from './field';
import { each } from './rule';
import { array, checkedByDomain, isDefined, isObject, iso3166Alpha2, isString, matches, maxLength, nested, notBlank, notEmpty, oneOf, rfc3339 } from './rules';

/*
 * One decorator per kind of request field. Each applies the class-validator checks and the
 * matching OpenAPI keywords from the same rules; the patterns are the domain's own.
 */

type Doc = Omit<FieldDoc, 'example'> & { example: unknown };

/** Longest short text (names, references) and longest free text (descriptions, notes). */
export const SHORT_TEXT_MAX = 200;
export const LONG_TEXT_MAX = 2000;
export const ID_MAX = 128;

/**
 * Ids of lots, parties, facilities, shipments, transformations, flags and certifications: letters,
 * digits and `. _ : -`, starting with a letter or digit, up to 128 characters. Ids end up in stream
 * names, URLs and file exports, so nothing else is let in.
 */
export const idRules = () => [
  isString(),
  maxLength(ID_MAX),
  matches(ID_PATTERN, '$property must be 1-128 letters, digits or . _ : - starting with a letter or digit'),
];

export function IdField(doc: Doc): PropertyDecorator {
  return field(doc, ...idRules());
}

export function TextField(doc: Doc & { max?: number }): PropertyDecorator {
  return field(doc, isString(), notEmpty(), notBlank(), maxLength(doc.max ?? SHORT_TEXT_MAX));
}

/** ISO 3166-1 alpha-2, in capitals as the domain keeps countries. */
export function CountryField(doc: Doc): PropertyDecorator {
  return field(doc, iso3166Alpha2(), checkedByDomain({ pattern: COUNTRY_PATTERN.source }));
}

/** An RFC 3339 date-time with a time zone. */
export function TimeField(doc: Doc): PropertyDecorator {
  return field(doc, rfc3339());
}

/** Lowercase hex SHA-256 of a document the ledger does not hold. */
export function Sha256Field(doc: Doc): PropertyDecorator {
  return field(doc, matches(SHA256_PATTERN, '$property must be 64 lowercase hex digits'));
}

/**
 * Decimal-string kilograms. Only presence is checked here: the domain parses the value, and a mass
 * in the wrong unit or out of range breaks a rule (422) rather than the request's shape (400). The
 * documented pattern is the domain parser's.
 */
export function MassKgField(doc: Doc): PropertyDecorator {
  return field(
    { ...doc, description: `${doc.description} (decimal string of kilograms, more than 0, at most 3 decimals)` },
    isDefined(),
    checkedByDomain({ type: 'string', pattern: CANONICAL_KG_PATTERN.source }),
  );
}

/** Contained kilograms per critical mineral; names and masses are checked by the domain parser. */
export function CompositionField(doc: Doc): PropertyDecorator {
  return field(
    { description: 'contained mass of each critical mineral, decimal-string kilograms, keyed by its lowercase name as on the Annex (at most 64 characters)', ...doc },
    isObject(),
    checkedByDomain({ additionalProperties: { type: 'string', pattern: CANONICAL_KG_PATTERN.source } }),
  );
}

/** Mineral names as the Annex lists them: lowercase words joined by hyphens. */
export function MineralListField(doc: Doc): PropertyDecorator {
  return field(
    doc,
    array({ max: 100, unique: true }),
    each(maxLength(MINERAL_NAME_MAX)),
    each(matches(MINERAL_NAME_PATTERN, 'each mineral must be a lowercase name like "lithium" or "rare-earths"')),
  );
}

/** One of a domain list, published as a named enum. */
export function EnumField(values: readonly string[], enumName: string, doc: Doc): PropertyDecorator {
  return field(doc, oneOf(values, enumName));
}

export function EnumListField(values: readonly string[], enumName: string, doc: Doc): PropertyDecorator {
  return field(doc, array({ min: 1, max: values.length, unique: true }), each(oneOf(values, enumName)));
}

export function NestedField(type: () => Type<unknown>, doc: Omit<FieldDoc, 'example'>): PropertyDecorator {
  return field(doc, nested(type));
}

export function NestedListField(type: () => Type<unknown>, doc: Omit<FieldDoc, 'example'> & { min?: number; max: number }): PropertyDecorator {
  return field(doc, array({ min: doc.min, max: doc.max }), each(nested(type)));
}
