/**
 * The layers of src/ and what may import what (docs/architecture.md draws them). Checked by
 * `npm run lint:layers` and by test/unit/architecture.test.ts.
 *
 *   entry      main.ts, cli/                 start-up: may import everything
 *   transport  server/                       HTTP, WebSocket, schema assembly: imported by entry only
 *   importer   import/                       bulk import: stands on modules, never on transport
 *   modules    modules/<domain>/             the domains: stand on the core and the foundation
 *   core       graphql/                      access roles, Context, look-ahead planner: the foundation only
 *                                            (types of the modules' registries aside)
 *   foundation common/, db/, realtime/, config.ts: nothing above them
 * @type {import('dependency-cruiser').IConfiguration}
 */
const FOUNDATION = '^src/(common|db|realtime)/|^src/config\\.ts$';
const ABOVE_FOUNDATION = '^src/(graphql|modules|import|server|cli)/|^src/main\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'foundation-stands-alone',
      comment: 'common/, db/, realtime/ and config.ts import nothing from the layers above them.',
      severity: 'error',
      from: { path: FOUNDATION },
      to: { path: ABOVE_FOUNDATION },
    },
    {
      name: 'core-stands-on-the-foundation',
      comment:
        'graphql/ (the core the modules stand on) imports only the foundation; it may name the types of the ' +
        "modules' registries (modules/services.ts, modules/loaders.ts) in the Context type, never import a module at run time.",
      severity: 'error',
      from: { path: '^src/graphql/' },
      to: { path: '^src/(modules|import|server|cli)/|^src/main\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'core-names-only-the-registries',
      comment: 'The only module files the core may name (as types) are the registries.',
      severity: 'error',
      from: { path: '^src/graphql/' },
      to: { path: '^src/modules/', pathNot: '^src/modules/(services|loaders)\\.ts$' },
    },
    {
      name: 'modules-are-no-transport',
      comment: 'modules/ never import server/ (transport), import/ (the importer) or the entry points.',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^src/(server|import|cli)/|^src/main\\.ts$' },
    },
    {
      name: 'importer-is-no-transport',
      comment: 'import/ stands on the modules, never on server/ or the entry points.',
      severity: 'error',
      from: { path: '^src/import/' },
      to: { path: '^src/(server|cli)/|^src/main\\.ts$' },
    },
    {
      name: 'transport-is-imported-by-entry-only',
      comment: 'server/ is start-up and transport: only main.ts, cli/ and server/ itself import it.',
      severity: 'error',
      from: { pathNot: '^src/(server|cli)/|^src/main\\.ts$' },
      to: { path: '^src/server/' },
    },
    {
      name: 'no-circular-at-run-time',
      comment: 'No file imports itself back at run time (type-only imports aside).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
