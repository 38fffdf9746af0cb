import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import schema from '../schema/EPCIS-JSON-Schema.json';

/** The first place a body breaks the EPCIS 2.0 JSON Schema: a JSON pointer and what is wrong there. */
export interface SchemaViolation {
  pointer: string;
  message: string;
}

let compiled: ValidateFunction | null = null;

/**
 * The official EPCIS 2.0 JSON Schema (draft-07, `src/epcis/schema/`), compiled once with ajv and
 * its formats (`uri`, `date-time`). It validates an EPCISDocument, or a single event with its
 * `@context`. Compiling takes a few hundred milliseconds, so the app does it at start-up.
 */
export function epcisValidator(): ValidateFunction {
  if (!compiled) {
    // strict: false, because the GS1 schema uses keywords beside `$ref` that draft-07 ignores.
    const ajv = new Ajv({ strict: false, allErrors: false });
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** Null when the value validates, else the first violation. */
export function firstSchemaViolation(value: unknown): SchemaViolation | null {
  const validate = epcisValidator();
  if (validate(value)) return null;
  return describe((validate.errors ?? [])[0]);
}

function describe(error: ErrorObject | undefined): SchemaViolation {
  if (!error) return { pointer: '', message: 'does not validate against the EPCIS 2.0 JSON Schema' };
  const missing = error.keyword === 'required' ? (error.params as { missingProperty?: string }).missingProperty : undefined;
  const pointer = missing !== undefined ? `${error.instancePath}/${escapePointer(missing)}` : error.instancePath;
  const message = missing !== undefined ? 'is required' : (error.message ?? 'is not valid');
  const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
  return { pointer, message: allowed ? `${message}: ${allowed.map((v) => JSON.stringify(v)).join(', ')}` : message };
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
