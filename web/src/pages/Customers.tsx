import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { graphql } from '../gql';
import type { CustomerFilter, LifecycleStage, RelationshipType } from '../gql/graphql';
import { Empty, ErrorNotice, format, Loading } from '../components/Status';
import { Pager, useCursorPages } from '../components/Pager';

const PAGE_SIZE = 20;
const STAGES: LifecycleStage[] = ['PROSPECT', 'ACTIVE', 'AT_RISK', 'CHURNED'];
const RELATIONSHIPS: RelationshipType[] = ['TRANSACTIONAL', 'COLLABORATIVE'];

const FinderOptions = graphql(`
  query FinderOptions {
    segments(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
    needs(first: 100, orderBy: { field: TITLE, direction: ASC }) {
      edges {
        node {
          id
          title
        }
      }
    }
    employees(first: 100, orderBy: { field: NAME, direction: ASC }) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

const FindCustomers = graphql(`
  query FindCustomers($filter: CustomerFilter, $first: Int!, $after: String) {
    customers(filter: $filter, first: $first, after: $after, orderBy: { field: NAME, direction: ASC }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          kind
          lifecycleStage
          relationshipType
          revenue
          lifetimeValue
          segment {
            id
            name
          }
          health {
            score
          }
          interactions(first: 1) {
            edges {
              node {
                id
                occurredAt
              }
            }
          }
        }
      }
    }
  }
`);

/**
 * Find customers: a name search and filters (lifecycle stage, relationship type, segment, need,
 * owner), kept in the address so a search can be shared, and a list paged 20 at a time.
 */
export function Customers() {
  const [params, setParams] = useSearchParams();
  const [name, setName] = useState(params.get('name') ?? '');
  const options = useQuery(FinderOptions);

  const filter: CustomerFilter = {};
  if (params.get('name')) filter.nameContains = params.get('name')!;
  if (params.get('stage')) filter.lifecycleStages = [params.get('stage') as LifecycleStage];
  if (params.get('relationship')) filter.relationshipTypes = [params.get('relationship') as RelationshipType];
  if (params.get('segment')) filter.segmentId = params.get('segment');
  if (params.get('need')) filter.hasNeedId = params.get('need');
  if (params.get('owner')) filter.ownerId = params.get('owner');

  // A new search starts at the first page.
  const key = params.toString();
  const pages = useCursorPages(key);
  const { data, previousData, loading, error } = useQuery(FindCustomers, { variables: { filter, first: PAGE_SIZE, after: pages.after } });
  const shown = data ?? previousData;

  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  const connection = shown?.customers;
  return (
    <section aria-labelledby="customers-title">
      <h1 id="customers-title">Customers</h1>
      <form
        className="card row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set('name', name.trim());
        }}
      >
        <div className="field">
          <label htmlFor="find-name">Name contains</label>
          <input
            id="find-name"
            type="search"
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Nordwind"
          />
        </div>
        <button type="submit">Search</button>
        <Select
          id="find-stage"
          label="Lifecycle stage"
          value={params.get('stage') ?? ''}
          onChange={(v) => set('stage', v)}
          options={STAGES.map((s) => [s, format.words(s)])}
        />
        <Select
          id="find-relationship"
          label="Relationship"
          value={params.get('relationship') ?? ''}
          onChange={(v) => set('relationship', v)}
          options={RELATIONSHIPS.map((s) => [s, format.words(s)])}
        />
        <Select
          id="find-segment"
          label="Segment"
          value={params.get('segment') ?? ''}
          onChange={(v) => set('segment', v)}
          options={(options.data?.segments.edges ?? []).map((e) => [e.node.id, e.node.name])}
        />
        <Select
          id="find-need"
          label="Has need"
          value={params.get('need') ?? ''}
          onChange={(v) => set('need', v)}
          options={(options.data?.needs.edges ?? []).map((e) => [e.node.id, e.node.title])}
        />
        <Select
          id="find-owner"
          label="Owner"
          value={params.get('owner') ?? ''}
          onChange={(v) => set('owner', v)}
          options={(options.data?.employees.edges ?? []).map((e) => [e.node.id, e.node.name])}
        />
        {key ? (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setName('');
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            Clear
          </button>
        ) : null}
      </form>
      <ErrorNotice error={options.error} />
      <ErrorNotice error={error} />
      {loading && !shown ? <Loading what="customers" /> : null}
      {connection ? (
        <>
          <p className="muted" aria-live="polite">
            {connection.totalCount === 1 ? '1 customer' : `${connection.totalCount} customers`}
          </p>
          {connection.edges.length === 0 ? (
            <Empty>No customer matches. Loosen a filter or search for part of a name.</Empty>
          ) : (
            <table aria-label="Customers">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Stage</th>
                  <th>Relationship</th>
                  <th>Segment</th>
                  <th className="num">Revenue</th>
                  <th className="num">Lifetime value</th>
                  <th className="num">Health</th>
                  <th>Last contact</th>
                </tr>
              </thead>
              <tbody>
                {connection.edges.map(({ node: c }) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/customers/${c.id}`}>{c.name}</Link> <span className="muted">{c.kind === 'PERSON' ? '(person)' : ''}</span>
                    </td>
                    <td>{format.words(c.lifecycleStage)}</td>
                    <td>{format.words(c.relationshipType)}</td>
                    <td>{c.segment?.name ?? '–'}</td>
                    <td className="num">{format.money(c.revenue)}</td>
                    <td className="num">{format.money(c.lifetimeValue)}</td>
                    <td className="num">{c.health ? c.health.score : <span title="No analytics consent">–</span>}</td>
                    <td>{format.date(c.interactions.edges[0]?.node.occurredAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager
            pages={pages}
            pageInfo={connection.pageInfo}
            totalCount={connection.totalCount}
            pageSize={PAGE_SIZE}
            loading={loading}
            labels={['Previous page', 'Next page']}
          />
        </>
      ) : null}
    </section>
  );
}

function Select(props: { id: string; label: string; value: string; onChange(v: string): void; options: [string, string][] }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">Any</option>
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
