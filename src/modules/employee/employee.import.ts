import { heldByAnother, Triage, upsertRow, type RecordHandler } from '../../import/handler';
import * as repo from '../../import/import.repository';

/**
 * Imports employees (`npm run import`, records.ts `employee`): upserted by external id, the email in
 * lower case; an email held by another employee, in the graph or earlier in the batch, is rejected
 * (emails are unique whatever their case, as in the API).
 */
export const importEmployees: RecordHandler<'employee'> = async (tx, items) => {
  const owners = await repo.uniqueValueOwners(
    tx,
    'Employee',
    items.map((i) => i.record.email.toLowerCase()),
  );
  const emails = new Map<string, string>();
  const t = new Triage(items, (r) =>
    heldByAnother(r.email.toLowerCase(), r.externalId, owners, emails) ? `email '${r.email}' is already used by another employee` : null,
  );
  const written = await repo.upsertByExternalId(
    tx,
    'Employee',
    t.accepted.map(({ record: r }) =>
      upsertRow(r, {
        name: r.name,
        nameLower: r.name.toLowerCase(),
        email: r.email.toLowerCase(),
        team: r.team,
        role: r.role,
        accessRoles: r.accessRoles,
      }),
    ),
  );
  return { rejects: t.rejects, outcomes: written.map((w) => w.outcome) };
};
