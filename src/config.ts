import { z } from 'zod';

/**
 * Every environment variable Rapport reads, parsed and checked in one place. Nothing else in
 * the code reads `process.env`: it asks for a {@link Config}.
 */

/** The development signing secret. A production start refuses to run with it. */
export const DEVELOPMENT_JWT_SECRET = 'rapport-development-secret-do-not-use-in-production';

const booleanString = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A comma-separated list of origins (scheme, host and port; no path), each as `URL.origin` writes it; empty: none. */
const originList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const origins: string[] = [];
      if (v.trim() === '') return origins;
      for (const given of v.split(',').map((o) => o.trim())) {
        const url = URL.canParse(given) ? new URL(given) : null;
        if (
          !url ||
          !/^https?:$/.test(url.protocol) ||
          url.pathname !== '/' ||
          url.search ||
          url.hash ||
          url.username ||
          url.password ||
          given.includes('?')
        ) {
          ctx.addIssue({
            code: 'custom',
            message: 'must be a comma-separated list of origins such as http://127.0.0.1:5173 (scheme, host and port; no path)',
          });
          return z.NEVER;
        }
        origins.push(url.origin);
      }
      return origins;
    });

const variables = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  NEO4J_URI: z
    .string()
    .regex(/^(neo4j|bolt)(\+s|\+ssc)?:\/\/.+/, 'must be a neo4j://, neo4j+s://, bolt:// or bolt+s:// URI')
    .optional(),
  NEO4J_USER: z.string().min(1).default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
  NEO4J_DATABASE: z.string().min(1).default('neo4j'),
  NEO4J_LOCAL_DATA_DIR: z.string().min(1).default('.neo4j/data'),
  NEO4J_LOCAL_HEAP: z
    .string()
    .regex(/^\d+[mMgG]$/, 'must look like 512m or 1g')
    .default('1g'),
  NEO4J_LOCAL_PAGECACHE_MB: z.coerce.number().int().min(32).max(16384).default(256),
  NEO4J_LOCAL_START_TIMEOUT_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),

  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ISSUER: z.string().min(1).default('rapport'),
  JWT_AUDIENCE: z.string().min(1).default('rapport-api'),
  JWT_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(31 * 24 * 3600)
    .default(12 * 3600),

  JWT_JWKS_URL: z.string().url('must be an https:// (or http:// on loopback) URL of a JSON Web Key Set').optional(),
  JWT_ALGORITHMS: z
    .string()
    .regex(/^(RS|PS|ES)(256|384|512)(,(RS|PS|ES)(256|384|512))*$/, 'must be a comma-separated list such as RS256,ES256')
    .default('RS256'),

  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(3000),
  // WebSocket connections: open at once per identity (token subject) and per client address, and
  // connection_init messages per address per minute; 0 turns each off.
  WS_CONNECTIONS_PER_IDENTITY: z.coerce.number().int().min(0).max(1_000_000).default(50),
  WS_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(0).max(1_000_000).default(200),
  WS_CONNECTION_INITS_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(300),
  // Further origins whose pages may use the development sign-in (besides this server's own address).
  DEV_SIGN_IN_ORIGINS: originList('http://127.0.0.1:5173,http://localhost:5173'),
  // Origins whose pages may call the API from a browser (CORS); none by default. Credentials (cookies,
  // HTTP authentication) only when CORS_CREDENTIALS is true: tokens go in the Authorization header.
  CORS_ORIGINS: originList(''),
  CORS_CREDENTIALS: booleanString.default(false),
  // Trusted documents (docs/security.md): manifest files of operations clients may send by id, and
  // whether other operations are refused (for callers who are not ADMIN).
  TRUSTED_DOCUMENTS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((f) => f.trim())
        .filter((f) => f !== ''),
    ),
  TRUSTED_DOCUMENTS_ONLY: booleanString.default(false),
  GRAPHQL_INTROSPECTION: booleanString.optional(),
  GRAPHQL_LANDING_PAGE: booleanString.optional(),

  SEED_ON_EMPTY: booleanString.default(true),
  // Set by CI systems, often to a word of their own: anything but false/0/no means "in CI".
  CI: z
    .string()
    .optional()
    .transform((v) => v !== undefined && !['false', '0', 'no'].includes(v.toLowerCase())),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, 'must be a redis:// or rediss:// URL')
    .optional(),
  // The event log: how long it keeps events (subscriptions resume within it), and the longest wait
  // between two reads of it when no notice says it moved.
  EVENT_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 366)
    .default(7 * 24),
  EVENT_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  // false records no event at all (no live updates, no webhooks): only for measuring what the log costs (npm run bench:live).
  EVENT_LOG: booleanString.default(true),

  // Webhooks (docs/webhooks.md): how long a receiver has to answer one delivery, the ceiling of the first retry's delay
  // and the longest delay (exponential backoff with full jitter), and how long a delivery is retried before its endpoint is paused.
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(10_000),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(10_000),
  WEBHOOK_RETRY_MAX_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3_600_000)
    .default(3_600_000),
  WEBHOOK_RETRY_FOR_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(24 * 3600),

  ANALYTICS_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  // At start, how long the server may spend running the workbench's first pages before /readyz says ready (0: no warm-up).
  WARM_UP_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  // After the first pages, rounds of planning their statements again (EXPLAIN, replan forced), within WARM_UP_SECONDS (0: none).
  WARM_UP_PLANNER_ROUNDS: z.coerce.number().int().min(0).max(50).default(5),
  // Seconds between the server's recomputations of every customer's stored health (0: never).
  HEALTH_REFRESH_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600)
    .default(3600),

  // Soft deletion: how long deleted records can be restored, and how often the server purges them (0: never; npm run purge does).
  DELETED_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  PURGE_INTERVAL_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),

  // Insight mining (npm run learn, runLearning): thresholds of the miners.
  LEARN_RECENT_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  LEARN_FALSE_DISCOVERY_RATE: z.coerce.number().gt(0).lt(1).default(0.05),
  LEARN_EMERGING_MIN_CUSTOMERS: z.coerce.number().int().min(1).default(5),
  LEARN_EMERGING_MIN_GROWTH: z.coerce.number().min(1).default(2),
  LEARN_TOGETHER_MIN_CONFIDENCE: z.coerce.number().gt(0).max(1).default(0.6),
  LEARN_TOGETHER_MIN_LIFT: z.coerce.number().min(1).default(2),
  LEARN_TOGETHER_MIN_CUSTOMERS: z.coerce.number().int().min(1).default(10),
  LEARN_DECLINE_BASELINE_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  LEARN_DECLINE_MIN_INTERACTIONS: z.coerce.number().int().min(1).default(3),
  LEARN_DECLINE_MIN_DROP: z.coerce.number().gt(0).max(2).default(0.5),
  LEARN_GAP_MIN_INTERACTIONS: z.coerce.number().int().min(1).default(20),
  LEARN_GAP_AT_MOST: z.coerce.number().min(-4).max(0).default(-1),
  LEARN_SINGLE_THREADED_PERCENTILE: z.coerce.number().min(0).max(1).default(0.8),
  LEARN_SINGLE_THREADED_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
});

/** The names of every environment variable Rapport reads. */
export const CONFIG_VARIABLES: readonly string[] = Object.freeze(Object.keys(variables.shape));

const schema = variables.superRefine((env, ctx) => {
  if (env.NODE_ENV === 'production' && !env.JWT_JWKS_URL && (!env.JWT_SECRET || env.JWT_SECRET === DEVELOPMENT_JWT_SECRET)) {
    ctx.addIssue({
      code: 'custom',
      path: ['JWT_SECRET'],
      message: 'must be set to your own secret (32+ characters) when NODE_ENV=production, unless JWT_JWKS_URL names your identity provider',
    });
  }
  if (env.TRUSTED_DOCUMENTS_ONLY && env.TRUSTED_DOCUMENTS.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['TRUSTED_DOCUMENTS_ONLY'],
      message: 'needs TRUSTED_DOCUMENTS: name the manifest file(s) of the operations your clients may run',
    });
  }
  if (env.WEBHOOK_RETRY_MAX_MS < env.WEBHOOK_RETRY_BASE_MS) {
    ctx.addIssue({ code: 'custom', path: ['WEBHOOK_RETRY_MAX_MS'], message: 'must be at least WEBHOOK_RETRY_BASE_MS' });
  }
});

/** Where the graph lives: a given server, or the project's own local Neo4j. */
export type Neo4jTarget =
  | { kind: 'remote'; uri: string; user: string; password: string; database: string }
  | { kind: 'local'; dataDir: string; heap: string; pageCacheMb: number; startTimeoutSeconds: number; database: string };

export interface Config {
  readonly env: 'development' | 'test' | 'production';
  readonly host: string;
  readonly port: number;
  readonly logLevel: string;
  readonly neo4j: Readonly<Neo4jTarget>;
  /**
   * Token checks: HS256 with `secret` (development, tests, `npm run token`), or, when `jwksUrl` is
   * set, the identity provider's key set with the pinned `algorithms`.
   */
  readonly jwt: Readonly<{
    secret: string;
    issuer: string;
    audience: string;
    ttlSeconds: number;
    jwksUrl?: string;
    algorithms: readonly string[];
  }>;
  /** Requests per minute per identity (employee, or address when anonymous); 0 turns it off. */
  readonly rateLimitPerMinute: number;
  /**
   * WebSocket limits: connections open at once per identity (the token's subject) and per client
   * address, and `connection_init` messages per address per minute; 0 turns each off.
   */
  readonly webSocket: Readonly<{ connectionsPerIdentity: number; connectionsPerAddress: number; connectionInitsPerMinute: number }>;
  /**
   * Origins (`http://host:port`, lower case) whose pages may use the development sign-in besides
   * this server's own address: by default the workbench's dev server (`npm run dev:web`).
   */
  readonly devSignInOrigins: readonly string[];
  /** Browser pages of these origins may call the API (CORS), with credentials only when `credentials`. */
  readonly cors: Readonly<{ origins: readonly string[]; credentials: boolean }>;
  /**
   * Trusted documents: the manifest files given (paths as given, read at start), and whether
   * operations that are in none of them are refused for callers who are not ADMIN. No files:
   * automatic persisted queries instead (the workbench's own manifest is trusted either way).
   */
  readonly trustedDocuments: Readonly<{ files: readonly string[]; only: boolean }>;
  /** Introspection and the Sandbox landing page (default: on outside production). */
  readonly introspection: boolean;
  readonly landingPage: boolean;
  readonly seedOnEmpty: boolean;
  /** Running in CI: command-line tools print plain progress lines instead of progress bars. */
  readonly ci: boolean;
  readonly redisUrl: string | undefined;
  /** The event log: retention in hours and the longest wait between reads of it, in ms. */
  readonly events: { retentionHours: number; pollMs: number; log: boolean };
  /** Webhooks: delivery timeout, retries, and which addresses may be registered (see {@link WebhookConfig}). */
  readonly webhooks: WebhookConfig;
  /** How long answers of the analytics across customers are cached; 0: not at all. */
  readonly analyticsCacheSeconds: number;
  /**
   * Seconds between the server's recomputations of every customer's stored health snapshot
   * (health decays with time alone; see src/modules/analytics/health-snapshot.ts); 0: never.
   */
  readonly healthRefreshSeconds: number;
  /** At start, the longest the warm-up (src/server/warm-up.ts) runs before /readyz says ready, seconds; 0: no warm-up. */
  readonly warmUpSeconds: number;
  /** The warm-up's rounds of planning its statements again (src/server/warm-up.ts, PLANNER_ROUNDS); 0: none. */
  readonly warmUpPlannerRounds: number;
  /** Thresholds of the insight miners (see src/modules/learning/miners.ts). */
  readonly learning: LearningConfig;
  /**
   * Soft deletion: days a deleted record can be restored before the purge deletes it for good, and
   * minutes between the server's purges (0: the server does not purge; `npm run purge` does).
   */
  readonly deletion: Readonly<{ retentionDays: number; purgeIntervalMinutes: number }>;
}

/** How webhooks are delivered (src/modules/webhook, docs/webhooks.md). */
export interface WebhookConfig {
  /** How long a receiver has to answer one delivery (connection, answer and the first 1 KB of its body), in ms. Default 10,000. */
  readonly timeoutMs: number;
  /** The ceiling of the first retry's delay, in ms; it doubles with every failed attempt (full jitter: the delay is drawn from 0 to the ceiling). Default 10,000. */
  readonly retryBaseMs: number;
  /** The highest ceiling of a retry's delay, in ms. Default 3,600,000 (1 h). */
  readonly retryMaxMs: number;
  /** How long after its first attempt a delivery is retried; then it is FAILED and its endpoint paused, in ms. Default 24 h. */
  readonly retryForMs: number;
  /**
   * Development and test only (NODE_ENV other than production): `http://` URLs and loopback
   * addresses (127.0.0.0/8, ::1, localhost) may be registered. Private, link-local and other
   * internal addresses are refused everywhere.
   */
  readonly allowLoopback: boolean;
}

export interface LearningConfig {
  /** Length of the recent window (and of the window before it, for emerging needs), in days. */
  readonly recentDays: number;
  /**
   * The false discovery rate each miner keeps across the candidates it tests in one run
   * (Benjamini-Hochberg): of the patterns it proposes, at most this share are expected to be chance.
   */
  readonly falseDiscoveryRate: number;
  readonly emergingMinCustomers: number;
  readonly emergingMinGrowth: number;
  readonly togetherMinConfidence: number;
  readonly togetherMinLift: number;
  /** However small the customer base, a pair needs this many customers holding both. */
  readonly togetherMinCustomers: number;
  readonly declineBaselineDays: number;
  readonly declineMinInteractions: number;
  readonly declineMinDrop: number;
  readonly gapMinInteractions: number;
  readonly gapAtMost: number;
  readonly singleThreadedPercentile: number;
  readonly singleThreadedDays: number;
}

/** Thrown when the environment is invalid; its message names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment (by default `process.env`) into a frozen {@link Config}.
 * Empty strings count as unset. Throws {@link ConfigError} naming each bad variable.
 */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (v !== undefined && v !== '') cleaned[k] = v;
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const neo4j: Neo4jTarget = e.NEO4J_URI
    ? { kind: 'remote', uri: e.NEO4J_URI, user: e.NEO4J_USER, password: e.NEO4J_PASSWORD, database: e.NEO4J_DATABASE }
    : {
        kind: 'local',
        dataDir: e.NEO4J_LOCAL_DATA_DIR,
        heap: e.NEO4J_LOCAL_HEAP,
        pageCacheMb: e.NEO4J_LOCAL_PAGECACHE_MB,
        startTimeoutSeconds: e.NEO4J_LOCAL_START_TIMEOUT_SECONDS,
        database: 'neo4j',
      };
  return deepFreeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    neo4j,
    jwt: {
      secret: e.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      ttlSeconds: e.JWT_TTL_SECONDS,
      jwksUrl: e.JWT_JWKS_URL,
      algorithms: e.JWT_ALGORITHMS.split(','),
    },
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    webSocket: {
      connectionsPerIdentity: e.WS_CONNECTIONS_PER_IDENTITY,
      connectionsPerAddress: e.WS_CONNECTIONS_PER_ADDRESS,
      connectionInitsPerMinute: e.WS_CONNECTION_INITS_PER_MINUTE,
    },
    devSignInOrigins: e.DEV_SIGN_IN_ORIGINS,
    cors: { origins: e.CORS_ORIGINS, credentials: e.CORS_CREDENTIALS },
    trustedDocuments: { files: e.TRUSTED_DOCUMENTS, only: e.TRUSTED_DOCUMENTS_ONLY },
    introspection: e.GRAPHQL_INTROSPECTION ?? e.NODE_ENV !== 'production',
    landingPage: e.GRAPHQL_LANDING_PAGE ?? e.NODE_ENV !== 'production',
    seedOnEmpty: e.SEED_ON_EMPTY,
    ci: e.CI,
    redisUrl: e.REDIS_URL,
    events: { retentionHours: e.EVENT_RETENTION_HOURS, pollMs: e.EVENT_POLL_MS, log: e.EVENT_LOG },
    webhooks: {
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: e.WEBHOOK_RETRY_MAX_MS,
      retryForMs: e.WEBHOOK_RETRY_FOR_SECONDS * 1000,
      allowLoopback: e.NODE_ENV !== 'production',
    },
    analyticsCacheSeconds: e.ANALYTICS_CACHE_SECONDS,
    healthRefreshSeconds: e.HEALTH_REFRESH_SECONDS,
    warmUpSeconds: e.WARM_UP_SECONDS,
    warmUpPlannerRounds: e.WARM_UP_PLANNER_ROUNDS,
    learning: {
      recentDays: e.LEARN_RECENT_DAYS,
      falseDiscoveryRate: e.LEARN_FALSE_DISCOVERY_RATE,
      emergingMinCustomers: e.LEARN_EMERGING_MIN_CUSTOMERS,
      emergingMinGrowth: e.LEARN_EMERGING_MIN_GROWTH,
      togetherMinConfidence: e.LEARN_TOGETHER_MIN_CONFIDENCE,
      togetherMinLift: e.LEARN_TOGETHER_MIN_LIFT,
      togetherMinCustomers: e.LEARN_TOGETHER_MIN_CUSTOMERS,
      declineBaselineDays: e.LEARN_DECLINE_BASELINE_DAYS,
      declineMinInteractions: e.LEARN_DECLINE_MIN_INTERACTIONS,
      declineMinDrop: e.LEARN_DECLINE_MIN_DROP,
      gapMinInteractions: e.LEARN_GAP_MIN_INTERACTIONS,
      gapAtMost: e.LEARN_GAP_AT_MOST,
      singleThreadedPercentile: e.LEARN_SINGLE_THREADED_PERCENTILE,
      singleThreadedDays: e.LEARN_SINGLE_THREADED_DAYS,
    },
    deletion: { retentionDays: e.DELETED_RETENTION_DAYS, purgeIntervalMinutes: e.PURGE_INTERVAL_MINUTES },
  });
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v as object);
  return Object.freeze(o);
}
