import type { Graph, Row, Tx } from '../../db/graph';
import type { ListSpec } from '../../db/list-query';

/** Cypher of the employee module. */

export type EmployeeFilterField = 'nameContains' | 'teams' | 'roles' | 'ownsCustomerId';
export type EmployeeSortField = 'NAME' | 'CREATED_AT';

export const employeeList: ListSpec<EmployeeFilterField, EmployeeSortField> = {
  label: 'Employee',
  filters: {
    nameContains: { where: 'n.nameLower CONTAINS toLower(f.nameContains)' },
    teams: { where: 'n.team IN f.teams' },
    roles: { where: 'n.role IN f.roles' },
    ownsCustomerId: { match: '(n)-[:OWNS_ACCOUNT]->(:Customer {id: f.ownsCustomerId})' },
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

/** Whether an employee with this id exists. */
export async function employeeExists(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx.run('MATCH (e:Employee {id: $id}) RETURN count(e) AS n', { id });
  return rows[0].n > 0;
}

/** The operation tag of the statement that checks a token's employee. */
export const SIGN_IN_OPERATION = 'signIn';

/** {@link employeeExists} in a read of its own: whether a verified token's `sub` signs anybody in. */
export const employeeCheck = (graph: Graph) => (id: string): Promise<boolean> => graph.readTx((tx) => employeeExists(tx, id), SIGN_IN_OPERATION);
