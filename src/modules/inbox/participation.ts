import { badInput } from '../../common/errors';
import { missingIds, type Tx } from '../../db/graph';
import { Topics, type EventRecorder } from '../../realtime/topics';
import { follow, forgetMentions, mention } from './inbox.repository';
import { NotificationKind } from './inbox.type';

/**
 * What the writes of insights and annotations tell the inbox, in their own transaction: who took
 * part (they follow the insight from then on, and have seen it as it is), and who the text mentions
 * (linked, and notified live).
 */

/** The employee acted on the insight (proposed, revised, reviewed, annotated it): they follow it, and have seen it now. */
export function participate(tx: Tx, employeeId: string, insightId: string): Promise<void> {
  return follow(tx, employeeId, insightId, true);
}

export interface Mentions {
  /** The text that mentions: an insight, or an annotation on `insightId`. */
  label: 'Insight' | 'Annotation';
  id: string;
  insightId: string;
  actorId: string;
  /** The employees mentioned; null or undefined: unchanged. */
  mentionIds: readonly string[] | null | undefined;
  /** The text was rewritten: mentions not in `mentionIds` any more are removed. */
  replace: boolean;
  /** The customers the insight is about (carried by the live event, so that an erasure forgets it). */
  customerIds: readonly string[];
}

/**
 * Links the text to the employees it newly mentions, has them follow the insight, and notifies each
 * of them but the author (one `notificationReceived` event each, committed with the change). An
 * unknown employee id is BAD_USER_INPUT, thrown before anything is written.
 */
export async function recordMentions(tx: Tx, events: EventRecorder, m: Mentions): Promise<void> {
  if (m.mentionIds == null) return;
  const missing = await missingIds(tx, 'Employee', m.mentionIds);
  if (missing.length) throw badInput('mentionIds', `No employee has the id ${missing.map((id) => `'${id}'`).join(', ')}.`);
  if (m.replace) await forgetMentions(tx, m.label, m.id, m.mentionIds);
  const kind = m.label === 'Insight' ? NotificationKind.MENTIONED_IN_INSIGHT : NotificationKind.MENTIONED_IN_ANNOTATION;
  const made = await mention(tx, m.label, m.id, m.mentionIds, m.actorId, kind);
  const at = new Date().toISOString();
  for (const n of made) {
    await follow(tx, n.employeeId, m.insightId, false);
    events.record(tx, Topics.NOTIFICATION_CREATED, {
      notificationId: n.notificationId,
      employeeId: n.employeeId,
      kind,
      insightId: m.insightId,
      annotationId: m.label === 'Annotation' ? m.id : null,
      actorId: m.actorId,
      customerIds: [...m.customerIds],
      at,
    });
  }
}
