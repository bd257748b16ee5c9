import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Context } from '../graphql/context';

/**
 * The API's hot path: `POST /graphql` with a plain JSON body, handed to Apollo without Express.
 * Express's router, body parser and `res.send` took about a fifth of the server's CPU time per
 * read (`npm run bench:profile`), more than Apollo's whole pipeline. Every other request (another
 * path or method, a body with a content encoding, another media type, no Content-Length, a
 * body over the limit) goes to Express as before, and this path answers exactly as Express did:
 * the same request id, CORS headers, trusted documents, context, answers and errors.
 */

/** A request as the shared steps read it (Express's, or this path's): its parsed body, address and id. */
export interface GraphQLHttpRequest extends IncomingMessage {
  body?: unknown;
  ip?: string;
  requestId?: string;
}

export interface GraphQLPostOptions {
  apollo: ApolloServer<Context>;
  /** Largest body accepted, in bytes; a larger one is Express's to refuse (413). */
  maxBodyBytes: number;
  /** Gives the request its id and sets `x-request-id` (the same step as Express's). */
  identify(req: GraphQLHttpRequest, res: ServerResponse): void;
  /** CORS for the allowed origins (the same middleware as Express's), or null without any. */
  cors: ((req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => unknown) => void) | null;
  /** Resolves a document sent by id in the body (trusted documents): a message when the body is refused (400), else null. */
  resolveDocument(body: Record<string, unknown>): string | null;
  /** The request's context, as Apollo's context function (throws a coded GraphQLError on refusal). */
  context(req: GraphQLHttpRequest): Promise<Context>;
  logger: Logger;
}

/**
 * `application/json`, with at most a UTF-8 charset: what this path parses itself. Spaces and tabs only
 * (as Express's content-type parser): `\s` also matched U+00A0, which Express refuses.
 */
const PLAIN_JSON = /^application\/json[ \t]*(;[ \t]*charset[ \t]*=[ \t]*"?utf-8"?[ \t]*)?$/i;
/** The first character of a JSON text that may be a request (an object or a list, as body-parser's strict mode). */
const FIRST_CHARACTER = /^[\x20\x09\x0a\x0d]*(.)/s;

/**
 * Returns a request handler that serves `POST /graphql` with a plain JSON body and answers
 * true, or answers false (and touches nothing) for any other request, which Express then serves.
 */
export function graphqlPost(options: GraphQLPostOptions): (req: GraphQLHttpRequest, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    if (url.slice(0, url.length - searchOf(url).length) !== '/graphql') return false;
    const length = Number(req.headers['content-length']);
    const encoding = req.headers['content-encoding'];
    if (
      !PLAIN_JSON.test(req.headers['content-type'] ?? '') ||
      (encoding !== undefined && encoding.toLowerCase() !== 'identity') ||
      req.headers['transfer-encoding'] !== undefined ||
      !Number.isSafeInteger(length) ||
      length > options.maxBodyBytes
    ) {
      return false;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      serve(options, req, res, withoutByteOrderMark(Buffer.concat(chunks).toString('utf8'))).catch((err: unknown) => {
        options.logger.error({ err }, 'unhandled HTTP error');
        if (!res.headersSent) reply(res, 500, 'Something went wrong on our side.', 'INTERNAL_SERVER_ERROR');
        else res.destroy();
      });
    });
    req.on('error', () => res.destroy());
    return true;
  };
}

async function serve(options: GraphQLPostOptions, req: GraphQLHttpRequest, res: ServerResponse, text: string): Promise<void> {
  options.identify(req, res);
  req.ip = req.socket.remoteAddress;
  // As Express's /graphql: Vary: Origin on every answer, then CORS for the allowed origins.
  vary(res, 'Origin');
  if (options.cors) {
    let passed = false;
    options.cors(req, res, () => void (passed = true));
    if (!passed) return;
  }
  // As express.json(): an empty body is {}, a body that is not an object or a list is not JSON.
  let body: unknown = {};
  if (text.length > 0) {
    const first = FIRST_CHARACTER.exec(text)?.[1];
    try {
      if (first !== '{' && first !== '[') throw new SyntaxError('not an object or a list');
      body = JSON.parse(text);
    } catch {
      return reply(res, 400, 'The request body is not valid JSON.', 'BAD_REQUEST');
    }
  }
  req.body = body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const refused = options.resolveDocument(body as Record<string, unknown>);
    if (refused) return reply(res, 400, refused, 'BAD_REQUEST');
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const answer = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers, search: searchOf(req.url ?? ''), body },
    context: () => options.context(req),
  });
  for (const [key, value] of answer.headers) res.setHeader(key, value);
  res.statusCode = answer.status ?? 200;
  if (answer.body.kind === 'complete') {
    res.setHeader('content-length', Buffer.byteLength(answer.body.string));
    res.end(answer.body.string);
    return;
  }
  for await (const chunk of answer.body.asyncIterator) res.write(chunk);
  res.end();
}

/** A coded JSON error, as Express's error handler and the trusted documents' check answer. */
function reply(res: ServerResponse, status: number, message: string, code: string): void {
  const text = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/** Adds a field to the Vary header, as Express's `res.vary`. */
function vary(res: ServerResponse, field: string): void {
  const current = res.getHeader('vary');
  const fields = current === undefined ? [] : String(current).split(/\s*,\s*/);
  if (fields.includes('*') || fields.some((f) => f.toLowerCase() === field.toLowerCase())) return;
  res.setHeader('vary', [...fields.filter(Boolean), field].join(', '));
}

/** Drops a leading UTF-8 byte order mark, as Express's body parser does when it decodes a body. */
const withoutByteOrderMark = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** A URL's query string with its `?` (Apollo's `search`), or '' without one. */
const searchOf = (url: string) => {
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at);
};
