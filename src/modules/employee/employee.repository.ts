import type { Graph, Row, Tx } from '../../db/graph';
import type { ListSpec } from '../../db/list-query';

/** Cypher of the employee module. */

export type EmployeeFilterField = 'nameContains' | 'teams' | 'roles' | 'ownsCustomerId';
export type EmployeeSortField = 'NAME' | 'CREATED_AT';

export const employeeList: ListSpec<EmployeeFilterField, EmployeeSortField> = {
  label: 'Employee',
  filters: {
    nameContains: { where: (v) => `${v.node}.nameLower CONTAINS toLower(${v.filter}.nameContains)` },
    teams: { where: (v) => `${v.node}.team IN ${v.filter}.teams` },
    roles: { where: (v) => `${v.node}.role IN ${v.filter}.roles` },
    ownsCustomerId: { linkedTo: { label: 'Customer', type: 'OWNS_ACCOUNT', direction: 'OUT' } },
  },
  order: {
    NAME: { property: 'nameLower', kind: 'string' },
    CREATED_AT: { property: 'createdAt', kind: 'datetime' },
  },
};

export interface EmployeeProps {
  name: string;
  email: string;
  team: string;
  role: string;
  accessRoles: string[];
}

export async function createEmployee(tx: Tx, id: string, props: EmployeeProps): Promise<Row> {
  const rows = await tx.run(
    `CREATE (e:Employee)
     SET e = $props, e.id = $id, e.nameLower = toLower($props.name), e.createdAt = datetime(), e.updatedAt = datetime()
     RETURN e`,
    { id, props },
  );
  return rows[0].e;
}

/**
 * Revokes every token of an employee issued until now: `tokensRevokedAt` becomes now (see
 * `isRevoked` in server/auth.ts). Null when there is no such employee.
 */
export async function revokeTokens(tx: Tx, id: string): Promise<Row | null> {
  const rows = await tx.run(
    `MATCH (e:Employee {id: $id})
     SET e.tokensRevokedAt = datetime(), e.updatedAt = datetime()
     RETURN e`,
    { id },
  );
  return rows[0]?.e ?? null;
}

export async function updateEmployee(tx: Tx, id: string, changes: Partial<EmployeeProps>): Promise<Row | null> {
  const rows = await tx.run(
    `MATCH (e:Employee {id: $id})
     SET e += $changes, e.updatedAt = datetime()
     SET e.nameLower = toLower(e.name)
     RETURN e`,
    { id, changes },
  );
  return rows[0]?.e ?? null;
}

/** The id of the employee using this email (case-insensitive), if any. */
export async function employeeIdByEmail(tx: Tx, email: string): Promise<string | null> {
  const rows = await tx.run('MATCH (e:Employee {email: $email}) RETURN e.id AS id', { email: email.toLowerCase() });
  return rows[0]?.id ?? null;
}

/**
 * What signing in needs of an employee, in one statement: the access roles they hold and when
 * their tokens were last revoked; null when there is no such employee.
 */
export async function employeeStanding(tx: Tx, id: string): Promise<{ accessRoles: string[]; tokensRevokedAt: number | null } | null> {
  const rows = await tx.run(
    'MATCH (e:Employee {id: $id}) RETURN coalesce(e.accessRoles, []) AS accessRoles, e.tokensRevokedAt AS tokensRevokedAt',
    { id },
  );
  if (!rows.length) return null;
  const revoked = rows[0].tokensRevokedAt as Date | null;
  return { accessRoles: rows[0].accessRoles as string[], tokensRevokedAt: revoked ? revoked.getTime() : null };
}

/** The operation tag of the statement that checks a token's employee. */
export const SIGN_IN_OPERATION = 'signIn';

/** {@link employeeStanding} in a read of its own (what `EmployeeCheck` in server/auth.ts takes): whom a verified token's `sub` signs in, with which roles. */
export const employeeCheck = (graph: Graph) => (id: string) => graph.readTx((tx) => employeeStanding(tx, id), SIGN_IN_OPERATION);
