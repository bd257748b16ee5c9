import { ArrayMaxSize, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { HealthDirection } from '../analytics/analytics.type';
import { RecordChangeKind, RecordType } from '../history/history.type';
import { InsightChangeKind } from '../insight/insight.type';
import { Channel } from '../interaction/interaction.type';
import { EXPECTED_VERSION_DESCRIPTION } from '../history/version';
import { NotBlank } from '../../common/validation';
import { MAX_URL_LENGTH } from './address';
import { WebhookDeliveryStatus } from './webhook.type';

/**
 * What a webhook is sent: per kind of event, the same filters as that subscription's arguments
 * (each one given narrows it, AND). Each class is the input (`...Input`) and, as registered, the
 * output; the dispatcher applies the subscriptions' own filter functions to them (webhook.service.ts).
 */

const URL_DESCRIPTION =
  `Where deliveries are POSTed: an https:// URL of at most ${MAX_URL_LENGTH} characters, without user name, password or fragment, ` +
  'whose host resolves only to public addresses (private, link-local, loopback and other internal addresses are refused; in ' +
  'development and test, http:// to a loopback address is allowed too). Checked again before every delivery.';

@ObjectType('InteractionRecordedFilter', {
  description: 'Which `interactionRecorded` events a webhook is sent: the arguments of that subscription.',
})
@InputType('InteractionRecordedFilterInput', {
  description: 'Send `interactionRecorded` events, narrowed as that subscription is by its arguments (each one given narrows it).',
})
export class InteractionRecordedFilterInput {
  @Field(() => ID, { nullable: true, description: 'Only interactions with this customer.' })
  @MaxLength(100)
  customerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only interactions handled by this employee.' })
  @MaxLength(100)
  employeeId?: string | null;

  @Field(() => [Channel], { nullable: true, description: 'Only interactions through these channels.' })
  @ArrayMaxSize(50)
  channels?: Channel[] | null;
}

@ObjectType('InsightChangedFilter', { description: 'Which `insightChanged` events a webhook is sent: the arguments of that subscription.' })
@InputType('InsightChangedFilterInput', {
  description: 'Send `insightChanged` events, narrowed as that subscription is by its arguments (each one given narrows it).',
})
export class InsightChangedFilterInput {
  @Field(() => ID, { nullable: true, description: 'Only insights about this customer.' })
  @MaxLength(100)
  customerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only insights about this need.' })
  @MaxLength(100)
  needId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only insights tagged with this topic (name, case-insensitive).' })
  @MaxLength(100)
  topic?: string | null;

  @Field(() => [InsightChangeKind], { nullable: true, description: 'Only these kinds of change.' })
  @ArrayMaxSize(50)
  kinds?: InsightChangeKind[] | null;
}

@ObjectType('NeedRaisedFilter', { description: 'Which `needRaised` events a webhook is sent: the arguments of that subscription.' })
@InputType('NeedRaisedFilterInput', { description: 'Send `needRaised` events, narrowed as that subscription is by its argument.' })
export class NeedRaisedFilterInput {
  @Field(() => ID, { nullable: true, description: 'Only needs of this customer.' })
  @MaxLength(100)
  customerId?: string | null;
}

@ObjectType('CustomerHealthChangedFilter', {
  description: 'Which `customerHealthChanged` events a webhook is sent: the arguments of that subscription.',
})
@InputType('CustomerHealthChangedFilterInput', {
  description: 'Send `customerHealthChanged` events, narrowed as that subscription is by its arguments.',
})
export class CustomerHealthChangedFilterInput {
  @Field(() => Int, { defaultValue: 50, description: 'The health score (1-100) whose crossing is reported; default 50.' })
  @Min(1)
  @Max(100)
  threshold!: number;

  @Field(() => HealthDirection, { nullable: true, description: 'Only crossings this way; default: both.' })
  direction?: HealthDirection | null;

  @Field(() => ID, { nullable: true, description: 'Only this customer.' })
  @MaxLength(100)
  customerId?: string | null;
}

@ObjectType('RecordChangedFilter', { description: 'Which `recordChanged` events a webhook is sent: the arguments of that subscription.' })
@InputType('RecordChangedFilterInput', {
  description: 'Send `recordChanged` events, narrowed as that subscription is by its arguments (each one given narrows it).',
})
export class RecordChangedFilterInput {
  @Field(() => [RecordType], { nullable: true, description: 'Only changes of these kinds of record.' })
  @ArrayMaxSize(50)
  recordTypes?: RecordType[] | null;

  @Field(() => [RecordChangeKind], { nullable: true, description: 'Only these kinds of change.' })
  @ArrayMaxSize(50)
  kinds?: RecordChangeKind[] | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only changes of this record (as the record changed, or as the other record of a merge).',
  })
  @MaxLength(100)
  recordId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only changes of records that concern this customer (the customer itself, its interactions, needs it holds).',
  })
  @MaxLength(100)
  customerId?: string | null;
}

@ObjectType('WebhookFilter', {
  description: 'The events a webhook is sent: one entry per kind of event, with the filters of that subscription; null: not sent.',
})
@InputType('WebhookFilterInput', {
  description:
    'The events to send: give an entry for each kind of event wanted (at least one), with the same filters as that subscription ' +
    '(`{}` for all of them). A kind left out or null is not sent.',
})
export class WebhookFilterInput {
  @Field(() => InteractionRecordedFilterInput, {
    nullable: true,
    description: 'Send `interactionRecorded` events (type `interactionRecorded`).',
  })
  @ValidateNested()
  interactionRecorded?: InteractionRecordedFilterInput | null;

  @Field(() => InsightChangedFilterInput, { nullable: true, description: 'Send `insightChanged` events (type `insightChanged`).' })
  @ValidateNested()
  insightChanged?: InsightChangedFilterInput | null;

  @Field(() => NeedRaisedFilterInput, { nullable: true, description: 'Send `needRaised` events (type `needRaised`).' })
  @ValidateNested()
  needRaised?: NeedRaisedFilterInput | null;

  @Field(() => CustomerHealthChangedFilterInput, {
    nullable: true,
    description: 'Send `customerHealthChanged` events (type `customerHealthChanged`).',
  })
  @ValidateNested()
  customerHealthChanged?: CustomerHealthChangedFilterInput | null;

  @Field(() => RecordChangedFilterInput, { nullable: true, description: 'Send `recordChanged` events (type `recordChanged`).' })
  @ValidateNested()
  recordChanged?: RecordChangedFilterInput | null;
}

@InputType({ description: 'A new webhook endpoint.' })
export class RegisterWebhookInput {
  @Field({ description: URL_DESCRIPTION })
  @MaxLength(MAX_URL_LENGTH)
  url!: string;

  @Field({ defaultValue: '', description: 'What the endpoint is for, up to 500 characters. Default: empty.' })
  @MaxLength(500)
  description!: string;

  @Field(() => WebhookFilterInput, { description: 'The events to send, with their filters; at least one kind.' })
  @ValidateNested()
  filter!: WebhookFilterInput;
}

@InputType({ description: 'Changes to a webhook. Omitted fields keep their value.' })
export class UpdateWebhookInput {
  @Field(() => ID, { description: 'The webhook to change.' })
  @MaxLength(100)
  id!: string;

  @Field(() => Int, {
    nullable: true,
    description: `${EXPECTED_VERSION_DESCRIPTION} Optional: without it, the change is made whatever the version.`,
  })
  @Min(1)
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true, description: `A new address. ${URL_DESCRIPTION}` })
  @MaxLength(MAX_URL_LENGTH)
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'A new description, up to 500 characters (empty clears it).' })
  @MaxLength(500)
  description?: string | null;

  @Field(() => WebhookFilterInput, {
    nullable: true,
    description:
      'The events to send from now on (replaces the whole filter); at least one kind. Events already being delivered are delivered.',
  })
  @ValidateNested()
  filter?: WebhookFilterInput | null;
}

@InputType({ description: 'Which webhook to pause, and why.' })
export class PauseWebhookInput {
  @Field(() => ID, { description: 'The webhook.' })
  @MaxLength(100)
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Why, up to 500 characters; shown as its `pausedReason`. Default: "Paused by an ADMIN."',
  })
  @NotBlank()
  @MaxLength(500)
  reason?: string | null;
}

@InputType({ description: 'Which webhook to resume.' })
export class ResumeWebhookInput {
  @Field(() => ID, { description: 'The webhook.' })
  @MaxLength(100)
  id!: string;
}

@InputType({ description: 'Which webhook gets a new secret.' })
export class RotateWebhookSecretInput {
  @Field(() => ID, { description: 'The webhook.' })
  @MaxLength(100)
  id!: string;
}

@InputType({ description: 'Which webhook to delete.' })
export class DeleteWebhookInput {
  @Field(() => ID, { description: 'The webhook.' })
  @MaxLength(100)
  id!: string;
}

@InputType({ description: 'Narrows the deliveries of a webhook.' })
export class WebhookDeliveryFilter {
  @Field(() => [WebhookDeliveryStatus], { nullable: true, description: 'Only deliveries in one of these statuses.' })
  @ArrayMaxSize(10)
  statuses?: WebhookDeliveryStatus[];
}
