import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { AccessRole } from '../graphql/access';
import { mintToken } from '../server/auth';
import { seedId } from '../../seeds/load';
import { DEMO_ADMIN_KEY, demoData } from '../../seeds/demo-data';

const USAGE = `Mints a development bearer token.

  npm run token -- --employee <employee id> [--roles ANALYST,ADMIN] [--ttl 3600]
  npm run token -- --seed-key <seed key of a demo employee>
  npm run token                     (the seeded admin)

Without --roles, a demo employee gets its seeded roles and any other id gets VIEWER.
Refuses to run with NODE_ENV=production.`;

/** `npm run token`: prints a signed token for an employee (development and test only). */
async function run(): Promise<void> {
  const { values } = parseArgs({
    options: {
      employee: { type: 'string' },
      'seed-key': { type: 'string' },
      roles: { type: 'string' },
      ttl: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void process.stdout.write(USAGE + '\n');
  const config = loadConfig();
  if (config.env === 'production') throw new Error('npm run token is for development; production tokens come from your identity provider.');

  const seedKey = values['seed-key'] ?? (values.employee ? undefined : DEMO_ADMIN_KEY);
  const seeded = demoData.employees.find((e: { key: string }) =>
    seedKey ? e.key === seedKey : seedId('employee', e.key) === values.employee,
  );
  if (seedKey && !seeded) throw new Error(`No demo employee has the seed key '${seedKey}'.`);
  const employeeId = values.employee ?? seedId('employee', seeded!.key);

  const roles = values.roles
    ? values.roles.split(',').map((r: string) => r.trim().toUpperCase())
    : (seeded?.accessRoles ?? [AccessRole.VIEWER]);
  const bad = roles.filter((r) => !(Object.values(AccessRole) as string[]).includes(r));
  if (bad.length) throw new Error(`Unknown role(s) ${bad.join(', ')}; use ${Object.values(AccessRole).join(', ')}.`);
  const ttl = values.ttl ? Number(values.ttl) : undefined;
  if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 1)) throw new Error('--ttl must be a whole number of seconds.');

  process.stdout.write((await mintToken(config.jwt, employeeId, roles as AccessRole[], ttl)) + '\n');
}

run().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}\n`);
  process.exit(1);
});
