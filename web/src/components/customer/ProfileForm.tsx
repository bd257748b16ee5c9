import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import type { LifecycleStage, RelationshipType, UpdateCustomerInput } from '../../gql/graphql';
import { CustomerHistory } from '../corrections/operations';
import { names, versionConflict } from '../insight/rules';
import { ErrorNotice, format } from '../Status';
import { ProfileOptions, UpdateCustomerProfile } from './operations';

export const LIFECYCLE_STAGES: LifecycleStage[] = ['PROSPECT', 'ACTIVE', 'AT_RISK', 'CHURNED'];
export const RELATIONSHIP_TYPES: RelationshipType[] = ['TRANSACTIONAL', 'COLLABORATIVE'];

/** A customer's profile as the page shows it and the form edits it. */
export interface Profile {
  id: string;
  version: number;
  name: string;
  kind: string;
  email?: string | null;
  phone?: string | null;
  lifecycleStage: LifecycleStage;
  relationshipType: RelationshipType;
  revenue: number;
  costToServe: number;
  lifetimeValue: number;
  segment?: { id: string; name: string } | null;
  organization?: { id: string; name: string } | null;
  consent: { analytics: boolean; contact: boolean };
}

/** The form's fields, as typed. */
interface Draft {
  name: string;
  email: string;
  phone: string;
  lifecycleStage: string;
  relationshipType: string;
  revenue: string;
  costToServe: string;
  lifetimeValue: string;
  segmentId: string;
  organizationId: string;
  contact: boolean;
  analytics: boolean;
}
type Field = keyof Draft;

const draftOf = (p: Profile): Draft => ({
  name: p.name,
  email: p.email ?? '',
  phone: p.phone ?? '',
  lifecycleStage: p.lifecycleStage,
  relationshipType: p.relationshipType,
  revenue: String(p.revenue),
  costToServe: String(p.costToServe),
  lifetimeValue: String(p.lifetimeValue),
  segmentId: p.segment?.id ?? '',
  organizationId: p.organization?.id ?? '',
  contact: p.consent.contact,
  analytics: p.consent.analytics,
});

const same = (a: Draft[Field], b: Draft[Field]) => (typeof a === 'string' && typeof b === 'string' ? a.trim() === b.trim() : a === b);

/** The fields of `draft` that differ from `start`. */
const touchedFields = (draft: Draft, start: Draft): Field[] => (Object.keys(draft) as Field[]).filter((f) => !same(draft[f], start[f]));

const MONEY_FIELDS = ['revenue', 'costToServe', 'lifetimeValue'] as const;
const LABELS: Record<Field, string> = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  lifecycleStage: 'Lifecycle stage',
  relationshipType: 'Relationship',
  revenue: 'Revenue (EUR per year)',
  costToServe: 'Cost to serve (EUR per year)',
  lifetimeValue: 'Lifetime value (EUR)',
  segmentId: 'Segment',
  organizationId: 'Organisation',
  contact: 'Agreed to be contacted',
  analytics: 'Agreed to analytics',
};

interface Conflict {
  yours: number;
  current: number;
  who: string[];
}

/**
 * Edits a customer's profile with optimistic concurrency, as the insight's revise form does: the
 * form remembers the version it was opened on and sends it as `expectedVersion`, and only the
 * fields the person changed. When someone else saved first, the API answers CONFLICT: the form
 * says who and which versions, saves nothing, keeps the draft, and offers to reload the current
 * profile (the fields the person did not touch then show the current values).
 */
export function ProfileForm(props: { customer: Profile; reload(): Promise<unknown>; onDone(): void }) {
  const client = useApolloClient();
  const [base, setBase] = useState<Profile>(props.customer);
  const [origin] = useState<Draft>(() => draftOf(props.customer));
  const [draft, setDraft] = useState<Draft>(() => draftOf(props.customer));
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [reloaded, setReloaded] = useState(false);
  const [reloading, setReloading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const options = useQuery(ProfileOptions);
  const [update, saving] = useMutation(UpdateCustomerProfile);
  const set = <F extends Field>(field: F, value: Draft[F]) => setDraft((d) => ({ ...d, [field]: value }));

  // What the person changed, compared with the profile the draft is based on now.
  const mine = touchedFields(draft, origin);
  const changed = mine.filter((f) => !same(draft[f], draftOf(base)[f]));
  // Seen on the page while editing (someone else's change arrived): saving would be refused.
  const staleLive = !conflict && props.customer.version > base.version;

  function input(): UpdateCustomerInput | string {
    const out: UpdateCustomerInput = { id: base.id, expectedVersion: base.version };
    for (const f of changed) {
      const v = draft[f];
      if (f === 'name') {
        if (!draft.name.trim()) return 'The name cannot be empty.';
        out.name = draft.name.trim();
      } else if (f === 'email' || f === 'phone') out[f] = (v as string).trim() || null;
      else if (f === 'lifecycleStage') out.lifecycleStage = v as LifecycleStage;
      else if (f === 'relationshipType') out.relationshipType = v as RelationshipType;
      else if ((MONEY_FIELDS as readonly string[]).includes(f)) {
        const n = Number((v as string).trim());
        if ((v as string).trim() === '' || !Number.isFinite(n) || n < 0) return `${LABELS[f]} must be an amount of 0 or more.`;
        out[f as (typeof MONEY_FIELDS)[number]] = n;
      } else if (f === 'segmentId' || f === 'organizationId') out[f] = (v as string) || null;
    }
    if (changed.includes('contact') || changed.includes('analytics')) out.consent = { contact: draft.contact, analytics: draft.analytics };
    return out;
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    saving.reset();
    if (!changed.length) return setProblem('Nothing to save yet: change a field first.');
    const variables = input();
    if (typeof variables === 'string') return setProblem(variables);
    try {
      await update({ variables: { input: variables } });
      props.onDone();
    } catch (error) {
      const stale = versionConflict(error);
      if (!stale) return; // said by the ErrorNotice under the form
      saving.reset();
      setReloaded(false);
      setConflict({ yours: base.version, current: stale.currentVersion, who: await whoChanged(base.version) });
    }
  }

  /** Who made the versions after `since`, from the customer's history. */
  async function whoChanged(since: number): Promise<string[]> {
    try {
      const { data } = await client.query({ query: CustomerHistory, variables: { id: base.id, first: 20 }, fetchPolicy: 'network-only' });
      const changes = data?.customer?.history.edges.map((e) => e.node) ?? [];
      return [...new Set(changes.filter((c) => (c.version ?? 0) > since && c.by).map((c) => c.by!.name))];
    } catch {
      return [];
    }
  }

  async function reloadCurrent() {
    setReloading(true);
    try {
      const result = (await props.reload()) as { data?: { customer?: Profile | null } } | undefined;
      const fresh = result?.data?.customer;
      if (!fresh) throw new Error('The customer could not be reloaded.');
      // What the person edited stays as they wrote it; the rest becomes the profile just read.
      const theirs = draftOf(fresh);
      setDraft(
        (d) => Object.fromEntries((Object.keys(d) as Field[]).map((f) => [f, mine.includes(f) ? d[f] : theirs[f]])) as unknown as Draft,
      );
      setBase(fresh);
      setConflict(null);
      setReloaded(true);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setReloading(false);
    }
  }

  const reloadButton = (
    <button type="button" onClick={() => void reloadCurrent()} disabled={reloading}>
      {reloading ? 'Reloading…' : 'Reload the current profile'}
    </button>
  );
  const segments = options.data?.segments.edges.map((e) => e.node) ?? [];
  const organizations = (options.data?.customers.edges.map((e) => e.node) ?? []).filter((o) => o.id !== base.id);

  return (
    <form className="stack profile-form" aria-labelledby="profile-form-title" noValidate onSubmit={(e) => void save(e)}>
      <h3 id="profile-form-title">Edit the profile</h3>
      <p className="muted">
        You are editing version {base.version}. Saving writes version {base.version + 1}; what it replaces stays in the history.
      </p>
      {conflict ? (
        <div className="notice notice-error" role="alert" data-testid="profile-conflict">
          <p>
            <strong>
              {names(conflict.who)} changed this customer since you opened the form: you edited version {conflict.yours}, it is now at
              version {conflict.current}.
            </strong>{' '}
            Nothing was saved. Your changes are kept below: reload the current profile, check it, then save again.
          </p>
          <div className="notice-action">{reloadButton}</div>
        </div>
      ) : staleLive ? (
        <div className="notice notice-info" role="status">
          <p>
            This customer changed while you were editing: you are editing version {base.version}, it is now at version{' '}
            {props.customer.version}. Saving now would be refused; reload the current profile first (your changes are kept).
          </p>
          <div className="notice-action">{reloadButton}</div>
        </div>
      ) : reloaded ? (
        <p className="notice notice-info" role="status" data-testid="profile-reloaded">
          Reloaded version {base.version}. Your changes are still in the form; the fields you did not touch show the current profile. Save
          to write your changes on top of it.
        </p>
      ) : null}

      <div className="field">
        <label htmlFor="profile-name">{LABELS.name}</label>
        <input id="profile-name" required maxLength={200} value={draft.name} onChange={(e) => set('name', e.target.value)} />
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="profile-email">{LABELS.email}</label>
          <input id="profile-email" type="email" maxLength={254} value={draft.email} onChange={(e) => set('email', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="profile-phone">{LABELS.phone}</label>
          <input id="profile-phone" type="tel" maxLength={40} value={draft.phone} onChange={(e) => set('phone', e.target.value)} />
        </div>
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="profile-lifecycle">{LABELS.lifecycleStage}</label>
          <select id="profile-lifecycle" value={draft.lifecycleStage} onChange={(e) => set('lifecycleStage', e.target.value)}>
            {LIFECYCLE_STAGES.map((v) => (
              <option key={v} value={v}>
                {format.words(v)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="profile-relationship">{LABELS.relationshipType}</label>
          <select id="profile-relationship" value={draft.relationshipType} onChange={(e) => set('relationshipType', e.target.value)}>
            {RELATIONSHIP_TYPES.map((v) => (
              <option key={v} value={v}>
                {format.words(v)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="profile-segment">{LABELS.segmentId}</label>
          <select id="profile-segment" value={draft.segmentId} onChange={(e) => set('segmentId', e.target.value)}>
            <option value="">No segment</option>
            {base.segment && !segments.some((s) => s.id === base.segment!.id) ? (
              <option value={base.segment.id}>{base.segment.name}</option>
            ) : null}
            {segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        {base.kind === 'PERSON' ? (
          <div className="field">
            <label htmlFor="profile-organization">{LABELS.organizationId}</label>
            <select id="profile-organization" value={draft.organizationId} onChange={(e) => set('organizationId', e.target.value)}>
              <option value="">None</option>
              {base.organization && !organizations.some((o) => o.id === base.organization!.id) ? (
                <option value={base.organization.id}>{base.organization.name}</option>
              ) : null}
              {organizations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      <div className="row">
        {MONEY_FIELDS.map((f) => (
          <div className="field" key={f}>
            <label htmlFor={`profile-${f}`}>{LABELS[f]}</label>
            <input id={`profile-${f}`} type="number" min={0} step={1000} value={draft[f]} onChange={(e) => set(f, e.target.value)} />
          </div>
        ))}
      </div>
      <div className="row">
        <label className="check">
          <input type="checkbox" checked={draft.contact} onChange={(e) => set('contact', e.target.checked)} /> {LABELS.contact}
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.analytics} onChange={(e) => set('analytics', e.target.checked)} /> {LABELS.analytics}
        </label>
      </div>
      <ErrorNotice error={options.error} onRetry={() => options.refetch()} />
      {problem ? (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      ) : null}
      <ErrorNotice error={saving.error} />
      <div className="row">
        <button type="submit" disabled={saving.loading}>
          {saving.loading ? 'Saving…' : 'Save profile'}
        </button>
        <button type="button" className="secondary" onClick={props.onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
