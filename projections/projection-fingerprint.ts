import { createHash } from 'node:crypto';
import type { Projection } from './projection';

const fingerprints = new WeakMap<Projection, string>();

/**
 * A digest of what a projection writes, taken from its definition: name, collections, relations, indexes,
 * `canHandle`, the source of `evolve` and of everything it lists in `dependsOn` (functions and
 * classes by their source text, other values by their content). Read-model files record it, so
 * a projection whose definition changed is rebuilt from zero on the next start.
 *
 * Source text is what the running JavaScript says of itself (`Function.prototype.toString`).
 * Every way this project runs TypeScript (ts-node, ts-jest, the `tsc` build into `dist/`)
 * compiles one file at a time (`isolatedModules`) with the same compiler options, so the same
 * sources give the same text, and so the same fingerprint, in every one of them.
 */
export function projectionFingerprint(projection: Projection): string {
  let fingerprint = fingerprints.get(projection);
  if (fingerprint === undefined) {
    const definition = {
      name: projection.name,
      collections: projection.collections,
      relations: projection.relations,
      // Absent from projections without indexes, so their fingerprints are what they were.
      indexes: projection.indexes,
      canHandle: projection.canHandle,
      evolve: sourceOf(projection.evolve),
      dependsOn: Object.keys(projection.dependsOn)
        .sort()
        .map((name) => [name, sourceOf(projection.dependsOn[name])]),
    };
    fingerprint = createHash('sha256').update(JSON.stringify(definition)).digest('hex');
    fingerprints.set(projection, fingerprint);
  }
  return fingerprint;
}

/** Functions and classes as their source; plain values as their content, functions inside included. */
function sourceOf(value: unknown): string {
  if (typeof value === 'function') return Function.prototype.toString.call(value);
  if (Array.isArray(value)) return `[${value.map(sourceOf).join(',')}]`;
  if (value instanceof Set) return `Set${sourceOf([...value].sort())}`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${sourceOf((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return typeof value === 'bigint' ? `${value}n` : String(JSON.stringify(value));
}
