import { createRemoteJWKSet, errors as joseErrors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { DocumentNode, GraphQLResolveInfo, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { DomainError, ErrorCode } from '../common/errors';
import {
  AccessRole,
  applyStanding,
  authChecker,
  lastChangeOf,
  unauthenticated,
  VERIFIED_TOKEN_TTL_MS,
  type AuthUser,
  type EmployeeCheck,
} from '../graphql/access';
import type { Config } from '../config';
import { rootFields } from './root-fields';

/** What a client is told when its token has expired, over HTTP or WebSocket. */
export const TOKEN_EXPIRED = 'The token has expired; sign in again.';

/**
 * Authentication: `Authorization: Bearer <JWT>`, verified with `jose`: against the identity
 * provider's key set (`JWT_JWKS_URL`, algorithms pinned by `JWT_ALGORITHMS`) when configured,
 * else HS256 with the configured secret. Issuer and audience are checked, `exp` is required.
 * `sub` is the caller's employee id and the `roles` claim lists their access roles. The graph has
 * the last word: a token whose `sub` names no employee signs nobody in, a token issued before its
 * employee's tokens were revoked (`tokensRevokedAt`) neither, and the caller has no role beyond
 * what both the token and the employee's `accessRoles` in the graph allow ({@link heldRoles}). A
 * token verified once (signature and employee) is remembered for a minute (see
 * {@link rememberedUser}), less when its employee changes through this process; mutations check the
 * employee, the revocation and the roles again inside their transaction (`requireActor`).
 */

type JwtConfig = Config['jwt'];
const ALGORITHM = 'HS256';

const secretKey = (jwt: JwtConfig) => new TextEncoder().encode(jwt.secret);

/** One cached key set per identity-provider URL (jose refreshes it when keys rotate). */
const keySets = new Map<string, JWTVerifyGetKey>();
function keySet(url: string): JWTVerifyGetKey {
  let set = keySets.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
    keySets.set(url, set);
  }
  return set;
}

/** Signs a token for an employee, valid for `ttlSeconds` (default from configuration). */
export async function mintToken(jwt: JwtConfig, employeeId: string, roles: AccessRole[], ttlSeconds = jwt.ttlSeconds): Promise<string> {
  return new SignJWT({ roles })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(employeeId)
    .setIssuer(jwt.issuer)
    .setAudience(jwt.audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(secretKey(jwt));
}

/** How many verified tokens are remembered per configuration; the oldest go first. */
const VERIFIED_TOKENS_MAX = 10_000;

/**
 * Tokens verified lately, by their text, per JWT configuration: a client sends the same token
 * with every request, and checking its signature again was most of what signing in cost. An
 * entry serves for {@link VERIFIED_TOKEN_TTL_MS} at most, so a key the identity provider withdraws
 * stops being accepted within a minute, and never once the token has expired: the full check then
 * says so. Only tokens that passed every check are remembered.
 */
const verifiedTokens = new WeakMap<JwtConfig, Map<string, { user: AuthUser; verifiedAt: number; until: number }>>();

function rememberedUser(jwt: JwtConfig, token: string): AuthUser | null {
  const entry = verifiedTokens.get(jwt)?.get(token);
  if (!entry) return null;
  const now = Date.now();
  const changed = lastChangeOf(entry.user.employeeId);
  if (now >= entry.until || now >= entry.user.expiresAt! || (changed !== undefined && changed >= entry.verifiedAt)) {
    verifiedTokens.get(jwt)!.delete(token);
    return null;
  }
  return { ...entry.user, roles: [...entry.user.roles] };
}

/** Remembers a token that passed every check; `verifiedAt`: when its check began (before the graph was read). */
function remember(jwt: JwtConfig, token: string, user: AuthUser, verifiedAt: number): void {
  let tokens = verifiedTokens.get(jwt);
  if (!tokens) verifiedTokens.set(jwt, (tokens = new Map()));
  if (tokens.size >= VERIFIED_TOKENS_MAX) tokens.delete(tokens.keys().next().value!);
  tokens.set(token, { user: { ...user, roles: [...user.roles] }, verifiedAt, until: verifiedAt + VERIFIED_TOKEN_TTL_MS });
}

/**
 * Reads the caller from an `Authorization` header value. No header: null (anonymous).
 * A header that is present but not a valid bearer token, or a token whose `sub` is no
 * employee or that was revoked (`check`): `UNAUTHENTICATED`. The caller's roles are what the
 * token and the graph allow together ({@link heldRoles}). `fresh`: check again even if the token
 * is remembered (open sockets do, every minute).
 */
export async function authenticate(
  jwt: JwtConfig,
  header: string | undefined | null,
  check: EmployeeCheck,
  options: { fresh?: boolean } = {},
): Promise<AuthUser | null> {
  if (header === undefined || header === null || header === '') return null;
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>".');
  const known = options.fresh ? null : rememberedUser(jwt, match[1]);
  if (known) return known;
  const verifiedAt = Date.now();
  let user: AuthUser;
  try {
    const options = { issuer: jwt.issuer, audience: jwt.audience, requiredClaims: ['exp', 'sub'] };
    // With an identity provider, only its keys and the pinned algorithms; else our HS256 secret.
    const { payload } = jwt.jwksUrl
      ? await jwtVerify(match[1], keySet(jwt.jwksUrl), { ...options, algorithms: [...jwt.algorithms] })
      : await jwtVerify(match[1], secretKey(jwt), { ...options, algorithms: [ALGORITHM] });
    const roles = Array.isArray(payload.roles) ? payload.roles : [];
    const valid = roles.filter((r): r is AccessRole => Object.values(AccessRole).includes(r as AccessRole));
    user = {
      employeeId: payload.sub!,
      roles: valid,
      expiresAt: payload.exp! * 1000,
      issuedAt: typeof payload.iat === 'number' ? payload.iat : undefined,
    };
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw unauthenticated(TOKEN_EXPIRED);
    // The provider's keys could not be had (a timeout, keys that are not a key set, or no answer at
    // all: a network error is not a JOSEError): the token may be fine, so this is not UNAUTHENTICATED.
    const unreachable = jwt.jwksUrl && !(e instanceof joseErrors.JOSEError);
    if (unreachable || e instanceof joseErrors.JWKSTimeout || (e instanceof joseErrors.JOSEError && e.code === 'ERR_JWKS_INVALID')) {
      throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, "The identity provider's keys could not be fetched; try again shortly.");
    }
    throw unauthenticated('The token is not valid (bad signature, issuer, audience or format).');
  }
  applyStanding(user, await check(user.employeeId));
  remember(jwt, match[1], user, verifiedAt);
  return user;
}

/**
 * What `@Authorized` on a root subscription field checks, done when the client subscribes:
 * type-graphql checks roles when it resolves each event, so without this a caller that may not
 * subscribe would open the stream and get one `FORBIDDEN` per event. Throws what
 * {@link authChecker} throws for the first root field the caller may not subscribe to.
 */
export function authorizeSubscription(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  user: AuthUser | null,
  variables: Record<string, unknown> = {},
): void {
  const subscriptionType = schema.getSubscriptionType();
  if (operation.operation !== 'subscription' || !subscriptionType) return;
  for (const field of rootFields(document, operation, variables).values()) {
    const fieldName = field.name.value;
    const roles = subscriptionRoles().get(fieldName);
    if (!roles) continue;
    const info = { parentType: subscriptionType, fieldName } as GraphQLResolveInfo;
    authChecker({ context: { user }, info, root: undefined, args: {} }, roles);
  }
}

let rolesBySubscription: Map<string, AccessRole[]> | undefined;

/** The roles `@Authorized` asks for each root subscription field, by field name (read once, after the schema is built). */
function subscriptionRoles(): Map<string, AccessRole[]> {
  rolesBySubscription ??= new Map(
    getMetadataStorage().subscriptions.flatMap((s) => (s.roles ? [[s.schemaName, s.roles as AccessRole[]] as const] : [])),
  );
  return rolesBySubscription;
}
