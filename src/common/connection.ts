import { ValidateNested } from 'class-validator';
import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType, type ClassType } from 'type-graphql';
import type { Direction, PageRequest, PageResult } from '../db/list-query';
import type { Row } from '../db/graph';
import { badInput } from './errors';

/**
 * Relay-style connections, one shape for every list of the API (see API-CONVENTIONS.md):
 * opaque cursors (base64 of the sort value and id, stable under inserts), `first` defaulting to
 * 20 and capped at 100 (a larger value is refused, not cut), and a lazily counted `totalCount`.
 */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'Sort direction.',
  valuesConfig: {
    ASC: { description: 'Smallest, earliest or alphabetically first values first.' },
    DESC: { description: 'Largest, latest or alphabetically last values first.' },
  },
});

@ObjectType({ description: 'Where a page sits in its list (Relay connection spec).' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page; fetch them with `after: endCursor`.' })
  hasNextPage!: boolean;

  @Field({ description: 'True when this page was fetched with `after`, so items come before it.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of this page; null when the page is empty.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of this page; pass it as `after` for the next page.' })
  endCursor!: string | null;
}

/**
 * Declares `<Name>Order { field: <fields enum>, direction }`, the sort order input of a list.
 * `fields` is a registered enum; `description` says what is listed and the default order.
 */
export function orderOf<F extends string>(fields: Record<string, F>, name: string, description: string) {
  @InputType(`${name}Order`, { description })
  class OrderInput {
    @Field(() => fields, { description: 'The field to sort by.' })
    field!: F;

    @Field(() => OrderDirection, { description: 'Ascending or descending.' })
    direction!: OrderDirection;
  }
  return OrderInput;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  readonly edges: Edge<T>[] | Promise<Edge<T>[]>;
  readonly pageInfo: PageInfo | Promise<PageInfo>;
  readonly totalCount: number | Promise<number>;
}

/**
 * Declares `<Name>Connection` and `<Name>Edge` for a node type. `description` names what is
 * listed, in the plural (e.g. "customers").
 */
export function connectionOf<T extends object>(node: ClassType<T>, name: string, what: string) {
  @ObjectType(`${name}Edge`, { description: `One item of a list of ${what}, with its cursor.` })
  class EdgeType {
    @Field({ description: 'Opaque cursor of this item; pass it as `after` to get the items that follow it.' })
    cursor!: string;

    @Field(() => node, { description: 'The item.' })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${what}.` })
  class ConnectionType {
    @Field(() => [EdgeType], { description: 'The items of this page, in list order.' })
    edges!: EdgeType[];

    @Field(() => PageInfo, { description: 'Where this page sits in the list.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many items match the filter in all pages (cursors ignored).' })
    totalCount!: number;
  }
  return ConnectionType;
}

/**
 * Declares the arguments of a list in a fixed order: `filter`, `first` (default 20, at most 100)
 * and `after`.
 */
export function filteredPageArgsOf<F extends object>(filter: ClassType<F>) {
  @ArgsType()
  class FilteredPageArgs {
    @Field(() => filter, { nullable: true, description: 'Only items that match every given field of this filter.' })
    @ValidateNested()
    filter?: F;

    // Nullable with a default (`first: Int = 20`), as API-CONVENTIONS.md declares it: a variable
    // sent as null means the default, as an omitted one does.
    @Field(() => Int, {
      nullable: true,
      defaultValue: DEFAULT_PAGE_SIZE,
      description: `How many items to return, 0 to ${MAX_PAGE_SIZE}. Default (also when null): ${DEFAULT_PAGE_SIZE}.`,
    })
    first?: number | null;

    @Field(() => String, {
      nullable: true,
      description:
        "Return the items after this cursor: an `endCursor` or edge `cursor` of a list of the same items in the same order (a cursor marks a position in that order, so one from another customer's list starts this one at the same point). A cursor of other items or another order, or a string this API did not issue, is BAD_USER_INPUT.",
    })
    after?: string;
  }
  return FilteredPageArgs;
}

/**
 * Declares the arguments of a sortable list: those of {@link filteredPageArgsOf} and `orderBy`.
 * `defaultOrder` describes the order used when `orderBy` is omitted.
 */
export function pageArgsOf<F extends object, O extends object>(filter: ClassType<F>, order: ClassType<O>, defaultOrder: string) {
  @ArgsType()
  class PageArgsType extends filteredPageArgsOf(filter) {
    @Field(() => order, { nullable: true, description: `Sort order. Default: ${defaultOrder}.` })
    orderBy?: O;
  }
  return PageArgsType;
}

/**
 * A cursor: the sort value and id of an item, and the scope it was made in (which list, sorted
 * how: {@link listCursorScope}), so that a cursor of one list or order is refused by another
 * instead of answering a page from the wrong place.
 */
export function encodeCursor(value: unknown, id: string, scope: string): string {
  const v = value instanceof Date ? value.toISOString() : value;
  return Buffer.from(JSON.stringify([v, id, scope]), 'utf8').toString('base64url');
}

/** The scope of a list's cursors: its label, sort field and direction. */
export const listCursorScope = (label: string, orderBy: string, direction: string) => `${label}.${orderBy}.${direction}`;

/** The refusal of a cursor this list did not make. */
export const invalidCursor = () =>
  badInput('after', 'The cursor given in `after` is not valid; use a cursor returned by this list, in the same order.');

/** Decodes an `after` cursor; a cursor that was not made by this API is `BAD_USER_INPUT`. */
export function decodeCursor(cursor: string): { v: unknown; id: string; scope: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      typeof parsed[1] === 'string' &&
      typeof parsed[2] === 'string' &&
      // null: an item without a value in a list sorted by a nullable property (its list checks it may have one).
      (parsed[0] === null || typeof parsed[0] !== 'object')
    ) {
      return { v: parsed[0], id: parsed[1], scope: parsed[2] };
    }
  } catch {
    /* fall through */
  }
  throw invalidCursor();
}

/** Checks `first` against the cap: 0..100. */
export function checkFirst(first: number | undefined | null): number {
  const n = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(n) || n < 0 || n > MAX_PAGE_SIZE) {
    throw badInput('first', `\`first\` must be between 0 and ${MAX_PAGE_SIZE}; got ${n}.`);
  }
  return n;
}

/** Arguments every list takes. */
export interface PageArgs<O extends string> {
  first?: number | null;
  after?: string | null;
  orderBy?: { field: O; direction: OrderDirection } | null;
}

/**
 * Turns GraphQL page arguments and a filter into a validated {@link PageRequest}. `parent`: for a
 * nested list, the filter field that ties it to its parent (`{ customerId: c.id }`). All given
 * fields must hold, so a caller's filter naming another parent there makes the page empty (`none`).
 */
export function pageRequest<F extends string, O extends string>(
  args: PageArgs<O>,
  filter: Partial<Record<F, unknown>>,
  defaultOrder: { field: O; direction: OrderDirection },
  parent: Partial<Record<F, string>> = {},
): PageRequest<F, O> {
  const order = args.orderBy ?? defaultOrder;
  const merged: Partial<Record<F, unknown>> = { ...filter };
  let none = false;
  for (const [field, value] of Object.entries(parent) as [F, string][]) {
    const given = merged[field];
    if (given !== undefined && given !== null && !sameParentValue(field, given, value)) none = true;
    merged[field] = value;
  }
  return {
    filter: toParams(merged),
    orderBy: order.field,
    direction: order.direction as Direction,
    first: checkFirst(args.first),
    ...(args.after !== undefined && args.after !== null ? cursorPosition(decodeCursor(args.after)) : {}),
    ...(none ? { none } : {}),
  };
}

/** Whether a filter value names the parent: ids exactly, a topic as topics are stored (trimmed, lower case). */
function sameParentValue(field: string, given: unknown, parent: string): boolean {
  return field === 'topic' ? String(given).trim().toLowerCase() === parent : given === parent;
}

/**
 * Builds a connection from a fetched page. `sortProperty` is the property the page was ordered
 * by, `scope` the cursors' ({@link listCursorScope}); `count` is called only when a client asks for `totalCount`. Cursors are encoded, and
 * `pageInfo` worked out, only when a client selects them.
 */
export function toConnection<T>(
  page: Promise<PageResult>,
  req: { after?: unknown },
  sortProperty: string,
  scope: string,
  count: () => Promise<number>,
): Connection<T> {
  const cursorOf = (n: Row) => encodeCursor(n[sortProperty], n.id, scope);
  const edges = page.then((p) =>
    p.nodes.map((n: Row): Edge<T> => ({
      node: n as T,
      get cursor() {
        return cursorOf(n);
      },
    })),
  );
  // A client may select only some of these fields; a failure is reported through the ones it
  // selected, and must not surface as an unhandled rejection through the others.
  for (const p of [page, edges]) p.catch(() => undefined);
  let pageInfo: Promise<PageInfo> | undefined;
  let counted: Promise<number> | undefined;
  return {
    edges,
    get pageInfo() {
      pageInfo ??= page.then((p) => ({
        hasNextPage: p.hasNextPage,
        hasPreviousPage: !!req.after,
        startCursor: p.nodes.length ? cursorOf(p.nodes[0]) : null,
        endCursor: p.nodes.length ? cursorOf(p.nodes[p.nodes.length - 1]) : null,
      }));
      return pageInfo;
    },
    get totalCount() {
      counted ??= count();
      return counted;
    },
  };
}

/** A filter as Cypher parameters: unset fields dropped, date-times as ISO strings. */
const cursorPosition = ({ v, id, scope }: { v: unknown; id: string; scope: string }) => ({ after: { v, id }, afterScope: scope });

/** A filter's given values as statement parameters: null and undefined left out, date-times as ISO strings. */
export function toParams<F extends string>(filter: Partial<Record<F, unknown>>): Partial<Record<F, unknown>> {
  const out: Partial<Record<F, unknown>> = {};
  for (const [k, v] of Object.entries(filter) as [F, unknown][]) {
    if (v === undefined || v === null) continue;
    out[k] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

/**
 * The description of a count beside a list (`interactionCount` beside `interactions`): the list's
 * `totalCount` without arguments. A field without arguments is one a mutation's answer can carry
 * and a normalized client cache updates in place, where `interactions(first: 20) { totalCount }`
 * is cached per set of arguments.
 */
export const countDescription = (what: string, list: string) =>
  `How many ${what}: \`${list} { totalCount }\` without a filter. Select it in a mutation's answer (through the record it returns) ` +
  'and a normalized client cache updates it in place, without another request (docs/front-end.md).';
