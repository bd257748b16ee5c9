/**
 * Domain errors: the one way code below the resolvers says "this request cannot be served".
 * `server/format-error.ts` maps each code to `extensions.code` in exactly one place.
 */

export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** A subscription's `after` cursor is older than what the event log still holds: re-query, then subscribe again. */
  CURSOR_EXPIRED = 'CURSOR_EXPIRED',
  /**
   * The operation is named by an id (`documentId`, `extensions.persistedQuery.sha256Hash`) the server
   * does not know: not in its trusted documents, nor registered (automatic persisted queries). Nothing ran.
   */
  PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND',
  /** `TRUSTED_DOCUMENTS_ONLY`: the operation is not in the trusted documents, and the caller is not an ADMIN. Nothing ran. */
  OPERATION_NOT_TRUSTED = 'OPERATION_NOT_TRUSTED',
}

export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra, client-safe facts (`field`, `currentVersion`, ...), copied into `extensions`. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A mutation's target does not exist. */
export const notFound = (what: string, id: string) => new DomainError(ErrorCode.NOT_FOUND, `No ${what} has the id '${id}'.`, { id });

/** One input field is wrong; `field` is its path in the input (`input.customerId`). */
/**
 * What a live or replayed event names, as it is now: NOT_FOUND for that event when it is gone
 * since the event was logged (deleted, merged away, erased), with `how` saying what became of it.
 */
export async function stillThere<T>(what: string, id: string, how: string, load: Promise<T | null | undefined>): Promise<T> {
  const found = await load;
  if (found == null) throw new DomainError(ErrorCode.NOT_FOUND, `The ${what} '${id}' of this event has since been ${how}.`, { id });
  return found;
}

export const badInput = (field: string, message: string) => new DomainError(ErrorCode.BAD_USER_INPUT, message, { field });

export const conflict = (message: string, details: Record<string, unknown> = {}) => new DomainError(ErrorCode.CONFLICT, message, details);

/** `s` with a capital first letter. */
export const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A rule's reason as the API says it, a sentence: the `<x>.rules.ts` of the modules word a reason as
 * the importer reports it per line (lower case, no full stop), and the services throw `sentence(reason)`.
 */
export const sentence = (reason: string) => `${capitalized(reason)}.`;
