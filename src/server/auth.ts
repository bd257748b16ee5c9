import { createRemoteJWKSet, errors as joseErrors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { DocumentNode, GraphQLResolveInfo, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { getMetadataStorage, registerEnumType, type AuthCheckerFn } from 'type-graphql';
import { DomainError, ErrorCode } from '../common/errors';
import type { Config } from '../config';
import { rootFields } from './root-fields';

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

export enum AccessRole {
  VIEWER = 'VIEWER',
  ANALYST = 'ANALYST',
  ADMIN = 'ADMIN',
}
registerEnumType(AccessRole, {
  name: 'AccessRole',
  description: 'What an employee may do through the API; written into their tokens as the `roles` claim.',
  valuesConfig: {
    VIEWER: { description: 'Reads customer knowledge.' },
    ANALYST: { description: 'Reads and writes knowledge: interactions, needs, insights, annotations.' },
    ADMIN: { description: 'Everything, including employees.' },
  },
});

export interface AuthUser {
  employeeId: string;
  /** What the token's roles and the employee's roles in the graph allow together ({@link heldRoles}). */
  roles: AccessRole[];
  /** When the token expires (ms since the epoch); live connections are closed then. */
  expiresAt?: number;
  /** When the token was issued (its `iat`, seconds since the epoch); undefined when it does not say. */
  issuedAt?: number;
}

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

const unauthenticated = (message: string) => new DomainError(ErrorCode.UNAUTHENTICATED, message);

/** How long a verified token is taken on its word (never past its own expiry); open sockets check theirs again as often. */
export const VERIFIED_TOKEN_TTL_MS = 60_000;
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

/**
 * Employees changed through this process lately (roles, revocation), with when: a token of theirs
 * remembered from before is checked again at once. Entries older than a remembered token lives are
 * dropped, as nothing remembered can predate them.
 */
const employeeChanges = new Map<string, number>();

function rememberedUser(jwt: JwtConfig, token: string): AuthUser | null {
  const entry = verifiedTokens.get(jwt)?.get(token);
  if (!entry) return null;
  const now = Date.now();
  const changed = employeeChanges.get(entry.user.employeeId);
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

/** A change to an employee that bears on their tokens, made through this process and committed. */
export interface EmployeeChange {
  employeeId: string;
  /** Their access roles now, when they changed. */
  accessRoles?: readonly string[];
  /** When their tokens were revoked (ms since the epoch), when they were. */
  tokensRevokedAt?: number;
}

const changeListeners = new Set<(change: EmployeeChange) => void>();

/** Calls `listener` for every {@link EmployeeChange} announced in this process (the WebSocket server's open sockets); returns how to stop. */
export function onEmployeeChange(listener: (change: EmployeeChange) => void): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

/**
 * Announces a committed change to an employee's roles or tokens: this process forgets the tokens
 * of theirs it remembers (other copies within {@link VERIFIED_TOKEN_TTL_MS}), and open sockets
 * follow at once.
 */
export function employeeChanged(change: EmployeeChange): void {
  const now = Date.now();
  employeeChanges.delete(change.employeeId);
  employeeChanges.set(change.employeeId, now);
  for (const [id, at] of employeeChanges) {
    if (at > now - VERIFIED_TOKEN_TTL_MS) break;
    employeeChanges.delete(id);
  }
  for (const listener of changeListeners) {
    try {
      listener(change);
    } catch {
      // The change is committed; a listener that fails must not make it look refused.
    }
  }
}

/** What the graph says of a token's employee, read in one statement when a token is first verified. */
export interface EmployeeStanding {
  /** The access roles they hold. */
  accessRoles: readonly string[];
  /** When their tokens were last revoked (ms since the epoch), or null. */
  tokensRevokedAt: number | null;
}

/** Reads a token's employee from the graph: null when there is no such employee. */
export type EmployeeCheck = (employeeId: string) => Promise<EmployeeStanding | null>;

/** Why a signed token whose `sub` is no employee is refused; mutations say the same (`requireActor`). */
export const NO_SUCH_EMPLOYEE = 'The token names an employee who no longer exists; sign in again.';
/** Why a token issued before its employee's tokens were revoked is refused. */
export const TOKEN_REVOKED = 'The token was revoked; sign in again.';

/**
 * Whether a token issued at `issuedAt` (its `iat`, in seconds) falls under a revocation at
 * `revokedAt` (ms): `iat` counts whole seconds, so a token of the revocation's own second is
 * refused too, and so is a token without `iat` (nobody can tell when it was issued).
 */
export function isRevoked(issuedAt: number | undefined, revokedAt: number | null): boolean {
  if (revokedAt === null) return false;
  return issuedAt === undefined || issuedAt <= Math.floor(revokedAt / 1000);
}

/** Roles by rank: each may do everything the ones below it may (ANALYST what VIEWER may, and more). */
const RANK: Readonly<Record<string, number>> = { [AccessRole.VIEWER]: 1, [AccessRole.ANALYST]: 2, [AccessRole.ADMIN]: 3 };
const level = (roles: readonly string[]) => Math.max(0, ...roles.map((r) => RANK[r] ?? 0));

/**
 * The roles a caller has: neither the token nor the graph gives more than the other allows. The
 * token's roles up to the highest the employee holds in the graph, and the employee's roles up to
 * the highest the token carries: a token of [ADMIN, ANALYST] for an employee demoted to ANALYST
 * gives ANALYST; an ANALYST token for an employee now a VIEWER gives VIEWER; a token never gets a
 * role above what the graph grants, nor a role the graph grants above what the token says.
 */
export function heldRoles(tokenRoles: readonly AccessRole[], graphRoles: readonly string[]): AccessRole[] {
  const token = level(tokenRoles);
  const graph = level(graphRoles);
  const held = new Set<AccessRole>();
  for (const r of tokenRoles) if (RANK[r] <= graph) held.add(r);
  for (const r of graphRoles) if (RANK[r] !== undefined && RANK[r] <= token) held.add(r as AccessRole);
  return [...held];
}

/**
 * Holds a verified token up against its employee in the graph: `UNAUTHENTICATED` when there is no
 * such employee or the token was revoked; else `user.roles` becomes what {@link heldRoles} gives
 * (a role taken away in the graph is gone).
 */
export function applyStanding(user: AuthUser, standing: EmployeeStanding | null): AuthUser {
  if (!standing) throw unauthenticated(NO_SUCH_EMPLOYEE);
  if (isRevoked(user.issuedAt, standing.tokensRevokedAt)) throw unauthenticated(TOKEN_REVOKED);
  user.roles = heldRoles(user.roles, standing.accessRoles);
  return user;
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
    user = { employeeId: payload.sub!, roles: valid, expiresAt: payload.exp! * 1000, issuedAt: typeof payload.iat === 'number' ? payload.iat : undefined };
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw unauthenticated('The token has expired; sign in again.');
    // The provider's keys could not be had (a timeout, keys that are not a key set, or no answer at
    // all: a network error is not a JOSEError): the token may be fine, so this is not UNAUTHENTICATED.
    const unreachable = jwt.jwksUrl && !(e instanceof joseErrors.JOSEError);
    if (unreachable || e instanceof joseErrors.JWKSTimeout || e instanceof joseErrors.JOSEError && e.code === 'ERR_JWKS_INVALID') {
      throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The identity provider\'s keys could not be fetched; try again shortly.');
    }
    throw unauthenticated('The token is not valid (bad signature, issuer, audience or format).');
  }
  applyStanding(user, await check(user.employeeId));
  remember(jwt, match[1], user, verifiedAt);
  return user;
}

/**
 * The roles `@Authorized` asked of the mutation field running now, by caller (a request's own
 * object): a mutation checks them again in its transaction against the roles the graph gives the
 * employee then ({@link assertMutationRoles}), so a role taken away is refused at once, whatever
 * a server copy remembered of the token. Mutation fields run one after another, so this is the
 * running one's.
 */
const mutationRoles = new WeakMap<AuthUser, readonly AccessRole[]>();

/**
 * Inside a mutation's transaction, after {@link applyStanding}: `FORBIDDEN` when the caller no
 * longer holds a role the running mutation field asks for, as {@link authChecker} would say.
 */
export function assertMutationRoles(user: AuthUser): void {
  const asked = mutationRoles.get(user);
  if (!asked) return; // not run by a GraphQL mutation field
  if (user.roles.length === 0) throw noRole();
  if (asked.length > 0 && !asked.some((r) => user.roles.includes(r))) throw needsRoles(asked);
}

const noRole = () =>
  new DomainError(ErrorCode.FORBIDDEN, `This token carries no role; it needs one of ${Object.values(AccessRole).join(', ')} in its roles claim.`);
const needsRoles = (roles: readonly AccessRole[]) => new DomainError(ErrorCode.FORBIDDEN, `This needs one of the roles ${roles.join(', ')}.`);

/**
 * type-graphql's auth checker for `@Authorized()`: an anonymous caller gets `UNAUTHENTICATED`;
 * a caller without one of the listed roles gets `FORBIDDEN`.
 */
export const authChecker: AuthCheckerFn<{ user: AuthUser | null }, AccessRole> = ({ context, info }, roles) => {
  if (!context.user) throw unauthenticated('Sign in first: send "Authorization: Bearer <token>".');
  if (context.user.roles.length === 0) throw noRole();
  if (info.parentType.name === 'Mutation') mutationRoles.set(context.user, roles);
  if (roles.length > 0 && !roles.some((r) => context.user!.roles.includes(r))) {
    const root = ['Query', 'Mutation', 'Subscription'].includes(info.parentType.name);
    if (root) throw needsRoles(roles);
    // A protected field of an object (personal data): the field is null, the rest is served.
    const field = `${info.parentType.name}.${info.fieldName}`;
    throw new DomainError(ErrorCode.FORBIDDEN, `${field} is personal data; seeing it needs one of the roles ${roles.join(', ')}.`, { field });
  }
  return true;
};

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

/** Roles that may see personal data (customer email and phone, interaction content). */
export const PERSONAL_DATA_ROLES = [AccessRole.ANALYST, AccessRole.ADMIN];
