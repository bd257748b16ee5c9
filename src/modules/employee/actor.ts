import { DomainError, ErrorCode } from '../../common/errors';
import type { Tx } from '../../db/graph';
import { NO_SUCH_EMPLOYEE, type AuthUser } from '../../server/auth';
import { employeeExists } from './employee.repository';

/**
 * The caller of a mutation, checked inside its transaction: a token whose employee has been
 * removed no longer authenticates anybody.
 */
export async function requireActor(tx: Tx, user: AuthUser): Promise<string> {
  if (!(await employeeExists(tx, user.employeeId))) {
    throw new DomainError(ErrorCode.UNAUTHENTICATED, NO_SUCH_EMPLOYEE);
  }
  return user.employeeId;
}
