import { skipToken, useQuery } from '@apollo/client/react';
import { Fragment, useId, useRef, useState, type ReactNode } from 'react';
import { Mentionable } from './operations';

/** Someone a text mentions. */
export interface Mentioned {
  id: string;
  name: string;
}

/** The most the API takes in one text. */
const MENTION_LIMIT = 20;

/** What follows the last "@" before the caret, when it may be the start of a name (one line, at most 40 characters). */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || (at > 0 && !/\s|[([{"'“‘]/.test(before[at - 1]))) return null;
  const query = before.slice(at + 1);
  if (query.length === 0 || query.length > 40 || /[\n@]/.test(query) || query.startsWith(' ')) return null;
  return { start: at, query };
}

/** The people among `picked` whose "@name" is still in the text: what the text mentions. */
export function mentionedIn(text: string, picked: readonly Mentioned[]): Mentioned[] {
  const seen = new Set<string>();
  return picked.filter((p) => text.includes(`@${p.name}`) && !seen.has(p.id) && seen.add(p.id)).slice(0, MENTION_LIMIT);
}

/**
 * A textarea where typing "@" and the start of a colleague's name offers the people whose name
 * contains it; picking one writes "@Their Name" and keeps them as mentioned (sent as `mentionIds`,
 * so the API links them and notifies them). The offers are buttons after the field: Tab reaches them.
 */
export function MentionField(props: {
  id: string;
  value: string;
  onChange(value: string): void;
  picked: readonly Mentioned[];
  onPicked(picked: Mentioned[]): void;
  rows?: number;
  maxLength?: number;
  describedBy?: string;
  invalid?: boolean;
  required?: boolean;
}) {
  const field = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const offersId = useId();
  const asked = mentionQuery(props.value, caret);
  const { data } = useQuery(Mentionable, asked ? { variables: { name: asked.query } } : skipToken);
  const offers = asked ? (data?.employees.edges.map((e) => e.node) ?? []) : [];

  function pick(person: Mentioned) {
    if (!asked) return;
    const written = `@${person.name} `;
    const next = props.value.slice(0, asked.start) + written + props.value.slice(caret);
    props.onChange(next);
    props.onPicked([...props.picked.filter((p) => p.id !== person.id), person]);
    const at = asked.start + written.length;
    setCaret(at);
    requestAnimationFrame(() => {
      field.current?.focus();
      field.current?.setSelectionRange(at, at);
    });
  }

  return (
    <>
      <textarea
        ref={field}
        id={props.id}
        rows={props.rows ?? 3}
        maxLength={props.maxLength}
        value={props.value}
        required={props.required}
        aria-invalid={props.invalid || undefined}
        aria-describedby={[props.describedBy, offers.length ? offersId : null].filter(Boolean).join(' ') || undefined}
        onChange={(e) => {
          props.onChange(e.target.value);
          setCaret(e.target.selectionStart ?? e.target.value.length);
        }}
        onSelect={(e) => setCaret((e.target as HTMLTextAreaElement).selectionStart ?? 0)}
        onKeyDown={(e) => {
          // Enter picks the first person offered, as an autocomplete does.
          if (e.key === 'Enter' && !e.shiftKey && offers.length > 0) {
            e.preventDefault();
            pick(offers[0]);
          }
        }}
      />
      {asked ? (
        <div className="mention-offers" id={offersId} data-testid="mention-offers">
          <span className="muted" role="status">
            {offers.length === 0 ? `Nobody’s name contains “${asked.query}”.` : `Mention (Enter picks the first):`}
          </span>{' '}
          {offers.map((person) => (
            <button key={person.id} type="button" className="secondary mention-offer" onClick={() => pick(person)}>
              @{person.name}
            </button>
          ))}
        </div>
      ) : null}
      {mentionedIn(props.value, props.picked).length ? (
        <p className="muted mention-list" data-testid="mentioned">
          Notifies:{' '}
          {mentionedIn(props.value, props.picked)
            .map((p) => p.name)
            .join(', ')}
        </p>
      ) : null}
    </>
  );
}

/** A text with the "@name" of each person it mentions marked as a mention. */
export function MentionText({ text, mentions }: { text: string; mentions: readonly Mentioned[] }): ReactNode {
  const names = [...new Set(mentions.map((m) => `@${m.name}`))].sort((a, b) => b.length - a.length);
  if (names.length === 0) return text;
  const escaped = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const parts = text.split(new RegExp(`(${escaped.join('|')})`, 'g'));
  return parts.map((part, i) =>
    names.includes(part) ? (
      <strong key={i} className="mention">
        {part}
      </strong>
    ) : (
      <Fragment key={i}>{part}</Fragment>
    ),
  );
}
