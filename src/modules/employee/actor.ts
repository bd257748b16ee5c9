import type { Tx } from '../../db/graph';
import { applyStanding, assertMutationRoles, type AuthUser } from '../../graphql/access';
import { employeeStanding } from './employee.repository';

/**
 * The caller of a mutation, checked inside its transaction, in one statement, against the graph
 * as it is now (whatever a server copy remembered of the token): a token whose employee has been
 * removed, or whose tokens were revoked since it was issued, no longer authenticates anybody
 * (`UNAUTHENTICATED`); the caller's roles become those of the token the employee still holds, and
 * a mutation field whose roles they no longer hold is refused (`FORBIDDEN`).
 */
export async function requireActor(tx: Tx, user: AuthUser): Promise<string> {
  applyStanding(user, await employeeStanding(tx, user.employeeId));
  assertMutationRoles(user);
  return user.employeeId;
}
