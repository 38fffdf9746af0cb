import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/**
 * class-validator looks up a class's checks on every `validate` call, for the body and for each
 * nested object: it walks every class that has checks (an `instanceof` test each, for inherited
 * ones), filters, de-duplicates and groups them by property. The checks of a class only change
 * while its decorators run, at import time, so the answer is kept per class and options here and
 * dropped whenever a check is added. The validation itself (every constraint, its messages and
 * contexts) is class-validator's, unchanged.
 */
export function cacheValidationMetadata(): void {
  const storage = getMetadataStorage() as unknown as MetadataStorageLike;
  if (CACHED.has(storage)) return;
  CACHED.add(storage);

  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let targets = new Map<unknown, Map<string, ValidationMetadata[]>>();
  let grouped = new WeakMap<ValidationMetadata[], Record<string, ValidationMetadata[]>>();

  storage.addValidationMetadata = (metadata) => {
    targets = new Map();
    grouped = new WeakMap();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    // A schema name (string validation) is rare here and cheap to key; groups are never used by the ledger.
    const key = `${schema ?? ''}\u0000${always ? 1 : 0}${strictGroups ? 1 : 0}\u0000${groups?.join('\u0000') ?? ''}`;
    let byOptions = targets.get(target);
    if (!byOptions) targets.set(target, (byOptions = new Map()));
    let found = byOptions.get(key);
    if (!found) byOptions.set(key, (found = lookUp(target, schema, always, strictGroups, groups)));
    return found;
  };
  storage.groupByPropertyName = (metadatas) => {
    let found = grouped.get(metadatas);
    if (!found) grouped.set(metadatas, (found = group(metadatas)));
    return found;
  };
}

const CACHED = new WeakSet<object>();

/** The three methods of class-validator's MetadataStorage this cache stands in front of. */
interface MetadataStorageLike {
  addValidationMetadata(metadata: ValidationMetadata): void;
  getTargetValidationMetadatas(target: unknown, schema: string, always: boolean, strictGroups: boolean, groups?: string[]): ValidationMetadata[];
  groupByPropertyName(metadatas: ValidationMetadata[]): Record<string, ValidationMetadata[]>;
}
