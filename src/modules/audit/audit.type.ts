import { Node } from '../../graphql/node';
import { MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { connectionOf } from '../../common/connection';

export enum AuditOutcome {
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  REFUSED = 'REFUSED',
}
registerEnumType(AuditOutcome, {
  name: 'AuditOutcome',
  description: 'How an audited mutation ended, as recorded where it ran.',
  valuesConfig: {
    SUCCEEDED: {
      description: 'It ran and its change was committed (an error further down, in the selection of what it returns, does not undo it).',
    },
    FAILED: {
      description:
        'It ran and ended in an error: a rule refused it (four eyes, a stale version, a missing target, an erased customer), its input was not valid, ' +
        'or something broke. Nothing changed. `code` says why.',
    },
    REFUSED: {
      description:
        'It never ran: its role check refused the caller (UNAUTHENTICATED, FORBIDDEN), or the whole request was refused before any mutation ran ' +
        '(no token or one that is not valid, a document that does not validate or is over a limit, variables that do not fit, a mutation over GET). ' +
        'A request refused as a whole is one entry, however many mutations it asked for. Nothing changed. `code` says why.',
    },
  },
});

@ObjectType({
  implements: Node,
  description:
    'One mutation as the audit trail keeps it: who, what, on which target, when, and how it ended; or one request refused before any of its mutations ran. ' +
    'No input values (they may hold personal data). A mutation the executor never reached (after one that failed or was refused) or that @skip / @include left out has no entry.',
})
export class AuditEntry {
  @Field(() => ID, { description: 'Opaque unique id.' })
  id!: string;

  @Field(() => Date, { description: 'When the mutation ended, or when the request was refused.' })
  at!: Date;

  @Field(() => ID, { nullable: true, description: 'The employee who called it; null for a caller without a valid token.' })
  actorId!: string | null;

  @Field({
    description:
      'The mutation, e.g. "validateInsight". For a request refused as a whole: the mutations it asked for, comma-separated in the order asked, ' +
      'each named once (e.g. "validateInsight,eraseCustomer").',
  })
  action!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The id of what it changed or tried to change (as given in its input, at most 100 characters; for a creation, what it made); null when none was given or made, ' +
      'and for a request refused as a whole that asked for more than one mutation.',
  })
  targetId!: string | null;

  @Field(() => AuditOutcome, { description: 'Succeeded, failed, or refused before it ran.' })
  outcome!: AuditOutcome;

  @Field(() => String, {
    nullable: true,
    description: 'For a failure or a refusal: the error code the caller received (e.g. FORBIDDEN); null when it succeeded.',
  })
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
