import { registerEnumType, type AuthCheckerFn } from 'type-graphql';
import { DomainError, ErrorCode } from '../common/errors';

/**
 * Who the caller is and what they may do: the access roles, the caller (`AuthUser`), how the
 * graph's word on an employee bounds a token's roles, changes to employees announced in this
 * process, and type-graphql's auth checker. Modules use this; how a token is read and verified is
 * transport, in server/auth.ts.
 */

/** UNAUTHENTICATED: who the caller is could not be established. */
export const unauthenticated = (message: string) => new DomainError(ErrorCode.UNAUTHENTICATED, message);

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

/** Roles that may see personal data (customer email and phone, interaction content). */
export const PERSONAL_DATA_ROLES = [AccessRole.ANALYST, AccessRole.ADMIN];

/** How long a verified token is taken on its word (never past its own expiry); open sockets check theirs again as often. */
export const VERIFIED_TOKEN_TTL_MS = 60_000;

/**
 * Employees changed through this process lately (roles, revocation), with when: a token of theirs
 * remembered from before is checked again at once. Entries older than a remembered token lives are
 * dropped, as nothing remembered can predate them.
 */
const employeeChanges = new Map<string, number>();

/** When this process last announced a change to the employee (ms since the epoch), if it did lately. */
export function lastChangeOf(employeeId: string): number | undefined {
  return employeeChanges.get(employeeId);
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
  new DomainError(
    ErrorCode.FORBIDDEN,
    `This token carries no role; it needs one of ${Object.values(AccessRole).join(', ')} in its roles claim.`,
  );
const needsRoles = (roles: readonly AccessRole[]) =>
  new DomainError(ErrorCode.FORBIDDEN, `This needs one of the roles ${roles.join(', ')}.`);

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
    throw new DomainError(ErrorCode.FORBIDDEN, `${field} is personal data; seeing it needs one of the roles ${roles.join(', ')}.`, {
      field,
    });
  }
  return true;
};
