import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import schema from '../EPCIS-JSON-Schema.json';

/**
 * The official EPCIS 2.0 JSON Schema (`../EPCIS-JSON-Schema.json`) compiled once, with its formats
 * (`uri`, `date-time`) checked: what tests hold every rendered event and document to.
 */
const validate = (() => {
  // Not strict: the schema is GS1's, written for draft-07 validators at large, and is kept unchanged.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
})();

/** The schema's complaints about a document or event, as `pointer: message` lines; empty when it is valid. */
export function officialSchemaErrors(document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'}: ${error.message ?? 'invalid'}`);
}
