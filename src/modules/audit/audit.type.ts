import { MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { connectionOf } from '../../common/connection';

export enum AuditOutcome {
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}
registerEnumType(AuditOutcome, {
  name: 'AuditOutcome',
  description: 'How an audited mutation ended.',
  valuesConfig: {
    SUCCEEDED: { description: 'It was carried out.' },
    FAILED: { description: 'It was refused or failed; nothing changed. `code` says why.' },
  },
});

@ObjectType({ description: 'One mutation as the audit trail keeps it: who, what, on which target, when, and how it ended. No input values (they may hold personal data).' })
export class AuditEntry {
  @Field(() => ID, { description: 'Opaque unique id.' })
  id!: string;

  @Field(() => Date, { description: 'When the mutation ended.' })
  at!: Date;

  @Field(() => ID, { nullable: true, description: 'The employee who called it; null for a caller without a valid token.' })
  actorId!: string | null;

  @Field({ description: 'The mutation, e.g. "validateInsight".' })
  action!: string;

  @Field(() => ID, { nullable: true, description: 'The id of what it changed or tried to change; null when none was given or made.' })
  targetId!: string | null;

  @Field(() => AuditOutcome, { description: 'Succeeded or failed.' })
  outcome!: AuditOutcome;

  @Field(() => String, { nullable: true, description: 'For a failure: the error code the caller received (e.g. FORBIDDEN).' })
  code!: string | null;
}

export const AuditEntryConnection = connectionOf(AuditEntry, 'AuditEntry', 'audit entries');

@InputType({ description: 'Narrows the audit trail; every given field must hold (AND).' })
export class AuditFilter {
  @Field(() => ID, { nullable: true, description: 'Entries about this target id.' })
  @MaxLength(100)
  targetId?: string;

  @Field(() => ID, { nullable: true, description: 'Entries of this employee.' })
  @MaxLength(100)
  actorId?: string;

  @Field({ nullable: true, description: 'Entries of this mutation (e.g. "eraseCustomer").' })
  @MaxLength(100)
  action?: string;
}
