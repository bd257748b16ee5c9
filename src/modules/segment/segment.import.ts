import { heldByAnother, Triage, upsertRow, type RecordHandler } from '../../import/handler';
import * as repo from '../../import/import.repository';

/**
 * Imports segments (`npm run import`, records.ts `segment`): upserted by external id; a name held by
 * another segment, in the graph or earlier in the batch, is rejected (names are unique, as in the API).
 * No description is an empty one, as `createSegment` makes it (`description` is never null).
 */
export const importSegments: RecordHandler<'segment'> = async (tx, items) => {
  const owners = await repo.uniqueValueOwners(
    tx,
    'Segment',
    items.map((i) => i.record.name),
  );
  const names = new Map<string, string>();
  const t = new Triage(items, (r) =>
    heldByAnother(r.name, r.externalId, owners, names) ? `name '${r.name}' is already used by another segment` : null,
  );
  const written = await repo.upsertByExternalId(
    tx,
    'Segment',
    t.accepted.map(({ record: r }) => upsertRow(r, { name: r.name, nameLower: r.name.toLowerCase(), description: r.description ?? '' })),
  );
  return { rejects: t.rejects, outcomes: written.map((w) => w.outcome) };
};
