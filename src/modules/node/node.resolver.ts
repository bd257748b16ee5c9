import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, ID, Info, Query, Resolver } from 'type-graphql';
import { DomainError, ErrorCode } from '../../common/errors';
import type { Row } from '../../db/graph';
import type { Reader } from '../../db/read-batcher';
import { AccessRole } from '../../graphql/access';
import type { Context } from '../../graphql/context';
import { Node } from '../../graphql/node';
import { survivorOfMerged } from '../merge/merge.resolver';

/** The most ids `nodes` takes at once (the page size cap of every list). */
export const MAX_NODE_IDS = 100;

/** The longest id looked up, as everywhere in this API (ids made here are 36 characters). */
const MAX_ID_LENGTH = 100;
const idTooLong = (field: string) =>
  new DomainError(ErrorCode.BAD_USER_INPUT, `${field === 'id' ? 'The id is' : 'Each id is'} at most ${MAX_ID_LENGTH} characters.`, {
    field,
  });

/**
 * Which label holds each id: one statement for every id asked for in a request, one index look-up
 * per label (every label here has a unique constraint on `id`). The labels are the types that
 * implement Node, and the records merged into another (whose ids stand for the survivor, as in
 * `customer(id:)` and `need(id:)`). A deleted record has none of these labels: it is not found.
 */
export function nodeLabelLoader(reader: Reader): DataLoader<string, string | null> {
  return new DataLoader(async (ids) => {
    const rows = await reader.read(
      `UNWIND $ids AS id
       CALL (id) {
         MATCH (:Customer {id: id}) RETURN 'Customer' AS label
         UNION ALL MATCH (:Employee {id: id}) RETURN 'Employee' AS label
         UNION ALL MATCH (:Interaction {id: id}) RETURN 'Interaction' AS label
         UNION ALL MATCH (:Need {id: id}) RETURN 'Need' AS label
         UNION ALL MATCH (:Insight {id: id}) RETURN 'Insight' AS label
         UNION ALL MATCH (:Annotation {id: id}) RETURN 'Annotation' AS label
         UNION ALL MATCH (:Topic {id: id}) RETURN 'Topic' AS label
         UNION ALL MATCH (:Segment {id: id}) RETURN 'Segment' AS label
         UNION ALL MATCH (:Webhook {id: id}) RETURN 'Webhook' AS label
         UNION ALL MATCH (:WebhookDelivery {id: id}) RETURN 'WebhookDelivery' AS label
         UNION ALL MATCH (:AuditEntry {id: id}) RETURN 'AuditEntry' AS label
         UNION ALL MATCH (:MergedCustomer {id: id}) RETURN 'MergedCustomer' AS label
         UNION ALL MATCH (:MergedNeed {id: id}) RETURN 'MergedNeed' AS label
       }
       RETURN id, label`,
      { ids: [...new Set(ids)] },
      'node labels',
      ['id', 'label'],
    );
    const labels = new Map(rows.map((r) => [r.id as string, r.label as string]));
    return ids.map((id) => labels.get(id) ?? null);
  });
}

/** How each type of Node is read by id (the type's own loader, so `node` answers as the type's own look-up), and who may read it. */
const NODE_TYPES: Record<
  string,
  { load: (ctx: Context, id: string, info: GraphQLResolveInfo) => Promise<Row | null>; adminOnly?: boolean }
> = {
  Customer: { load: (ctx, id) => ctx.loaders.customer.byId.load(id) },
  Employee: { load: (ctx, id) => ctx.loaders.employee.byId.load(id) },
  Interaction: { load: (ctx, id) => ctx.loaders.interaction.byId.load(id) },
  Need: { load: (ctx, id) => ctx.loaders.need.byId.load(id) },
  Insight: { load: (ctx, id) => ctx.loaders.insight.byId.load(id) },
  Annotation: { load: (ctx, id) => ctx.loaders.annotation.byId.load(id) },
  Topic: { load: (ctx, id) => ctx.loaders.topic.byId.load(id) },
  Segment: { load: (ctx, id) => ctx.loaders.segment.byId.load(id) },
  Webhook: { load: (ctx, id) => ctx.loaders.webhook.byId.load(id), adminOnly: true },
  WebhookDelivery: { load: (ctx, id) => ctx.loaders.webhook.deliveryById.load(id), adminOnly: true },
  AuditEntry: { load: (ctx, id) => ctx.loaders.audit.byId.load(id), adminOnly: true },
};

/** The records merged into another: their ids give the survivor, of this type. */
const MERGED: Record<string, 'Customer' | 'Need'> = { MergedCustomer: 'Customer', MergedNeed: 'Need' };

/**
 * The Node with this id as the caller may see it: null when there is none; for a type they may not
 * read, FORBIDDEN, or null when `forbidden` says so.
 */
async function findNode(ctx: Context, info: GraphQLResolveInfo, id: string, forbidden: 'throw' | 'null' = 'throw'): Promise<Row | null> {
  const label = await ctx.loaders.node.label.load(id);
  if (!label) return null;
  const merged = MERGED[label];
  if (merged) {
    const survivor = await survivorOfMerged(ctx, info, merged, id);
    return survivor && { ...survivor, __label: merged };
  }
  const type = NODE_TYPES[label];
  if (type.adminOnly && !ctx.user?.roles.includes(AccessRole.ADMIN)) {
    if (forbidden === 'null') return null;
    throw new DomainError(ErrorCode.FORBIDDEN, `'${id}' is a record of type ${label}; reading it needs the role ADMIN.`, { id });
  }
  const node = await type.load(ctx, id, info);
  return node && { ...node, __label: label };
}

/**
 * The records among these ids that are there now and that the caller may read, in the order given:
 * the others (unknown, deleted, ADMIN-only for a caller without ADMIN) are left out.
 */
export async function liveNodes(ctx: Context, info: GraphQLResolveInfo, ids: readonly string[]): Promise<Row[]> {
  const found = await Promise.all(ids.map((id) => findNode(ctx, info, id, 'null')));
  return found.filter((n): n is Row => n !== null);
}

@Resolver()
export class NodeResolver {
  @Authorized()
  @Query(() => Node, {
    nullable: true,
    description:
      'Any record by its id alone, whatever its type (Relay global object identification): select its fields with `... on Customer { ... }`. ' +
      'Null when there is none (or it was deleted). It answers as the look-up of its own type would: the id of a customer or need merged into another ' +
      'gives the survivor, and the same fields are withheld by role. A Webhook, WebhookDelivery or AuditEntry needs ADMIN (else FORBIDDEN).',
  })
  node(
    @Arg('id', () => ID, { description: 'The id of any record that implements Node.' }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    if (id.length > MAX_ID_LENGTH) throw idTooLong('id');
    return findNode(ctx, info, id);
  }

  @Authorized()
  @Query(() => [Node], {
    nullable: 'items',
    description:
      `Several records by id, whatever their types, in the order asked (1 to ${MAX_NODE_IDS} ids; an id may repeat): each is what \`node(id:)\` gives, ` +
      "null where there is none, and an error of its own (with the item's path) where the caller may not read it; the others are served.",
  })
  nodes(
    @Arg('ids', () => [ID], { description: `The ids, 1 to ${MAX_NODE_IDS}.` }) ids: string[],
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    if (ids.length === 0 || ids.length > MAX_NODE_IDS) {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `Give 1 to ${MAX_NODE_IDS} ids (${ids.length} were given).`, { field: 'ids' });
    }
    if (ids.some((id) => id.length > MAX_ID_LENGTH)) throw idTooLong('ids');
    return ids.map((id) => findNode(ctx, info, id));
  }
}
