// Parses Mermaid text from stdin with the real Mermaid parser and prints the diagram type, or
// exits 1 with the parser's message. Mermaid is ESM and wants a DOM, hence a child process and jsdom.
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import('mermaid');

let text = '';
for await (const chunk of process.stdin) text += chunk;
try {
  const { diagramType } = await mermaid.parse(text);
  process.stdout.write(diagramType);
} catch (error) {
  process.stderr.write(String(error?.message ?? error));
  process.exit(1);
}
