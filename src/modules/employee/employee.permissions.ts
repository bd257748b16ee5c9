import { Field, ObjectType } from 'type-graphql';
import { AccessRole, PERSONAL_DATA_ROLES } from '../../graphql/access';

const WRITERS = [AccessRole.ANALYST, AccessRole.ADMIN];
const ADMIN = [AccessRole.ADMIN];

/**
 * What each permission of `Employee.can` means and which access roles grant it: the same roles
 * the fields and mutations check (a test compares them with the schema's @Authorized roles).
 */
export const PERMISSIONS = {
  readPersonalData: {
    roles: PERSONAL_DATA_ROLES,
    description:
      'Read personal data: customer `email` and `phone`, interaction `content`, and those values in histories. Without it each such field ' +
      'is null with a FORBIDDEN error of its own: leave them out of the query instead (`email @include(if: $readPersonalData)`).',
  },
  writeKnowledge: {
    roles: WRITERS,
    description:
      'Record and correct customers, interactions and needs; propose, revise, annotate and tag insights; link evidence; assign account owners; delete records.',
  },
  reviewInsights: {
    roles: WRITERS,
    description: 'Validate or refute insights (four eyes: never one they wrote or revised, whatever their roles).',
  },
  mergeRecords: {
    roles: WRITERS,
    description: 'Merge customers recorded twice (an ANALYST must give a reason) and needs raised twice; dismiss duplicate candidates.',
  },
  restoreDeleted: { roles: ADMIN, description: 'List deleted records and restore them.' },
  eraseCustomers: { roles: ADMIN, description: "Erase a customer's personal data, and export everything held about one." },
  manageEmployees: { roles: ADMIN, description: 'Record and change employees, and revoke their tokens.' },
  manageWebhooks: { roles: ADMIN, description: 'Register, change, pause, resume and delete webhooks, and read their deliveries.' },
  readAuditTrail: { roles: ADMIN, description: 'Read the audit trail.' },
  runLearning: { roles: ADMIN, description: 'Run the insight miners now (runLearning).' },
} as const satisfies Record<string, { roles: readonly AccessRole[]; description: string }>;

export type Permission = keyof typeof PERMISSIONS;

@ObjectType({
  description:
    'What an employee may do through the API, from their access roles, so that a client can shape its queries and pages before asking ' +
    '(a field or mutation they may not use answers FORBIDDEN).',
})
export class Permissions {
  @Field(() => [AccessRole], { description: 'The access roles these permissions come from.' })
  roles!: AccessRole[];

  @Field({ description: PERMISSIONS.readPersonalData.description })
  readPersonalData!: boolean;

  @Field({ description: PERMISSIONS.writeKnowledge.description })
  writeKnowledge!: boolean;

  @Field({ description: PERMISSIONS.reviewInsights.description })
  reviewInsights!: boolean;

  @Field({ description: PERMISSIONS.mergeRecords.description })
  mergeRecords!: boolean;

  @Field({ description: PERMISSIONS.restoreDeleted.description })
  restoreDeleted!: boolean;

  @Field({ description: PERMISSIONS.eraseCustomers.description })
  eraseCustomers!: boolean;

  @Field({ description: PERMISSIONS.manageEmployees.description })
  manageEmployees!: boolean;

  @Field({ description: PERMISSIONS.manageWebhooks.description })
  manageWebhooks!: boolean;

  @Field({ description: PERMISSIONS.readAuditTrail.description })
  readAuditTrail!: boolean;

  @Field({ description: PERMISSIONS.runLearning.description })
  runLearning!: boolean;
}

/** The permissions that these roles give. */
export function permissionsOf(roles: readonly AccessRole[]): Permissions {
  const can = { roles: [...roles] } as Permissions;
  for (const [name, { roles: granting }] of Object.entries(PERMISSIONS)) {
    can[name as Permission] = roles.some((r) => (granting as readonly AccessRole[]).includes(r));
  }
  return can;
}
