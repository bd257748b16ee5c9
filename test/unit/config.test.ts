import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_VARIABLES, ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('reads CI as CI systems set it: any value but false, 0 or no', () => {
    expect([undefined, 'true', '1', 'woodpecker', 'false', '0', 'No'].map((CI) => loadConfig({ CI }).ci)).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('has defaults for a development start with the local Neo4j', () => {
    const c = loadConfig({});
    expect(c).toEqual({
      env: 'development',
      events: { log: true, pollMs: 1000, retentionHours: 168 },
      webhooks: { timeoutMs: 10000, retryBaseMs: 10000, retryMaxMs: 3600000, retryForMs: 86400000, allowLoopback: true },
      cors: { origins: [], credentials: false },
      trustedDocuments: { files: [], only: false },
      host: '127.0.0.1',
      port: 4000,
      logLevel: 'info',
      neo4j: { kind: 'local', dataDir: '.neo4j/data', heap: '1g', pageCacheMb: 256, startTimeoutSeconds: 300, database: 'neo4j' },
      jwt: {
        secret: DEVELOPMENT_JWT_SECRET,
        issuer: 'rapport',
        audience: 'rapport-api',
        ttlSeconds: 43200,
        jwksUrl: undefined,
        algorithms: ['RS256'],
      },
      rateLimitPerMinute: 3000,
      webSocket: { connectionsPerIdentity: 50, connectionsPerAddress: 200, connectionInitsPerMinute: 300 },
      devSignInOrigins: ['http://127.0.0.1:5173', 'http://localhost:5173'],
      introspection: true,
      landingPage: true,
      seedOnEmpty: true,
      warmUpPlannerRounds: 5,
      warmUpSeconds: 60,
      ci: false,
      redisUrl: undefined,
      analyticsCacheSeconds: 30,
      healthRefreshSeconds: 3600,
      learning: {
        recentDays: 90,
        falseDiscoveryRate: 0.05,
        emergingMinCustomers: 5,
        emergingMinGrowth: 2,
        togetherMinConfidence: 0.6,
        togetherMinLift: 2,
        togetherMinCustomers: 10,
        declineBaselineDays: 365,
        declineMinDrop: 0.5,
        declineMinInteractions: 3,
        gapMinInteractions: 20,
        gapAtMost: -1,
        singleThreadedPercentile: 0.8,
        singleThreadedDays: 365,
      },
      deletion: { retentionDays: 30, purgeIntervalMinutes: 60 },
    });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.neo4j)).toBe(true);
  });

  it("reads the WebSocket limits (0 turns one off) and the development sign-in's further origins", () => {
    const c = loadConfig({
      WS_CONNECTIONS_PER_IDENTITY: '5',
      WS_CONNECTIONS_PER_ADDRESS: '0',
      WS_CONNECTION_INITS_PER_MINUTE: '12',
      DEV_SIGN_IN_ORIGINS: 'http://LocalHost:8080, https://dev.example/',
    });
    expect(c.webSocket).toEqual({ connectionsPerIdentity: 5, connectionsPerAddress: 0, connectionInitsPerMinute: 12 });
    expect(c.devSignInOrigins).toEqual(['http://localhost:8080', 'https://dev.example']);
    expect(Object.isFrozen(c.webSocket)).toBe(true);
    expect(() => loadConfig({ WS_CONNECTIONS_PER_IDENTITY: '-1' })).toThrow(/WS_CONNECTIONS_PER_IDENTITY: /);
    expect(() => loadConfig({ WS_CONNECTION_INITS_PER_MINUTE: 'lots' })).toThrow(/WS_CONNECTION_INITS_PER_MINUTE: /);
    for (const bad of [
      'localhost:5173',
      'http://dev.example/path',
      'ftp://dev.example',
      'http://user:pw@dev.example',
      'http://a.example,',
      'http://dev.example?x=1',
    ]) {
      expect(() => loadConfig({ DEV_SIGN_IN_ORIGINS: bad })).toThrow(/DEV_SIGN_IN_ORIGINS: must be a comma-separated list of origins/);
    }
  });

  it('reads the origins allowed to call from a browser (none by default) and whether they may send credentials', () => {
    expect(loadConfig({}).cors).toEqual({ origins: [], credentials: false });
    expect(loadConfig({ CORS_ORIGINS: 'https://App.example, http://127.0.0.1:5173/', CORS_CREDENTIALS: 'true' }).cors).toEqual({
      origins: ['https://app.example', 'http://127.0.0.1:5173'],
      credentials: true,
    });
    for (const bad of ['*', 'https://app.example/path', 'app.example', 'https://app.example,', 'null']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(/CORS_ORIGINS: must be a comma-separated list of origins/);
    }
    expect(() => loadConfig({ CORS_CREDENTIALS: 'maybe' })).toThrow(/CORS_CREDENTIALS: /);
  });

  it("reads the retention of deleted records and the purge interval (0 turns the server's purge off)", () => {
    expect(loadConfig({ DELETED_RETENTION_DAYS: '7', PURGE_INTERVAL_MINUTES: '0' }).deletion).toEqual({
      retentionDays: 7,
      purgeIntervalMinutes: 0,
    });
    expect(() => loadConfig({ DELETED_RETENTION_DAYS: '-1' })).toThrow(/DELETED_RETENTION_DAYS: /);
    expect(() => loadConfig({ PURGE_INTERVAL_MINUTES: 'hourly' })).toThrow(/PURGE_INTERVAL_MINUTES: /);
  });

  it('uses a given Neo4j server', () => {
    const c = loadConfig({ NEO4J_URI: 'neo4j+s://x.databases.example', NEO4J_USER: 'u', NEO4J_PASSWORD: 'p', NEO4J_DATABASE: 'crm' });
    expect(c.neo4j).toEqual({ kind: 'remote', uri: 'neo4j+s://x.databases.example', user: 'u', password: 'p', database: 'crm' });
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', NEO4J_URI: 'http://nope', SEED_ON_EMPTY: 'maybe' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', NEO4J_URI: 'http://nope', SEED_ON_EMPTY: 'maybe' });
    } catch (e) {
      const message = (e as Error).message;
      expect(message).toMatch(/^Invalid configuration:/);
      expect(message).toMatch(/PORT: /);
      expect(message).toMatch(/NEO4J_URI: must be a neo4j:\/\/, neo4j\+s:\/\/, bolt:\/\/ or bolt\+s:\/\/ URI/);
      expect(message).toMatch(/SEED_ON_EMPTY: /);
    }
  });

  it('refuses a production start without a secret of its own', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: must be set to your own secret/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: DEVELOPMENT_JWT_SECRET })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: must be at least 32 characters/);
    const prod = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-real-secret-of-more-than-32-chars!' });
    expect([prod.env, prod.introspection, prod.landingPage]).toEqual(['production', false, false]);
    const idp = loadConfig({
      NODE_ENV: 'production',
      JWT_JWKS_URL: 'https://id.example/.well-known/jwks.json',
      JWT_ALGORITHMS: 'RS256,ES256',
    });
    expect(idp.jwt).toMatchObject({ jwksUrl: 'https://id.example/.well-known/jwks.json', algorithms: ['RS256', 'ES256'] });
    expect(() => loadConfig({ JWT_ALGORITHMS: 'HS256' })).toThrow(/JWT_ALGORITHMS: must be a comma-separated list/);
  });
});

it('is documented: docs/configuration.md lists every variable', () => {
  const readme = readFileSync(path.join(__dirname, '..', '..', 'docs', 'configuration.md'), 'utf8');
  const undocumented = CONFIG_VARIABLES.filter((v) => !readme.includes(`| \`${v}\` |`));
  expect(undocumented).toEqual([]);
});
