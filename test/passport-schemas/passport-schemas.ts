import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ErrorObject } from 'ajv';

/* The published passport schemas kept in this folder (see README.md), compiled for the parts the ledger answers. */

const read = (file: string) => JSON.parse(readFileSync(join(__dirname, file), 'utf8')) as Record<string, unknown>;

/** Draft-04 Ajv for the SAMM-generated schemas; `x-samm-aspect-model-urn` is an annotation. */
function draft04() {
  const ajv = new AjvDraft04({ allErrors: true, strict: true });
  addFormats(ajv);
  ajv.addKeyword('x-samm-aspect-model-urn');
  // The SAMM generator keeps its definitions under OpenAPI's components/schemas, a container, not a keyword.
  ajv.addKeyword('components');
  return ajv;
}

const catenax = draft04();
catenax.addSchema(read('catenax-BatteryPass-6.1.0-active-materials.schema.json'), 'catenax');
const batterypass = draft04();
batterypass.addSchema(read('batterypass-1.2.0-recycled-content-and-due-diligence.schema.json'), 'batterypass');
// UNTP puts `minContains` inside each `contains`, where it constrains nothing; strict mode would refuse to compile that, so its remarks are not raised (nor printed).
const untp = new Ajv2020({ allErrors: true, strict: 'log', logger: false, formats: { float: true, binary: true } });
addFormats(untp);
untp.addKeyword('x-external-enumeration');

const validators = {
  /** Catena-X BatteryPass 6.1.0, `materials.active`. */
  catenaxActiveMaterials: catenax.getSchema('catenax#/components/schemas/ActiveMaterialsCharacteristic')!,
  /** Battery Pass 1.2.0 Circularity `recycledContent`. */
  batterypassRecycledContent: batterypass.getSchema('batterypass#/components/schemas/RecycledContentList')!,
  /** Battery Pass 1.2.0 `SupplyChainDueDiligence`. */
  batterypassDueDiligence: batterypass.getSchema('batterypass#/components/schemas/SupplyChainDueDiligence')!,
  /** UNTP `ProductPassport`. */
  untpProductPassport: untp.compile(read('untp-ProductPassport-schema.json')),
};

/** The schema's errors for `value`, as readable lines; empty when it validates. */
export function schemaErrors(schema: keyof typeof validators, value: unknown): string[] {
  const validate = validators[schema];
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
}
