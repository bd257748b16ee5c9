import { DomainError, ErrorCode } from '../../common/errors';
import type { Tx } from '../../db/graph';
import type { AuthUser } from '../../server/auth';
import { employeeExists } from './employee.repository';

/**
 * The caller of a mutation, checked inside its transaction: a token whose employee has been
 * removed no longer authenticates anybody.
 */
export async function requireActor(tx: Tx, user: AuthUser): Promise<string> {
  if (!(await employeeExists(tx, user.employeeId))) {
    throw new DomainError(ErrorCode.UNAUTHENTICATED, 'The token names an employee who no longer exists; sign in again.');
  }
  return user.employeeId;
}
