import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { buildDist } from '../helpers/process';

/**
 * `npm run token` as the README has a newcomer run it: the built command prints a signed token. It
 * crashed with type-graphql's ReflectMetadataMissingError from issue 25 on (its imports reach a type
 * class before anything loaded reflect-metadata), and no test ran the command itself.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const token = (...args: string[]) =>
  execFileSync(process.execPath, [path.join(ROOT, 'dist', 'src', 'cli', 'token.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development' },
    encoding: 'utf8',
  });

beforeAll(() => buildDist(), 300_000);

describe('npm run token', () => {
  it('prints its usage', () => {
    expect(token('--help')).toContain('Mints a development bearer token.');
  });

  it('mints a token for the seeded admin, and for any employee id with the roles asked', () => {
    const [header, payload] = token().trim().split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString()).alg).toBeDefined();
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString()).roles).toContain('ADMIN');
    const other = JSON.parse(Buffer.from(token('--employee', 'e-0001', '--roles', 'ADMIN,ANALYST').split('.')[1], 'base64url').toString());
    expect(other).toMatchObject({ sub: 'e-0001', roles: ['ADMIN', 'ANALYST'] });
  });
});
