import { ArgsType, Arg, Ctx, Field, FieldResolver, ID, Int, Resolver, Root, Subscription, Authorized } from 'type-graphql';
import { recordChangedFilter } from './history.events';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, OrderDirection, pageRequest } from '../../common/connection';
import { PERSONAL_DATA_ROLES } from '../../graphql/access';
import { type Context } from '../../graphql/context';
import { AFTER_CURSOR_DESCRIPTION, Topics, type Delivered } from '../../realtime/topics';
import { Employee } from '../employee/employee.type';
import {
  FieldChange,
  RecordChange,
  RecordChangedEvent,
  RecordChangeKind,
  RecordType,
  typeOfLabel,
  type RecordChangeConnection,
} from './history.type';

/** Fields that are personal data, by record type: their values in a history are for ANALYST and ADMIN only. */
export const PERSONAL_FIELDS: Partial<Record<RecordType, readonly string[]>> = {
  // mergedEmail, mergedPhone: those of a customer merged into this one (its MERGED entry).
  [RecordType.CUSTOMER]: ['email', 'phone', 'mergedEmail', 'mergedPhone'],
  [RecordType.INTERACTION]: ['content'],
};

@ArgsType()
export class HistoryArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_PAGE_SIZE,
    description: `How many changes to return, 0 to ${MAX_PAGE_SIZE}. Default (also when null): ${DEFAULT_PAGE_SIZE}.`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return the changes after this cursor (an `endCursor` of the same history).' })
  after?: string;
}

/** Description of `history` on every record type that keeps one. */
export const HISTORY_DESCRIPTION =
  'Its corrections, newest first: every edit, link removed, deletion, restore and merge, with what it replaced, who made it and when. ' +
  'Changes made before histories were kept are absent.';

/** The history of one record, as a connection (for the `history` field of each record type). */
export function historyOf(ctx: Context, recordId: string, args: HistoryArgs): RecordChangeConnection {
  return ctx.loaders.history.list.connection(
    pageRequest(args, {}, { field: 'AT', direction: OrderDirection.DESC }, { recordId }),
  ) as unknown as RecordChangeConnection;
}

@Resolver(() => RecordChange)
export class RecordChangeResolver {
  @FieldResolver(() => RecordType, { description: 'The kind of record changed.' })
  recordType(@Root() c: RecordChange): RecordType {
    return typeOfLabel(c.recordType);
  }

  @FieldResolver(() => [FieldChange], { description: 'The fields changed, by name.' })
  changes(@Root() c: RecordChange & { before?: string; after?: string }, @Ctx() ctx: Context): FieldChange[] {
    const before = parse(c.before);
    const after = parse(c.after);
    const personal = PERSONAL_FIELDS[typeOfLabel<RecordType>(c.recordType)] ?? [];
    const mayRead = !!ctx.user?.roles.some((r) => PERSONAL_DATA_ROLES.includes(r));
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return fields.map((field) => {
      const withheld = !mayRead && personal.includes(field);
      return {
        field,
        before: withheld || before[field] === undefined || before[field] === null ? null : JSON.stringify(before[field]),
        after: withheld || after[field] === undefined || after[field] === null ? null : JSON.stringify(after[field]),
        withheld,
      };
    });
  }

  @FieldResolver(() => Employee, { nullable: true, description: 'Who made it; null when that employee no longer exists.' })
  by(@Root() c: RecordChange, @Ctx() ctx: Context) {
    return c.actorId ? ctx.loaders.employee.byId.load(c.actorId) : null;
  }

  @Authorized()
  @Subscription(() => RecordChangedEvent, {
    description:
      'Every correction committed from now on: edits, links removed, deletions, restores and merges of customers, interactions, ' +
      'annotations, needs, segments and topics (insights have `insightChanged`). Each argument given narrows the stream (AND). ' +
      'Filters apply on the server.',
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      return ctx.events.subscribe(
        Topics.RECORD_CHANGED,
        recordChangedFilter({ recordTypes: args.recordTypes, kinds: args.kinds, recordId: args.recordId, customerId: args.customerId }),
        () => ctx.onSubscriberOverflow?.(),
        args.after as string | null | undefined,
      );
    },
  })
  recordChanged(
    @Root() p: Delivered<typeof Topics.RECORD_CHANGED>,
    @Ctx() ctx: Context,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION }) _after: string | undefined,
    @Arg('recordTypes', () => [RecordType], { nullable: true, description: 'Only changes of these kinds of record.' })
    _recordTypes?: RecordType[],
    @Arg('kinds', () => [RecordChangeKind], { nullable: true, description: 'Only these kinds of change.' }) _kinds?: RecordChangeKind[],
    @Arg('recordId', () => ID, {
      nullable: true,
      description: 'Only changes of this record (as the record changed, or as the other record of a merge).',
    })
    _recordId?: string,
    @Arg('customerId', () => ID, {
      nullable: true,
      description: 'Only changes of records that concern this customer (the customer itself, its interactions, needs it holds).',
    })
    _customerId?: string,
  ): RecordChangedEvent {
    ctx.useEventLoaders(p);
    return {
      cursor: p.cursor,
      kind: p.kind as RecordChangeKind,
      recordType: typeOfLabel(p.recordType),
      recordId: p.recordId,
      otherId: p.otherId,
      customerIds: p.customerIds,
      at: new Date(p.at),
      changeId: p.changeId,
      actorId: p.actorId,
    };
  }
}

@Resolver(() => RecordChangedEvent)
export class RecordChangedEventResolver {
  @FieldResolver(() => Employee, { nullable: true, description: 'Who made the change.' })
  actor(@Root() e: RecordChangedEvent, @Ctx() ctx: Context) {
    return ctx.loaders.employee.byId.load(e.actorId);
  }

  @FieldResolver(() => RecordChange, {
    nullable: true,
    description: 'The history entry of the change; null when it no longer exists (its record was erased or purged since).',
  })
  change(@Root() e: RecordChangedEvent, @Ctx() ctx: Context) {
    return ctx.loaders.history.byId.load(e.changeId);
  }
}

function parse(json: string | undefined): Record<string, unknown> {
  if (!json) return {};
  try {
    const v = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}
