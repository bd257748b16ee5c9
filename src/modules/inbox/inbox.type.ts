import { ArrayMaxSize, ArrayMinSize, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionOf } from '../../common/connection';
import { ReadsItself } from '../../graphql/lookahead';
import { EVENT_CURSOR_DESCRIPTION } from '../../realtime/topics';

/** The most people one annotation or insight may mention. */
export const MENTION_LIMIT = 20;

/** The description of every input's `mentionIds`. */
export const MENTION_IDS_DESCRIPTION =
  `Employees this text mentions (at most ${MENTION_LIMIT}; the page puts their "@name" in the text and their id here). ` +
  'Each is linked to it (`mentions`) and, but for the author, notified (`Inbox.notifications`, `notificationReceived`). ' +
  'An unknown employee id is BAD_USER_INPUT and changes nothing.';

export enum NotificationKind {
  MENTIONED_IN_ANNOTATION = 'MENTIONED_IN_ANNOTATION',
  MENTIONED_IN_INSIGHT = 'MENTIONED_IN_INSIGHT',
}
registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  description: 'Why someone was notified.',
  valuesConfig: {
    MENTIONED_IN_ANNOTATION: { description: 'Someone mentioned them in an annotation on an insight.' },
    MENTIONED_IN_INSIGHT: { description: 'Someone mentioned them in the text of an insight (proposed or revised).' },
  },
});

@ObjectType({ description: 'Something one person should know about: for now, that a colleague mentioned them. Only they see it.' })
export class Notification {
  @Field(() => ID, { description: 'Opaque unique id.' })
  id!: string;

  @ReadsItself()
  @Field(() => NotificationKind, { description: 'Why they were notified.' })
  kind!: NotificationKind;

  @ReadsItself()
  @Field(() => Date, { description: 'When it was made.' })
  createdAt!: Date;

  @ReadsItself()
  @Field(() => Date, { nullable: true, description: 'When its recipient marked it read; null while unread.' })
  readAt!: Date | null;
}

export const NotificationConnection = connectionOf(Notification, 'Notification', 'notifications');

@ObjectType({ description: 'How many items each part of the inbox holds: what a header shows beside "For me".' })
export class InboxCounts {
  @Field(() => Int, { description: 'Insights awaiting my review (see `Inbox.awaitingReview`).' })
  awaitingReview!: number;

  @Field(() => Int, { description: 'My drafts.' })
  drafts!: number;

  @Field(() => Int, { description: 'Insights I follow that others changed since I last opened them.' })
  followedChanges!: number;

  @Field(() => Int, { description: 'My insights challenged by someone else since I last opened them.' })
  challenges!: number;

  @Field(() => Int, { description: 'My unread notifications.' })
  unreadNotifications!: number;

  @Field(() => Int, { description: 'The sum of the five: what asks for my attention.' })
  total!: number;
}

@ObjectType({
  description:
    'The signed-in person\'s work queue ("For me"): what awaits their review, their drafts, what changed in what they follow, ' +
    'challenges to their insights, and their notifications. Every part is a list of its own; `counts` sums them up.',
})
export class Inbox {
  /** The person it belongs to. */
  employeeId!: string;
  /** Whether they may review insights (ANALYST or ADMIN). */
  reviews!: boolean;
}

@ObjectType({ description: 'A notification was made for the subscriber (and only for them).' })
export class NotificationReceivedEvent {
  @Field(() => String, { description: EVENT_CURSOR_DESCRIPTION })
  cursor!: string;

  @Field(() => Date, { description: 'When it was committed.' })
  at!: Date;

  notificationId!: string;
}

@InputType({ description: 'An insight to follow, stop following, or mark as read.' })
export class InsightRefInput {
  @Field(() => ID, { description: 'The insight.' })
  @MaxLength(100)
  id!: string;
}

@InputType({ description: 'Notifications to mark read.' })
export class MarkNotificationsReadInput {
  @Field(() => [ID], { description: 'The notifications (1 to 100); only your own. Already read ones stay as they were.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @MaxLength(100, { each: true })
  ids!: string[];
}
