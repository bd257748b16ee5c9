import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { DeletedRecords, RestoreAnnotation, RestoreCustomer, RestoreInteraction, RestoreNeed } from '../components/corrections/operations';
import { Pager, useCursorPages } from '../components/Pager';
import { Empty, ErrorNotice, format, Loading } from '../components/Status';
import type { DeletedRecordsQuery } from '../gql/graphql';
import { isAdmin, useSession } from '../session';

const PAGE_SIZE = 25;

type Deleted = DeletedRecordsQuery['deletedRecords']['edges'][number]['node'];

const TYPE_WORDS: Record<string, string> = {
  CUSTOMER: 'Customer',
  INTERACTION: 'Interaction',
  NEED: 'Need',
  ANNOTATION: 'Annotation',
  INSIGHT: 'Insight',
};

/**
 * Recently deleted: what people deleted and an ADMIN can still restore (until the purge), newest
 * first, with who deleted it, when and why. "Restore" brings a record back with what went with it.
 */
export function RecentlyDeleted() {
  const { session } = useSession();
  return (
    <section aria-labelledby="deleted-title">
      <h1 id="deleted-title">Recently deleted</h1>
      <p className="lead">
        Deleted records are hidden from every list, count, search and dashboard. Until they are purged (30 days after deletion unless
        configured otherwise), an ADMIN can restore them here, with what went with them.
      </p>
      {isAdmin(session) ? (
        <DeletedList />
      ) : (
        <p className="notice notice-info" data-testid="read-only">
          Your role ({session?.roles.join(', ') || 'none'}) does not restore deleted records: that needs ADMIN.
        </p>
      )}
    </section>
  );
}

function DeletedList() {
  const pages = useCursorPages('deleted');
  const { data, previousData, loading, error, refetch } = useQuery(DeletedRecords, {
    variables: { first: PAGE_SIZE, after: pages.after },
    fetchPolicy: 'network-only',
  });
  const shown = (data ?? previousData)?.deletedRecords;
  const [restoring, setRestoring] = useState<string | null>(null);
  const [done, setDone] = useState<ReactNode>(null);
  const [restoreError, setRestoreError] = useState<unknown>(null);
  const [restoreInteraction] = useMutation(RestoreInteraction);
  const [restoreCustomer] = useMutation(RestoreCustomer);
  const [restoreNeed] = useMutation(RestoreNeed);
  const [restoreAnnotation] = useMutation(RestoreAnnotation);

  /** Restores one record by its type; says where to find it again. */
  async function restore(r: Deleted) {
    setRestoring(r.id);
    setRestoreError(null);
    setDone(null);
    const input = { id: r.recordId };
    try {
      let where: ReactNode = null;
      if (r.recordType === 'INTERACTION') {
        const { data: d } = await restoreInteraction({ variables: { input } });
        const c = d?.restoreInteraction.customer;
        if (c) where = <Link to={`/customers/${c.id}?tab=timeline`}>Open {c.name}</Link>;
      } else if (r.recordType === 'CUSTOMER') {
        const { data: d } = await restoreCustomer({ variables: { input } });
        if (d) where = <Link to={`/customers/${d.restoreCustomer.id}`}>Open {d.restoreCustomer.name}</Link>;
      } else if (r.recordType === 'NEED') {
        await restoreNeed({ variables: { input } });
      } else if (r.recordType === 'ANNOTATION') {
        const { data: d } = await restoreAnnotation({ variables: { input } });
        const i = d?.restoreAnnotation.insight;
        if (i) where = <Link to={`/insights/${i.id}`}>Open the insight “{i.title}”</Link>;
      } else {
        throw new Error(`A ${r.recordType.toLowerCase()} cannot be restored here.`);
      }
      setDone(
        <>
          Restored {TYPE_WORDS[r.recordType]?.toLowerCase() ?? 'record'} “{r.label}”.{where ? <> {where}.</> : null}
        </>,
      );
      await refetch();
    } catch (e) {
      setRestoreError(e);
    } finally {
      setRestoring(null);
    }
  }

  if (!shown && loading) return <Loading what="deleted records" />;
  return (
    <>
      <ErrorNotice error={error} onRetry={refetch} />
      <ErrorNotice error={restoreError} />
      {done ? (
        <p className="notice notice-info" role="status" data-testid="restored">
          {done}
        </p>
      ) : null}
      {shown ? (
        shown.edges.length === 0 ? (
          <Empty>Nothing was deleted recently.</Empty>
        ) : (
          <>
            <table aria-label="Recently deleted records, newest first" data-testid="deleted-records">
              <thead>
                <tr>
                  <th>What</th>
                  <th>Type</th>
                  <th>Deleted</th>
                  <th>By</th>
                  <th>Reason</th>
                  <th>Restorable until</th>
                  <th>
                    <span className="sr-only">Restore</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.edges.map(({ node: r }) => (
                  <tr key={r.id} data-record-id={r.recordId}>
                    <td>
                      {r.label}
                      {r.cascadedCount ? (
                        <div className="muted">
                          with {r.cascadedCount} record{r.cascadedCount === 1 ? '' : 's'} deleted along
                        </div>
                      ) : null}
                    </td>
                    <td>{TYPE_WORDS[r.recordType] ?? format.words(r.recordType)}</td>
                    <td>{format.dateTime(r.deletedAt)}</td>
                    <td>{r.by?.name ?? '–'}</td>
                    <td>{r.reason ?? <span className="muted">none given</span>}</td>
                    <td>{format.date(r.restorableUntil)}</td>
                    <td>
                      <button type="button" className="secondary" onClick={() => void restore(r)} disabled={restoring !== null}>
                        {restoring === r.id ? 'Restoring…' : 'Restore'}
                        <span className="sr-only"> “{r.label}”</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {shown.totalCount > PAGE_SIZE ? (
              <Pager
                pages={pages}
                pageInfo={shown.pageInfo}
                totalCount={shown.totalCount}
                pageSize={PAGE_SIZE}
                loading={loading}
                labels={['Newer', 'Older']}
              />
            ) : null}
          </>
        )
      ) : null}
    </>
  );
}
