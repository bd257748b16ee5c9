import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { graphql } from '../gql';
import { Empty, ErrorNotice, format, Loading } from '../components/Status';
import { Pager, useCursorPages } from '../components/Pager';
import { ExportButton } from '../components/lists/ExportButton';
import { SavedViews } from '../components/lists/SavedViews';
import {
  exportQuery,
  listFromParams,
  PAGE_SIZES,
  RELATIONSHIPS,
  STAGES,
  type ListState,
  type SortKey,
} from '../components/lists/list-state';
import { canWrite, useSession } from '../session';

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
  query FindCustomers($filter: CustomerFilter, $orderBy: CustomerOrder, $first: Int!, $after: String) {
    customers(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
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
          healthScore
          lastContactAt
        }
      }
    }
  }
`);

const AssignOwner = graphql(`
  mutation AssignOwnerInBulk($input: AssignAccountOwnerInput!) {
    assignAccountOwner(input: $input) {
      id
      owners {
        id
        name
      }
    }
  }
`);

/**
 * Find customers: a name search and filters (lifecycle stage, relationship type, segment, need,
 * owner), sorting by a column (name, revenue, lifetime value, health, last contact), 20, 50 or 100
 * to a page, all kept in the address so that a reload or a shared link shows the same list; saved
 * views, export to CSV, and a selection of rows to export or (ANALYST, ADMIN) to give an owner.
 */
export function Customers() {
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const [name, setName] = useState(params.get('name') ?? '');
  const options = useQuery(FinderOptions);
  const list = listFromParams(params);

  // A new search starts at the first page.
  const key = params.toString();
  const pages = useCursorPages(key);
  const { data, previousData, loading, error } = useQuery(FindCustomers, {
    variables: { filter: list.filter, orderBy: list.orderBy, first: list.size, after: pages.after },
  });
  const shown = data ?? previousData;
  const [selected, setSelected] = useState<{ key: string; ids: Set<string> }>({ key, ids: new Set() });
  const selection = selected.key === key ? selected.ids : new Set<string>();
  const select = (ids: Set<string>) => setSelected({ key, ids });

  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const sortBy = (column: SortKey) => {
    const next = new URLSearchParams(params);
    const dir = list.sort === column && list.dir === 'asc' ? 'desc' : 'asc';
    next.set('sort', column);
    next.set('dir', dir);
    setParams(next, { replace: true });
  };

  const connection = shown?.customers;
  const rows = connection?.edges.map((e) => e.node) ?? [];
  const allOnPage = rows.length > 0 && rows.every((r) => selection.has(r.id));
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
      <SavedViews
        params={params}
        onPick={(next) => {
          setName(next.get('name') ?? '');
          setParams(next, { replace: true });
        }}
      />
      <ErrorNotice error={options.error} />
      <ErrorNotice error={error} />
      {loading && !shown ? <Loading what="customers" /> : null}
      {connection ? (
        <>
          <div className="row list-tools">
            <p className="muted" aria-live="polite">
              {connection.totalCount === 1 ? '1 customer' : `${connection.totalCount} customers`}
            </p>
            <div className="field inline">
              <label htmlFor="page-size">Rows per page</label>
              <select id="page-size" value={String(list.size)} onChange={(e) => set('size', e.target.value === '20' ? '' : e.target.value)}>
                {PAGE_SIZES.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </div>
            <ExportButton label="Export to CSV" query={exportQuery(params)} token={session!.token} />
          </div>
          {selection.size > 0 ? (
            <Selection
              ids={[...selection]}
              token={session!.token}
              canAssign={canWrite(session)}
              employees={options.data?.employees.edges ?? []}
              onClear={() => select(new Set())}
            />
          ) : null}
          {connection.edges.length === 0 ? (
            <Empty>No customer matches. Loosen a filter or search for part of a name.</Empty>
          ) : (
            <table aria-label="Customers" data-keyboard-list="">
              <thead>
                <tr>
                  <th scope="col" className="select">
                    <input
                      type="checkbox"
                      aria-label="Select all on this page"
                      checked={allOnPage}
                      onChange={(e) => {
                        const ids = new Set(selection);
                        for (const r of rows) {
                          if (e.target.checked) ids.add(r.id);
                          else ids.delete(r.id);
                        }
                        select(ids);
                      }}
                    />
                  </th>
                  <SortHeader column="name" label="Name" list={list} onSort={sortBy} />
                  <th scope="col">Stage</th>
                  <th scope="col">Relationship</th>
                  <th scope="col">Segment</th>
                  <SortHeader column="revenue" label="Revenue" list={list} onSort={sortBy} numeric />
                  <SortHeader column="lifetime-value" label="Lifetime value" list={list} onSort={sortBy} numeric />
                  <SortHeader column="health" label="Health" list={list} onSort={sortBy} numeric />
                  <SortHeader column="last-contact" label="Last contact" list={list} onSort={sortBy} />
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.id} data-keyboard-row="" className={selection.has(c.id) ? 'selected' : undefined}>
                    <td className="select">
                      <input
                        type="checkbox"
                        aria-label={`Select ${c.name}`}
                        checked={selection.has(c.id)}
                        onChange={(e) => {
                          const ids = new Set(selection);
                          if (e.target.checked) ids.add(c.id);
                          else ids.delete(c.id);
                          select(ids);
                        }}
                      />
                    </td>
                    <td>
                      <Link to={`/customers/${c.id}`} data-keyboard-open="">
                        {c.name}
                      </Link>{' '}
                      <span className="muted">{c.kind === 'PERSON' ? '(person)' : ''}</span>
                    </td>
                    <td>{format.words(c.lifecycleStage)}</td>
                    <td>{format.words(c.relationshipType)}</td>
                    <td>{c.segment?.name ?? '–'}</td>
                    <td className="num">{format.money(c.revenue)}</td>
                    <td className="num">{format.money(c.lifetimeValue)}</td>
                    <td className="num">{c.healthScore ?? <span title="No analytics consent">–</span>}</td>
                    <td>{format.date(c.lastContactAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager
            pages={pages}
            pageInfo={connection.pageInfo}
            totalCount={connection.totalCount}
            pageSize={list.size}
            loading={loading}
            labels={['Previous page', 'Next page']}
          />
        </>
      ) : null}
    </section>
  );
}

/** A column header that sorts the list: a button inside the header cell, which says the order it shows (aria-sort). */
function SortHeader(props: { column: SortKey; label: string; list: ListState; onSort(column: SortKey): void; numeric?: boolean }) {
  const active = props.list.sort === props.column;
  const sort = active ? (props.list.dir === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <th scope="col" aria-sort={sort} className={props.numeric ? 'num sortable' : 'sortable'}>
      <button type="button" className="sort" onClick={() => props.onSort(props.column)}>
        {props.label}
        <span aria-hidden="true" className="sort-mark">
          {active ? (props.list.dir === 'asc' ? ' ▲' : ' ▼') : ''}
        </span>
      </button>
    </th>
  );
}

/** What to do with the chosen rows: export them; give them an owner (ANALYST, ADMIN: what `assignAccountOwner` allows). */
function Selection(props: {
  ids: string[];
  token: string;
  canAssign: boolean;
  employees: { node: { id: string; name: string } }[];
  onClear(): void;
}) {
  const [owner, setOwner] = useState('');
  const [assign] = useMutation(AssignOwner);
  const [state, setState] = useState<{ busy: boolean; done: string | null; error: unknown }>({ busy: false, done: null, error: null });
  const query = new URLSearchParams();
  for (const id of props.ids) query.append('id', id);
  return (
    <div className="card row selection" role="region" aria-label="Selected customers">
      <p>
        <strong>{props.ids.length === 1 ? '1 customer selected' : `${props.ids.length} customers selected`}</strong>
      </p>
      <ExportButton
        label="Export selected to CSV"
        query={query}
        token={props.token}
        fileName={`customers-selected-${new Date().toISOString().slice(0, 10)}.csv`}
      />
      {props.canAssign ? (
        <form
          className="row"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!owner) return;
            setState({ busy: true, done: null, error: null });
            try {
              // One mutation per customer (the API has no bulk form of it), one after the other.
              for (const customerId of props.ids) await assign({ variables: { input: { customerId, employeeId: owner } } });
              const name = props.employees.find((x) => x.node.id === owner)?.node.name ?? 'The employee';
              setState({
                busy: false,
                done: `${name} now owns ${props.ids.length === 1 ? 'the selected customer' : `the ${props.ids.length} selected customers`}.`,
                error: null,
              });
            } catch (error) {
              setState({ busy: false, done: null, error });
            }
          }}
        >
          <div className="field inline">
            <label htmlFor="bulk-owner">Assign owner</label>
            <select id="bulk-owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
              <option value="">Choose an employee</option>
              {props.employees.map((e) => (
                <option key={e.node.id} value={e.node.id}>
                  {e.node.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={!owner || state.busy}>
            Assign
          </button>
        </form>
      ) : null}
      <button type="button" className="secondary" onClick={props.onClear}>
        Clear selection
      </button>
      {state.done ? (
        <p className="notice notice-info" role="status">
          {state.done}
        </p>
      ) : null}
      <ErrorNotice error={state.error} />
    </div>
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
