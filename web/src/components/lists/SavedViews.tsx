import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../../gql';
import { ErrorNotice } from '../Status';
import { paramsOfView, showsView, viewOfParams } from './list-state';

const MySavedViews = graphql(`
  query MySavedViews {
    savedViews {
      id
      name
      list
      pageSize
      filter {
        nameContains
        lifecycleStages
        relationshipTypes
        segmentId
        hasNeedId
        ownerId
      }
      orderBy {
        field
        direction
      }
    }
  }
`);

const SaveView = graphql(`
  mutation SaveView($input: SaveViewInput!) {
    saveView(input: $input) {
      id
      name
    }
  }
`);

const DeleteSavedView = graphql(`
  mutation DeleteSavedView($input: DeleteSavedViewInput!) {
    deleteSavedView(input: $input) {
      id
    }
  }
`);

/**
 * The signed-in person's saved views of the customer list (kept in the graph for them alone):
 * pick one (the list takes its filter, order and page size), save the list as it is under a name
 * (the same name replaces that view), delete the one shown.
 */
export function SavedViews({ params, onPick }: { params: URLSearchParams; onPick(next: URLSearchParams): void }) {
  const views = useQuery(MySavedViews);
  const [save, saving] = useMutation(SaveView, { refetchQueries: [MySavedViews], awaitRefetchQueries: true });
  const [remove, removing] = useMutation(DeleteSavedView, { refetchQueries: [MySavedViews], awaitRefetchQueries: true });
  const [name, setName] = useState('');
  const [said, setSaid] = useState<string | null>(null);
  const list = views.data?.savedViews ?? [];
  const current = list.find((v) => showsView(params, v));
  return (
    <div className="card row saved-views" role="region" aria-label="Saved views">
      <div className="field">
        <label htmlFor="saved-view">Saved view</label>
        <select
          id="saved-view"
          value={current?.id ?? ''}
          onChange={(e) => {
            const view = list.find((v) => v.id === e.target.value);
            setSaid(null);
            onPick(view ? paramsOfView(view) : new URLSearchParams());
          }}
        >
          <option value="">{list.length ? 'None chosen' : 'No saved view yet'}</option>
          {list.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
      </div>
      {current ? (
        <button
          type="button"
          className="secondary"
          disabled={removing.loading}
          onClick={async () => {
            await remove({ variables: { input: { id: current.id } } }).catch(() => undefined);
            setSaid(`Deleted the view “${current.name}”.`);
          }}
        >
          Delete view
        </button>
      ) : null}
      <form
        className="row"
        onSubmit={async (e) => {
          e.preventDefault();
          const trimmed = name.trim();
          if (!trimmed) return;
          const view = viewOfParams(params);
          const done = await save({
            variables: {
              input: {
                name: trimmed,
                list: 'CUSTOMERS',
                filter: {
                  nameContains: view.filter.nameContains ?? null,
                  lifecycleStages: view.filter.lifecycleStages ?? null,
                  relationshipTypes: view.filter.relationshipTypes ?? null,
                  segmentId: view.filter.segmentId ? String(view.filter.segmentId) : null,
                  hasNeedId: view.filter.hasNeedId ? String(view.filter.hasNeedId) : null,
                  ownerId: view.filter.ownerId ? String(view.filter.ownerId) : null,
                },
                orderBy: view.orderBy,
                pageSize: view.pageSize,
              },
            },
          }).catch(() => null);
          if (done?.data) {
            setName('');
            setSaid(`Saved the view “${done.data.saveView.name}”.`);
          }
        }}
      >
        <div className="field">
          <label htmlFor="view-name">View name</label>
          <input
            id="view-name"
            value={name}
            maxLength={80}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. At risk, lowest health"
          />
        </div>
        <button type="submit" disabled={saving.loading || !name.trim()}>
          Save view
        </button>
      </form>
      {said ? (
        <p className="muted" role="status">
          {said}
        </p>
      ) : null}
      <ErrorNotice error={views.error ?? saving.error ?? removing.error} />
    </div>
  );
}
