/**
 * The layers of src/ and what may import what (docs/architecture.md draws them). Checked by
 * `npm run lint:layers` and by test/unit/architecture.test.ts.
 *
 *   entry      main.ts, cli/                 start-up: may import everything
 *   transport  server/                       HTTP, WebSocket, schema assembly: imported by entry only
 *   importer   import/                       bulk import: stands on modules, never on transport
 *   modules    modules/<domain>/             the domains: stand on the core and the foundation; a module's
 *                                            import handler (<x>.import.ts) also on import/'s handler tools
 *   core       graphql/                      access roles, Context, look-ahead planner: the foundation only
 *                                            (types of the modules' registries aside)
 *   foundation common/, db/, realtime/, config.ts: nothing above them
 * @type {import('dependency-cruiser').IConfiguration}
 */
const FOUNDATION = '^src/(common|db|realtime)/|^src/config\\.ts$';
const ABOVE_FOUNDATION = '^src/(graphql|modules|import|server|cli)/|^src/main\\.ts$';
/** A module's import handler: the importer's part of a module (docs/architecture.md). */
const IMPORT_HANDLER = '^src/modules/[^/]+/[^/]+\\.import\\.ts$';
/** What an import handler is made with: the handler interface and tools, the records, the importer's Cypher. */
const HANDLER_TOOLS = '^src/import/(handler|records|import\\.repository)\\.ts$';

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
      comment: "modules/ never import server/ (transport), import/ (the importer) or the entry points (a module's import handler: below).",
      severity: 'error',
      from: { path: '^src/modules/', pathNot: IMPORT_HANDLER },
      to: { path: '^src/(server|import|cli)/|^src/main\\.ts$' },
    },
    {
      name: 'import-handlers-stand-on-the-handler-tools',
      comment:
        "A module's import handler (modules/<x>/<x>.import.ts) imports, of import/, only what a handler is made with " +
        '(handler.ts, records.ts, import.repository.ts), never the orchestration; and never server/ or the entry points.',
      severity: 'error',
      from: { path: IMPORT_HANDLER },
      to: { path: '^src/(server|import|cli)/|^src/main\\.ts$', pathNot: HANDLER_TOOLS },
    },
    {
      name: 'import-handlers-serve-the-importer',
      comment:
        "Only import/ (the orchestrator's list of handlers) imports a module's import handler: no service, resolver or other module.",
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/import/' },
      to: { path: IMPORT_HANDLER },
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
