/**
 * The import table of docs/architecture.md ("Layout"), enforced: `npm test` runs
 * `npm run lint:layers`, which fails on an import the table does not allow. Tests (`*.spec.ts`)
 * and test helpers (`testing/` folders) may import anything, as test/, bench/ and scripts/ do.
 *
 * Each rule names a folder and what it may import besides itself, src/problems and npm packages.
 */

const TESTS = ['\\.spec\\.ts$', '/testing/'];

/** `from` may import only itself, `src/problems/` and `allowed` (path patterns) among our own files. */
function mayImport(name, from, allowed, comment) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: from, pathNot: TESTS },
    to: { dependencyTypesNot: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'core', 'unknown'], pathNot: [from, '^src/problems/', ...allowed] },
  };
}

const PORT = '^src/event-store/[^/]+\\.ts$';
const STORE = '^src/event-store/';

module.exports = {
  forbidden: [
    mayImport('problems-import-nothing', '^src/problems/', [], 'the catalogue of problem codes is the bottom layer'),
    mayImport('domain-is-pure', '^src/domain/', [], 'the domain imports nothing but itself and the problem catalogue'),
    {
      name: 'domain-without-platform',
      comment: 'no packages, no Node built-ins in the domain: it is tested with plain values',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: TESTS },
      to: { dependencyTypes: ['npm', 'npm-dev', 'core'] },
    },
    mayImport('store-port', '^src/event-store/[^/]+\\.ts$', ['^src/domain/', '^src/config/', '^src/event-store/(sqlite|kurrentdb)/'], 'the port, its errors and envelope; the factory opens an adapter'),
    mayImport('sqlite-store', '^src/event-store/sqlite/', [PORT], 'an adapter knows only the port'),
    mayImport('kurrentdb-store', '^src/event-store/kurrentdb/', [PORT], 'an adapter knows only the port'),
    mayImport('projections', '^projections/', ['^src/domain/', '^src/event-store/event-store\\.port\\.ts$'], 'pure definitions: the domain, and the port for types'),
    {
      name: 'projections-take-port-types-only',
      comment: 'projections use the store port for its types, never its code',
      severity: 'error',
      from: { path: '^projections/', pathNot: TESTS },
      to: { path: STORE, dependencyTypesNot: ['type-only'] },
    },
    mayImport('log-follower', '^src/log-follower/', [PORT], 'follows the log through the port'),
    mayImport('worker-threads', '^src/worker-threads/', [], 'starts a worker thread on a module of this project'),
    mayImport(
      'projection-runner',
      '^src/projection-runner/',
      [PORT, '^src/log-follower/', '^projections/', '^src/domain/', '^src/event-store/sqlite/log-pages\\.ts$', '^src/worker-threads/'],
      'feeds projections from the log; a rebuild from zero reads the embedded log by pages on a thread of its own',
    ),
    mayImport('provenance', '^src/provenance/', ['^projections/', '^src/projection-runner/', '^src/domain/', PORT], 'queries over the read models'),
    mayImport('integrity', '^src/integrity/', [PORT, '^src/log-follower/', '^src/worker-threads/'], 'the Merkle log over envelope JSON; an export verified on a thread of its own'),
    mayImport('dossier', '^src/dossier/', ['^src/(domain|provenance|integrity)/', STORE, '^projections/'], 'the tracing dossier: provenance answers, cited events and their inclusion proofs'),
    mayImport('access', '^src/access/', ['^src/domain/', '^src/ledger/'], 'bearer auth and reader rules'),
    mayImport('ledger', '^src/ledger/', ['^src/domain/', PORT], 'runs slices against the store'),
    mayImport('follower-thread', '^src/follower-thread/', [STORE, '^src/integrity/', '^src/provenance/', '^src/projection-runner/', '^projections/', '^src/log-follower/', '^src/domain/', '^src/epcis/query/', '^src/worker-threads/'], 'the followers in a worker thread'),
    mayImport(
      'epcis',
      '^src/epcis/',
      ['^src/(domain|event-store|log-follower|ledger|access|http|config|follower-thread)/', '^projections/ledger-event\\.ts$'],
      'EPCIS 2.0 capture and query: the write side through the ledger, the read side through its own index',
    ),
    mayImport(
      'http',
      '^src/http/',
      ['^src/domain/', '^src/event-store/(event-store\\.errors|payload-hash)\\.ts$', '^src/provenance/(provenance\\.errors|as-of)\\.ts$', '^src/integrity/integrity\\.errors\\.ts$'],
      'the HTTP edge: DTO fields, routes, problems, validation; error types of the layers it answers for',
    ),
    mayImport('use-cases', '^src/use-cases/', ['^src/(domain|event-store|projections|log-follower|projection-runner|provenance|integrity|dossier|access|ledger|follower-thread|http|config|epcis|screening|operations)/', '^projections/'], 'routes and handlers: everything above'),
    mayImport(
      'screening',
      '^src/screening/',
      ['^src/(domain|log-follower|ledger|config)/', PORT, '^projections/'],
      'the screening reactor: follows the log, reads the screening read models, writes through the use-case runner',
    ),
    mayImport(
      'cli',
      '^src/cli/',
      ['^src/(domain|event-store|log-follower|projection-runner|provenance|integrity|dossier|ledger|config)/', '^projections/', '^src/demo/ledger-client\\.ts$'],
      'the ledger binary: everything above but the HTTP service; `watchlist import` posts through the HTTP API as an integrator, with the demo client\'s transport',
    ),
    mayImport('demo', '^src/demo/', [], 'an integrator: it speaks the HTTP contract only, typed from the generated client'),
    {
      name: 'no-test-code-in-the-product',
      comment: 'the product never imports tests, benchmarks or scripts',
      severity: 'error',
      from: { path: '^(src|projections)/', pathNot: TESTS },
      to: { path: '^(test|bench|scripts)/' },
    },
    {
      name: 'no-circular',
      comment: 'a cycle of runtime imports makes two files one idea (type-only imports, e.g. a decider naming its command type, do not count)',
      severity: 'error',
      from: { pathNot: TESTS },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules', '^dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
