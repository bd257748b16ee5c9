import { randomUUID } from 'node:crypto';
import { employeeChanged, type AuthUser } from '../../graphql/access';
import { requireActor } from './actor';
import { conflict, notFound } from '../../common/errors';
import { missingIds, type Graph } from '../../db/graph';
import * as repo from './employee.repository';
import type { CreateEmployeeInput, Employee, RevokeEmployeeTokensInput, UpdateEmployeeInput } from './employee.type';

/**
 * Rules for employees: emails are unique (case-insensitive) and stored in lower case. A change of
 * access roles, and a revocation of tokens, is announced once committed (`employeeChanged`): this
 * process stops taking the employee's tokens on their word at once, and their open sockets follow.
 */
export class EmployeeService {
  constructor(private readonly graph: Graph) {}

  async create(input: CreateEmployeeInput, user: AuthUser): Promise<Employee> {
    return this.graph.writeTx(async (tx) => {
      await requireActor(tx, user);
      const email = input.email.toLowerCase();
      if (await repo.employeeIdByEmail(tx, email)) {
        throw conflict(`An employee already uses the email '${email}'.`, { field: 'email' });
      }
      return (await repo.createEmployee(tx, randomUUID(), {
        name: input.name.trim(),
        email,
        team: input.team.trim(),
        role: input.role,
        accessRoles: [...new Set(input.accessRoles)],
      })) as Employee;
    }, 'createEmployee');
  }

  async update(input: UpdateEmployeeInput, user: AuthUser): Promise<Employee> {
    const changes: Partial<repo.EmployeeProps> = {};
    const employee = await this.graph.writeTx(async (tx) => {
      await requireActor(tx, user);
      if (input.name != null) changes.name = input.name.trim();
      if (input.team != null) changes.team = input.team.trim();
      if (input.role != null) changes.role = input.role;
      if (input.accessRoles != null) changes.accessRoles = [...new Set(input.accessRoles)];
      if (input.email != null) {
        changes.email = input.email.toLowerCase();
        // The target first: an unknown employee is NOT_FOUND, whatever the email.
        if ((await missingIds(tx, 'Employee', [input.id])).length) throw notFound('employee', input.id);
        const holder = await repo.employeeIdByEmail(tx, changes.email);
        if (holder && holder !== input.id) {
          throw conflict(`An employee already uses the email '${changes.email}'.`, { field: 'email' });
        }
      }
      const updated = await repo.updateEmployee(tx, input.id, changes);
      if (!updated) throw notFound('employee', input.id);
      return updated as Employee;
    }, 'updateEmployee');
    if (changes.accessRoles) employeeChanged({ employeeId: employee.id, accessRoles: employee.accessRoles });
    return employee;
  }

  /** Every token of the employee issued until now is refused from now on (see `isRevoked`). */
  async revokeTokens(input: RevokeEmployeeTokensInput, user: AuthUser): Promise<Employee> {
    const employee = await this.graph.writeTx(async (tx) => {
      await requireActor(tx, user);
      const revoked = await repo.revokeTokens(tx, input.id);
      if (!revoked) throw notFound('employee', input.id);
      return revoked as Employee;
    }, 'revokeEmployeeTokens');
    employeeChanged({ employeeId: employee.id, tokensRevokedAt: employee.tokensRevokedAt!.getTime() });
    return employee;
  }
}
