import { CombinedGraphQLErrors, CombinedProtocolErrors, ServerError, ServerParseError } from '@apollo/client/errors';

/** What went wrong, in words a person understands, and whether reloading the data may help. */
export interface Explained {
  title: string;
  detail: string;
  code: string;
}

const TITLES: Record<string, string> = {
  UNAUTHENTICATED: 'You are not signed in any more',
  FORBIDDEN: 'Your role does not allow this',
  NOT_FOUND: 'Not found',
  CONFLICT: 'This clashes with its current state',
  BAD_USER_INPUT: 'Please check what you entered',
  BAD_REQUEST: 'The page sent a request the server does not accept',
  GRAPHQL_VALIDATION_FAILED: 'The page sent a request the server does not accept',
  RATE_LIMITED: 'Too many requests',
  SERVICE_UNAVAILABLE: 'The knowledge graph is not reachable right now',
  INTERNAL_SERVER_ERROR: 'Something went wrong on the server',
};

const ADVICE: Record<string, string> = {
  UNAUTHENTICATED: 'Sign in again.',
  RATE_LIMITED: 'Wait a minute, then try again.',
  SERVICE_UNAVAILABLE: 'Try again in a moment.',
  INTERNAL_SERVER_ERROR: 'Try again; if it keeps happening, tell the team that runs Rapport.',
  CONFLICT: 'Reload to see the current version, then decide again.',
  GRAPHQL_VALIDATION_FAILED: 'Reload the page; the server may have been updated.',
};

/** Turns an Apollo error (GraphQL errors, an HTTP failure, no network) into words. */
export function explain(error: unknown): Explained {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const code = String(first?.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    const messages = [...new Set(error.errors.map((e) => e.message))].join(' ');
    return { code, title: TITLES[code] ?? 'The request was refused', detail: [messages, ADVICE[code]].filter(Boolean).join(' ') };
  }
  if (CombinedProtocolErrors.is(error)) {
    return { code: 'PROTOCOL', title: 'The live connection failed', detail: error.errors.map((e) => e.message).join(' ') };
  }
  if (ServerError.is(error)) {
    let code = 'INTERNAL_SERVER_ERROR';
    let detail = `The server answered with HTTP ${error.statusCode}.`;
    try {
      const body = JSON.parse(error.bodyText) as { errors?: { message: string; extensions?: { code?: string } }[] };
      if (body.errors?.length) {
        code = body.errors[0].extensions?.code ?? code;
        detail = body.errors.map((e) => e.message).join(' ');
      }
    } catch {
      // not JSON: keep the status line
    }
    return { code, title: TITLES[code] ?? 'The request was refused', detail: [detail, ADVICE[code]].filter(Boolean).join(' ') };
  }
  if (ServerParseError.is(error)) {
    return { code: 'BAD_RESPONSE', title: 'The server sent something unexpected', detail: 'Try again in a moment.' };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/fetch|network|Failed to fetch|NetworkError/i.test(message)) {
    return {
      code: 'NETWORK',
      title: 'The server cannot be reached',
      detail: 'Check your connection; the page retries when you try again.',
    };
  }
  return { code: 'UNKNOWN', title: 'Something went wrong', detail: message };
}
