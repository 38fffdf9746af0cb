import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import type { Projection } from './projection';
import { projectionFingerprint } from './projection-fingerprint';
import { provenanceProjections } from './provenance-projections';

const REPO = resolve(__dirname, '..');

describe('a projection fingerprint follows from its definition', () => {
  const [custody] = provenanceProjections;
  const fingerprint = (changes: Partial<Projection>) => projectionFingerprint({ ...custody, ...changes });

  it('is the same for the same definition, whatever object holds it', () => {
    expect(projectionFingerprint(custody)).toBe(projectionFingerprint(custody));
    expect(fingerprint({})).toBe(projectionFingerprint(custody));
    expect(new Set(provenanceProjections.map(projectionFingerprint)).size).toBe(provenanceProjections.length);
  });

  it.each<[string, Partial<Projection>]>([
    ['its name', { name: 'custody-graph-2' }],
    ['its collections', { collections: [...custody.collections, 'more'] }],
    ['its relations', { relations: [] }],
    ['its canHandle', { canHandle: custody.canHandle.filter((type) => type !== 'LotRetired') }],
    ['its evolve', { evolve: (state, event) => (event.type === 'LotRetired' ? state : custody.evolve(state, event)) }],
    ['a function it depends on', { dependsOn: { ...custody.dependsOn, subtract: function subtract() { return {}; } } }],
    ['a constant it depends on', { dependsOn: { ...custody.dependsOn, LOT_STREAM: 'lots/' } }],
    ['a function inside a constant it depends on', { dependsOn: { ...custody.dependsOn, streams: { ...(custody.dependsOn.streams as object), lot: (id: string) => `l-${id}` } } }],
    ['the list of what it depends on', { dependsOn: { ...custody.dependsOn, another: 'x' } }],
  ])('changes when %s changes', (_what, changes) => {
    expect(fingerprint(changes)).not.toBe(projectionFingerprint(custody));
  });

  it('comes out the same from ts-node as from ts-jest (one build, two ways of running it)', () => {
    // Coverage rewrites every function's source: only a plain run compares like with like.
    if ('__coverage__' in globalThis) return;
    const script = `const { provenanceProjections } = require('./projections/provenance-projections');
      const { projectionFingerprint } = require('./projections/projection-fingerprint');
      process.stdout.write(JSON.stringify(provenanceProjections.map(projectionFingerprint)));`;
    const fromTsNode = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: REPO, encoding: 'utf8' });

    expect(JSON.parse(fromTsNode)).toEqual(provenanceProjections.map(projectionFingerprint));
  });

  describe('dependsOn lists exactly what each evolve reaches outside itself', () => {
    const reached = reachedFromEvolve();

    it.each(provenanceProjections.map((p) => [p.name, p] as const))('%s', (name, projection) => {
      const found = reached.get(name);
      expect(found).toBeDefined();
      const namedInDefinition = new Set([...projection.collections, ...projection.relations]);
      const expected = [...found!].filter(([, value]) => value === undefined || !namedInDefinition.has(value)).map(([key]) => key);

      expect(Object.keys(projection.dependsOn).sort()).toEqual([...new Set(expected)].sort());
      for (const [key, value] of Object.entries(projection.dependsOn)) {
        if (typeof value === 'function') expect(`${key} is ${value.name}`).toBe(`${key} is ${key}`);
      }
    });
  });
});

/**
 * Per projection (by its `name`), the module-level functions, classes and constants of this
 * repository its `evolve` reaches, found with the TypeScript checker: through the bodies of the
 * functions and classes it reaches, not through constants' initializers (a constant's value is
 * taken whole). Each comes with its string value when it is a string constant.
 */
function reachedFromEvolve(): Map<string, Map<string, string | undefined>> {
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.projection.ts'))
    .map((f) => join(__dirname, f));
  const program = ts.createProgram(files, { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, esModuleInterop: true, noEmit: true, types: [] });
  const checker = program.getTypeChecker();
  const ownCode = (node: ts.Node) => {
    const file = relative(REPO, node.getSourceFile().fileName);
    return !file.startsWith('..') && !file.includes('node_modules');
  };
  const byProjection = new Map<string, Map<string, string | undefined>>();
  for (const file of files) {
    const source = program.getSourceFile(file)!;
    for (const literal of objectLiterals(source)) {
      const name = property(literal, 'name');
      const evolve = property(literal, 'evolve');
      if (!name || !evolve || !ts.isStringLiteral(name)) continue;
      const found = new Map<string, string | undefined>();
      const visited = new Set<ts.Node>();
      const walk = (node: ts.Node): void => {
        if (ts.isIdentifier(node)) {
          let symbol = checker.getSymbolAtLocation(node);
          if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
          for (const declaration of symbol?.declarations ?? []) {
            if (!ownCode(declaration) || !isModuleLevel(declaration) || visited.has(declaration)) continue;
            visited.add(declaration);
            if (ts.isFunctionDeclaration(declaration) || ts.isClassDeclaration(declaration)) {
              found.set(declaration.name!.text, undefined);
              walk(declaration);
            } else if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name)) {
              const init = declaration.initializer;
              found.set(declaration.name.text, init && ts.isStringLiteral(init) ? init.text : undefined);
              if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) walk(init);
            }
          }
        }
        ts.forEachChild(node, walk);
      };
      walk(evolve);
      byProjection.set(name.text, found);
    }
  }
  return byProjection;
}

function objectLiterals(node: ts.Node): ts.ObjectLiteralExpression[] {
  const found: ts.ObjectLiteralExpression[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isObjectLiteralExpression(n)) found.push(n);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

function property(literal: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of literal.properties) {
    if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name) return p.initializer;
  }
  return undefined;
}

function isModuleLevel(declaration: ts.Declaration): boolean {
  if (ts.isFunctionDeclaration(declaration) || ts.isClassDeclaration(declaration)) return ts.isSourceFile(declaration.parent);
  return ts.isVariableDeclaration(declaration) && ts.isVariableStatement(declaration.parent.parent) && ts.isSourceFile(declaration.parent.parent.parent);
}
