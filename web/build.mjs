// Builds the workbench into dist/web when its sources changed since the last build (or with
// --force): typed operations from schema/schema.graphql (GraphQL Code Generator), a type check,
// then Vite, and the workbench's trusted documents next to the page (dist/web/trusted-documents.json,
// which the server reads at start: the page sends its operations by id). `npm start` and `npm run build` call it, so a fresh clone needs nothing more.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(web);
const output = path.join(root, 'dist', 'web', 'index.html');
const force = process.argv.includes('--force');

/** Newest modification time (ms) of the files a build reads. */
function newest(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const name of readdirSync(entry)) {
    if (name === 'gql' || name === 'node_modules') continue;
    latest = Math.max(latest, newest(path.join(entry, name)));
  }
  return latest;
}

const inputs = [web, path.join(root, 'schema', 'schema.graphql'), path.join(root, 'package-lock.json')];
const built = existsSync(output) ? statSync(output).mtimeMs : 0;
if (!force && built > Math.max(...inputs.map(newest))) process.exit(0);

const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
// Each step's output is shown only when it fails (the code generator narrates every run).
// NODE_ENV=production whatever the caller's (npm start in development, jest in test): else Vite
// bundles React's development build.
const step = (label, script, args) => {
  process.stdout.write(`workbench: ${label}\n`);
  try {
    execFileSync(process.execPath, [script, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  } catch (e) {
    process.stderr.write(`${e.stdout ?? ''}${e.stderr ?? ''}\nworkbench: ${label} failed\n`);
    process.exit(1);
  }
};
step('typed operations from schema/schema.graphql', bin('@graphql-codegen/cli', 'esm/bin.js'), [
  '--config',
  'web/codegen.ts',
  '--errors-only',
]);
step('type check', bin('typescript', 'bin/tsc'), ['-p', 'web/tsconfig.json']);
step('bundle into dist/web', bin('vite', 'bin/vite.js'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
// After Vite, which empties dist/web first.
copyFileSync(path.join(web, 'src', 'gql', 'persisted-documents.json'), path.join(root, 'dist', 'web', 'trusted-documents.json'));
