import { instance, type Viz } from '@viz-js/viz';
import { toDot } from './dot';
import type { ProvenanceGraph } from './provenance-graph';

let viz: Promise<Viz> | null = null;

/**
 * The graph drawn as SVG on the server (what `format=svg` returns), by Graphviz compiled to
 * WebAssembly (@viz-js/viz): no system binary, the same drawing on every machine. The WebAssembly
 * module is instantiated once, on the first drawing.
 */
export async function toSvg(graph: ProvenanceGraph): Promise<string> {
  viz ??= instance();
  return (await viz).renderString(toDot(graph), { format: 'svg', engine: 'dot' });
}
