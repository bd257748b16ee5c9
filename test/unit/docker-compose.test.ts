import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES } from '../../src/config';

/** docker compose cannot run on these machines; this keeps the file honest by reading it. */
const root = path.join(__dirname, '..', '..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'));

describe('docker-compose.yml', () => {
  it('runs Neo4j 5.26 Community, Redis and the app', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'neo4j', 'redis']);
    expect(compose.services.neo4j.image).toBe('neo4j:5.26-community');
    expect(compose.services.neo4j.ports).toEqual(['127.0.0.1:7474:7474', '127.0.0.1:7687:7687']);
    expect(compose.services.redis.image).toMatch(/^redis:\d/);
    expect(compose.services.redis.ports).toEqual(['127.0.0.1:6379:6379']);
    expect(compose.services.app.build).toBe('.');
    expect(compose.services.app.ports).toEqual(['127.0.0.1:4000:4000']);
    expect(existsSync(path.join(root, 'Dockerfile'))).toBe(true);
  });

  it('publishes every port on the loopback address only: the dev sign-in, the written Neo4j password and a Redis without one stay off the network', () => {
    expect(compose.services.app.environment.NODE_ENV).toBe('development');
    for (const [name, service] of Object.entries(compose.services as Record<string, { ports?: string[] }>)) {
      for (const port of service.ports ?? []) expect([name, port.startsWith('127.0.0.1:')]).toEqual([name, true]);
    }
  });

  it('points the app at the neo4j and redis services with matching credentials', () => {
    const env = compose.services.app.environment;
    expect(env.NEO4J_URI).toBe('bolt://neo4j:7687');
    expect(env.REDIS_URL).toBe('redis://redis:6379');
    expect(env.HOST).toBe('0.0.0.0');
    expect(env.PORT).toBe('4000');
    const [user, password] = String(compose.services.neo4j.environment.NEO4J_AUTH).split('/');
    expect(env.NEO4J_USER).toBe(user);
    expect(env.NEO4J_PASSWORD).toBe(password);
    expect(compose.services.app.depends_on.neo4j.condition).toBe('service_healthy');
  });

  it('sets only variables the app reads', () => {
    for (const name of Object.keys(compose.services.app.environment)) expect(CONFIG_VARIABLES).toContain(name);
  });

  it('builds an image that runs the compiled server', () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toMatch(/RUN npm ci/);
    expect(dockerfile).toMatch(/CMD \["node", "dist\/src\/main.js"\]/);
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.start).toContain('node dist/src/main.js');
  });
});
