#!/usr/bin/env node
/**
 * What `npm test` needs besides Node, checked before any test runs:
 *
 * - Java 17+ and Maven, which run the local Neo4j of the integration and e2e tests (not needed
 *   when NEO4J_URI names a server);
 * - redis-server, which the e2e test of subscriptions shared through Redis starts;
 * - Chromium (CHROMIUM_PATH, default /usr/bin/chromium), which drives the workbench e2e tests.
 *
 * When something is missing and this runs as root on a machine with apt-get, it installs the
 * Debian packages as .ci/run does. Otherwise it stops before any test runs and prints the one
 * command that installs them. It never leaves tests out: `npm run test:unit` is the run that needs
 * nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** [what, Debian package, present?] */
const needs = () => [
  ['Java (runs the local Neo4j)', 'openjdk-17-jdk-headless', !!process.env.NEO4J_URI || has('java')],
  ['Maven (fetches the Neo4j jars)', 'maven', !!process.env.NEO4J_URI || has('mvn')],
  ['redis-server (subscriptions shared through Redis)', 'redis-server', has('redis-server')],
  [`Chromium at ${chromium} (workbench tests)`, 'chromium', existsSync(chromium)],
];
const missing = needs().filter(([, , present]) => !present);
if (missing.length === 0) process.exit(0);

const packages = missing.map(([, pkg]) => pkg);
const command = `apt-get update && apt-get install -y ${packages.join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
console.error(`npm test needs: ${missing.map(([what]) => what).join('; ')}.`);
if (isRoot && has('apt-get')) {
  console.error(`Installing ${packages.join(', ')} (${command})...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-q', ...packages], { stdio: 'inherit', env });
  } catch {
    console.error('The installation failed (see above); nothing was tested.');
    process.exit(1);
  }
  const still = needs().filter(([, , present]) => !present);
  if (still.length === 0) process.exit(0);
  console.error(`Still missing after the installation: ${still.map(([what]) => what).join('; ')}. Nothing was tested.`);
  process.exit(1);
}
console.error(
  `Nothing was tested. Install them first, as root: ${command}\n` +
    '(or point CHROMIUM_PATH at a Chromium, NEO4J_URI at a Neo4j 5). `npm run test:unit` needs none of them.',
);
process.exit(1);
