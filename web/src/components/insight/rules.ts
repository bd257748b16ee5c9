import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { AnnotationKind, InsightChangeKind, InsightStatus } from '../../gql/graphql';

/** What the signed-in employee may do with one insight, judged as the API judges it. */
export interface InsightActions {
  revise: boolean;
  submit: boolean;
  validate: boolean;
  refute: boolean;
  archive: boolean;
  annotate: boolean;
  /** The caller wrote or revised it: the four-eyes rule keeps them from validating or refuting it. */
  ownReview: 'wrote' | 'revised' | null;
  /** The caller may review but may not revise or archive (not the author, not an ADMIN). */
  notOwner: boolean;
}

/**
 * The review workflow of src/modules/insight/insight.service.ts (STATUS_TRANSITIONS):
 * DRAFT -> PROPOSED | ARCHIVED; PROPOSED -> VALIDATED | REFUTED | ARCHIVED;
 * VALIDATED -> REFUTED | ARCHIVED; REFUTED -> ARCHIVED; ARCHIVED is final.
 * Revising, submitting and archiving: the author or an ADMIN. Validating and refuting: anyone
 * who writes knowledge except the author and those who revised its text (four eyes; an ADMIN
 * who wrote or revised it is no exception).
 */
export function insightActions(
  status: InsightStatus,
  who: { writer: boolean; admin: boolean; author: boolean; reviser: boolean },
): InsightActions {
  const none: InsightActions = {
    revise: false,
    submit: false,
    validate: false,
    refute: false,
    archive: false,
    annotate: false,
    ownReview: null,
    notOwner: false,
  };
  if (!who.writer) return none;
  const owner = who.author || who.admin;
  const reviewable = status === 'PROPOSED' || status === 'VALIDATED';
  const own = who.author ? 'wrote' : who.reviser ? 'revised' : null;
  return {
    revise: owner && status !== 'ARCHIVED',
    submit: owner && status === 'DRAFT',
    validate: !own && status === 'PROPOSED',
    refute: !own && reviewable,
    archive: owner && status !== 'ARCHIVED',
    annotate: true,
    ownReview: reviewable ? own : null,
    notOwner: !owner && status !== 'ARCHIVED',
  };
}

/** The API's answer to a stale `expectedVersion`: the insight is at `currentVersion` now. Null for any other error. */
export function versionConflict(error: unknown): { currentVersion: number } | null {
  if (!CombinedGraphQLErrors.is(error)) return null;
  for (const e of error.errors) {
    const current = e.extensions?.currentVersion;
    if (e.extensions?.code === 'CONFLICT' && typeof current === 'number') return { currentVersion: current };
  }
  return null;
}

const ANNOTATED: Record<AnnotationKind, string> = {
  COMMENT: 'commented on',
  ENDORSEMENT: 'endorsed',
  CHALLENGE: 'challenged',
};

const CHANGED: Record<InsightChangeKind, string> = {
  ANNOTATED: 'annotated',
  ARCHIVED: 'archived',
  EVIDENCE_LINKED: 'given new evidence',
  EVIDENCE_REMOVED: 'had evidence removed',
  PROPOSED: 'submitted for review',
  REFUTED: 'refuted',
  REVISED: 'revised',
  VALIDATED: 'validated',
};

/** A change in words, as a past participle: "validated", "challenged", "revised". */
export function changeWords(kind: InsightChangeKind, annotationKind?: AnnotationKind | null): string {
  if (kind === 'ANNOTATED' && annotationKind) return ANNOTATED[annotationKind];
  return CHANGED[kind] ?? kind.toLowerCase();
}

/** "Elena Novak", "Elena Novak and Jonas Lindqvist", "A, B and C"; "Someone else" for nobody known. */
export function names(list: readonly string[]): string {
  const unique = [...new Set(list)];
  if (unique.length === 0) return 'Someone else';
  if (unique.length === 1) return unique[0];
  return `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
}

/** Confidence as the form edits it: a whole percentage, as text. */
export const confidenceText = (confidence: number) => String(Math.round(confidence * 100));

/** Reads the form's percentage; null when it is not a number from 0 to 100. */
export function parseConfidence(text: string): number | null {
  if (!/^\s*\d{1,3}(\.\d+)?\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= 0 && n <= 100 ? n / 100 : null;
}
