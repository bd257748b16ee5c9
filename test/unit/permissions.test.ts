import 'reflect-metadata';
import { getMetadataStorage } from 'type-graphql';
import { AccessRole } from '../../src/graphql/access';
import { PERMISSIONS, permissionsOf, type Permission } from '../../src/modules/employee/employee.permissions';
import { buildRapportSchema } from '../../src/server/schema';

/**
 * `Employee.can` tells a client what it may do before it asks: each permission must be granted by
 * exactly the roles that the API's own checks demand. The root fields each permission stands for
 * are compared with their `@Authorized` roles, read from type-graphql's metadata.
 */
const GUARDED: Record<Exclude<Permission, 'readPersonalData'>, string[]> = {
  writeKnowledge: [
    'recordInteraction',
    'updateInteraction',
    'proposeInsight',
    'annotateInsight',
    'tag',
    'deleteInteraction',
    'updateCustomer',
    'assignAccountOwner',
  ],
  reviewInsights: ['validateInsight', 'refuteInsight'],
  mergeRecords: ['mergeNeeds', 'mergeCustomers', 'dismissDuplicate'],
  restoreDeleted: ['restoreCustomer', 'restoreInteraction', 'deletedRecords'],
  eraseCustomers: ['eraseCustomer', 'exportCustomer'],
  manageEmployees: ['createEmployee', 'updateEmployee', 'revokeEmployeeTokens'],
  manageWebhooks: ['registerWebhook', 'pauseWebhook', 'webhooks', 'webhook'],
  readAuditTrail: ['auditTrail'],
  runLearning: ['runLearning'],
};

interface RootField {
  target: Function;
  methodName: string;
  schemaName: string;
}

function rolesOfRootField(name: string): string[] {
  const storage = getMetadataStorage() as unknown as {
    queries: RootField[];
    mutations: RootField[];
    authorizedFields: { target: Function; fieldName: string; roles: string[] }[];
  };
  const field = [...storage.queries, ...storage.mutations].find((f) => f.schemaName === name);
  if (!field) throw new Error(`No root field ${name}`);
  const auth = storage.authorizedFields.find((a) => a.target === field.target && a.fieldName === field.methodName);
  return [...(auth?.roles ?? [])].sort();
}

describe('Employee.can', () => {
  beforeAll(() => buildRapportSchema());

  it.each(Object.entries(GUARDED))('%s is granted by exactly the roles its root fields demand', (permission, fields) => {
    const granting = [...PERMISSIONS[permission as Permission].roles].sort();
    for (const field of fields) expect({ field, roles: rolesOfRootField(field) }).toEqual({ field, roles: granting });
  });

  it('gives each role its permissions', () => {
    expect(permissionsOf([AccessRole.VIEWER])).toEqual({
      roles: ['VIEWER'],
      readPersonalData: false,
      writeKnowledge: false,
      reviewInsights: false,
      mergeRecords: false,
      restoreDeleted: false,
      eraseCustomers: false,
      manageEmployees: false,
      manageWebhooks: false,
      readAuditTrail: false,
      runLearning: false,
    });
    expect(permissionsOf([AccessRole.ANALYST])).toEqual({
      roles: ['ANALYST'],
      readPersonalData: true,
      writeKnowledge: true,
      reviewInsights: true,
      mergeRecords: true,
      restoreDeleted: false,
      eraseCustomers: false,
      manageEmployees: false,
      manageWebhooks: false,
      readAuditTrail: false,
      runLearning: false,
    });
    expect(Object.values(permissionsOf([AccessRole.ADMIN])).filter((v) => v === true)).toHaveLength(Object.keys(PERMISSIONS).length);
  });
});
