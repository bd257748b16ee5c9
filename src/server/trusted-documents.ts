import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type express from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import { getOperationAST, GraphQLError, parse } from 'graphql';
import { DomainError, ErrorCode } from '../common/errors';
import { ConfigError } from '../config';
import { AccessRole, type AuthUser } from '../graphql/access';

/**
 * Trusted documents (persisted operations): a manifest of the operations a client ships, which it
 * then sends by id instead of by text, and which the server may make the only ones it runs.
 *
 * - Manifests are read at start from the files of `TRUSTED_DOCUMENTS` (Apollo's persisted query
 *   manifest, or GraphQL Code Generator's `persisted-documents.json`) and from the workbench's own
 *   (built next to its page); each id must be the SHA-256 of its body, or the server does not start.
 * - A request names a document by `documentId: "sha256:<hex>"` (GraphQL over HTTP) or by
 *   `extensions.persistedQuery.sha256Hash` (Apollo), without `query`.
 * - Without `TRUSTED_DOCUMENTS`, clients may register documents themselves (Apollo's automatic
 *   persisted queries), in a bounded cache of this process.
 * - With `TRUSTED_DOCUMENTS_ONLY`, a document that is not in a manifest is refused
 *   (`OPERATION_NOT_TRUSTED`) unless the caller is an ADMIN.
 */

/**
 * The workbench's manifest, written by web/build.mjs into the folder of the built page. It is served
 * like the page's scripts, which hold the same documents: nothing in it is secret.
 */
export const WORKBENCH_DOCUMENTS_FILE = 'trusted-documents.json';

/** Automatic persisted queries: at most this many documents, and this many characters in all, per process. */
export const APQ_MAX_DOCUMENTS = 1000;
export const APQ_MAX_CHARACTERS = 8 * 1024 * 1024;

const HEX_ID = /^[0-9a-f]{64}$/;

/** The SHA-256 of a document's text, in lower-case hex, as clients and manifests write it. */
export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export interface TrustedDocument {
  /** SHA-256 of `body`, lower-case hex. */
  readonly id: string;
  readonly body: string;
  /** The name of its operation (as the manifest says, or as the document names it). */
  readonly name: string | null;
  /** The manifest it came from. */
  readonly file: string;
}

/** One entry as a manifest gives it, before it is checked. */
interface GivenEntry {
  id: unknown;
  body: unknown;
  name?: unknown;
}

/**
 * The entries of one manifest, checked: `{ format: "apollo-persisted-query-manifest", version: 1,
 * operations: [{ id, name, type, body }] }`, or `{ "<id>": "<document>" }` (the client preset's;
 * an id may carry a `sha256:` prefix). Throws a {@link ConfigError} naming the file and what is wrong
 * with it: not JSON, another shape, an id that is not the SHA-256 of its body, a body that does not parse.
 */
export function parseManifest(text: string, file: string): TrustedDocument[] {
  const fail = (why: string): never => {
    throw new ConfigError(`Invalid configuration:\n  TRUSTED_DOCUMENTS: ${file}: ${why}`);
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('is not JSON.');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    return fail('must be a JSON object: an Apollo persisted query manifest or a { "<sha256>": "<document>" } map.');
  }
  const manifest = json as Record<string, unknown>;
  let entries: GivenEntry[];
  if ('format' in manifest) {
    if (manifest.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1 || !Array.isArray(manifest.operations)) {
      return fail('an Apollo manifest must say format "apollo-persisted-query-manifest", version 1, and list its operations.');
    }
    entries = (manifest.operations as unknown[]).map((o, i) =>
      o && typeof o === 'object' ? (o as GivenEntry) : fail(`operations[${i}] is not an object { id, name, type, body }.`),
    );
  } else {
    entries = Object.entries(manifest).map(([key, body]) => ({ id: key.startsWith('sha256:') ? key.slice(7) : key, body }));
  }
  return entries.map((entry, i) => {
    const where = typeof entry.id === 'string' ? `the document ${entry.id.slice(0, 80)}` : `entry ${i}`;
    if (typeof entry.id !== 'string' || !HEX_ID.test(entry.id)) {
      return fail(`${where}: an id must be the SHA-256 of the document in 64 lower-case hex digits (optionally after "sha256:").`);
    }
    if (typeof entry.body !== 'string' || entry.body.trim() === '') return fail(`${where}: its body must be the document's text.`);
    const actual = sha256Hex(entry.body);
    if (actual !== entry.id) {
      return fail(
        `${where} is not what its id says: the SHA-256 of its body is ${actual}. The manifest was edited or is damaged; generate it again from the client's operations.`,
      );
    }
    let name: string | null;
    try {
      const document = parse(entry.body);
      name = typeof entry.name === 'string' && entry.name !== '' ? entry.name : (getOperationAST(document)?.name?.value ?? null);
    } catch (e) {
      return fail(`${where}: its body is not a GraphQL document (${(e as Error).message}).`);
    }
    return { id: entry.id, body: entry.body, name, file };
  });
}

/**
 * The documents this server knows by id: the trusted ones (from manifests), and, when clients may
 * register their own (automatic persisted queries), those, in a bounded least-recently-used cache.
 *
 * It is also Apollo Server's persisted query cache (`get`, `set`, `delete`, with its `apq:` key
 * prefix): so Apollo answers GET requests by id, and registers a document sent with its hash only
 * when registering is on and the document passed validation.
 */
export class DocumentStore {
  private readonly registered = new Map<string, string>();
  private registeredCharacters = 0;

  constructor(
    private readonly trusted: ReadonlyMap<string, TrustedDocument>,
    /** Clients may register documents (automatic persisted queries): on when no manifest is configured. */
    readonly registering: boolean,
  ) {}

  /** How many trusted documents there are. */
  get size(): number {
    return this.trusted.size;
  }

  /** Whether a document of this text, or of this id, is in a manifest. */
  isTrusted(id: string): boolean {
    return this.trusted.has(id);
  }

  /** A trusted document, or one a client registered. */
  lookup(id: string): string | undefined {
    const trusted = this.trusted.get(id);
    if (trusted) return trusted.body;
    const body = this.registered.get(id);
    if (body !== undefined) {
      // Used again: it moves to the young end.
      this.registered.delete(id);
      this.registered.set(id, body);
    }
    return body;
  }

  /** Registers a document a client sent with its id (checked by the caller), when registering is on. */
  register(id: string, body: string): void {
    if (!this.registering || this.trusted.has(id) || body.length > APQ_MAX_CHARACTERS) return;
    this.forget(id);
    this.registered.set(id, body);
    this.registeredCharacters += body.length;
    while (this.registered.size > APQ_MAX_DOCUMENTS || this.registeredCharacters > APQ_MAX_CHARACTERS) {
      this.forget(this.registered.keys().next().value as string);
    }
  }

  private forget(id: string): void {
    const body = this.registered.get(id);
    if (body === undefined) return;
    this.registered.delete(id);
    this.registeredCharacters -= body.length;
  }

  // Apollo Server's KeyValueCache<string>, under its `apq:` prefix.
  async get(key: string): Promise<string | undefined> {
    return this.lookup(unprefixed(key));
  }
  async set(key: string, value: string): Promise<void> {
    this.register(unprefixed(key), value);
  }
  async delete(key: string): Promise<void> {
    this.forget(unprefixed(key));
  }
}

const unprefixed = (key: string) => (key.startsWith('apq:') ? key.slice(4) : key);

/**
 * Reads the manifests (`files`, and the workbench's when it is there) into a {@link DocumentStore}.
 * Registering (automatic persisted queries) is on exactly when no file is configured.
 */
export function loadDocumentStore(files: readonly string[], workbenchManifest?: string): DocumentStore {
  const trusted = new Map<string, TrustedDocument>();
  const read = (file: string) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new ConfigError(
        `Invalid configuration:\n  TRUSTED_DOCUMENTS: ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? e}).`,
      );
    }
    for (const document of parseManifest(text, file)) if (!trusted.has(document.id)) trusted.set(document.id, document);
  };
  for (const file of files) read(file);
  if (workbenchManifest && existsSync(workbenchManifest)) read(workbenchManifest);
  return new DocumentStore(trusted, files.length === 0);
}

/** What a request's id (if any) comes to. */
export type Resolution =
  /** The request names no document by id: its `query` (if any) is the document. */
  | { kind: 'text' }
  /** Named by id, and known: this is its text. */
  | { kind: 'found'; id: string; query: string }
  /** Sent with its id and its text, which match: a registration (or a trusted document sent in full). */
  | { kind: 'both'; id: string }
  /** Named by id, and not known. */
  | { kind: 'not-found'; id: string }
  /** A malformed id, or an id that does not match the text sent with it. */
  | { kind: 'bad'; message: string };

/** What a client sent, over HTTP (POST body or GET parameters) or in a WebSocket subscribe message. */
export interface PersistedRequest {
  query?: unknown;
  documentId?: unknown;
  extensions?: unknown;
}

const PERSISTED_QUERY_SHAPE = 'extensions.persistedQuery must be { "version": 1, "sha256Hash": "<64 lower-case hex digits>" }.';

/** Reads the id of a request (`documentId` or Apollo's `extensions.persistedQuery`) and finds its document. */
export function resolveRequest(request: PersistedRequest, store: DocumentStore): Resolution {
  const query = typeof request.query === 'string' && request.query !== '' ? request.query : undefined;
  let fromDocumentId: string | undefined;
  if (request.documentId !== undefined && request.documentId !== null) {
    const given = request.documentId;
    if (typeof given !== 'string' || !given.startsWith('sha256:') || !HEX_ID.test(given.slice(7))) {
      return { kind: 'bad', message: 'documentId must be "sha256:" followed by the 64 lower-case hex digits of the document\'s SHA-256.' };
    }
    if (query !== undefined) return { kind: 'bad', message: 'Send either documentId or query, not both.' };
    fromDocumentId = given.slice(7);
  }
  let fromExtension: string | undefined;
  const extensions = request.extensions;
  if (extensions && typeof extensions === 'object' && 'persistedQuery' in extensions) {
    const pq = (extensions as { persistedQuery: unknown }).persistedQuery;
    if (!pq || typeof pq !== 'object') return { kind: 'bad', message: PERSISTED_QUERY_SHAPE };
    const { version, sha256Hash } = pq as { version?: unknown; sha256Hash?: unknown };
    if (version !== 1 || typeof sha256Hash !== 'string' || !HEX_ID.test(sha256Hash)) return { kind: 'bad', message: PERSISTED_QUERY_SHAPE };
    fromExtension = sha256Hash;
  }
  if (fromDocumentId && fromExtension && fromDocumentId !== fromExtension) {
    return { kind: 'bad', message: 'documentId and extensions.persistedQuery.sha256Hash name different documents.' };
  }
  const id = fromDocumentId ?? fromExtension;
  if (id === undefined) return { kind: 'text' };
  if (query !== undefined) {
    return sha256Hex(query) === id
      ? { kind: 'both', id }
      : { kind: 'bad', message: 'extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent with it.' };
  }
  const found = store.lookup(id);
  return found === undefined ? { kind: 'not-found', id } : { kind: 'found', id, query: found };
}

/** What a client is told for an id the server does not know. */
export function notFoundMessage(store: DocumentStore): string {
  return store.registering
    ? 'The server holds no document with this id: send the request again with its query (automatic persisted queries), and the id alone afterwards.'
    : 'No trusted document has this id: the operation is not in the manifests this server was started with. Check that client and server were deployed from the same build.';
}

/** Ids of the HTTP requests that named their document by id (for the request log), by request body or parameters. */
export const persistedIds = new WeakMap<object, string>();

/**
 * A POST body's document sent by id, resolved in place (the body then carries its text, or Apollo's
 * persisted-query extension for an id no manifest holds): a message when the body is refused
 * (400, BAD_REQUEST), else null. Shared by Express's route and the lean POST path (graphql-post.ts).
 */
export function resolvePostedDocument(given: Record<string, unknown>, store: DocumentStore): string | null {
  const resolution = resolveRequest(given, store);
  switch (resolution.kind) {
    case 'bad':
      return resolution.message;
    case 'found':
      given.query = resolution.query;
      delete given.documentId;
      if (given.extensions !== undefined) {
        const rest = withoutPersistedQuery(given.extensions);
        if (rest) given.extensions = rest;
        else delete given.extensions;
      }
      persistedIds.set(given, resolution.id);
      return null;
    case 'not-found':
      delete given.documentId;
      given.extensions = { ...(given.extensions as object | undefined), persistedQuery: { version: 1, sha256Hash: resolution.id } };
      return null;
    case 'both':
      persistedIds.set(given, resolution.id);
      return null;
    default:
      return null;
  }
}

/**
 * POST and GET `/graphql`, before Apollo Server: a document named by id is put in place of the id,
 * so that everything after (sign-in, the trusted-only check, the audit of refused mutations,
 * parsing, validation, limits) sees the document as if it had been sent. An id the server does not
 * know goes on to Apollo as `extensions.persistedQuery`, which answers `PERSISTED_QUERY_NOT_FOUND`;
 * a malformed one is `BAD_REQUEST` here.
 */
export function resolveDocumentsOnHttp(store: DocumentStore): express.RequestHandler {
  return (req, res, next) => {
    const badRequest = (message: string) => {
      res.status(400).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
    };
    if (req.method === 'POST') {
      const body: unknown = req.body;
      if (!body || typeof body !== 'object' || Array.isArray(body)) return next();
      const refused = resolvePostedDocument(body as Record<string, unknown>, store);
      return refused ? badRequest(refused) : next();
    }
    if (req.method === 'GET') {
      const url = new URL(req.url, 'http://localhost');
      const params = url.searchParams;
      let extensions: unknown;
      try {
        extensions = params.has('extensions') ? JSON.parse(params.get('extensions')!) : undefined;
      } catch {
        return next(); // Apollo answers that the extensions are not JSON
      }
      const resolution = resolveRequest(
        { query: params.get('query') ?? undefined, documentId: params.get('documentId') ?? undefined, extensions },
        store,
      );
      const setExtensions = (value: object | undefined) => {
        if (value && Object.keys(value).length) params.set('extensions', JSON.stringify(value));
        else params.delete('extensions');
      };
      switch (resolution.kind) {
        case 'bad':
          return badRequest(resolution.message);
        case 'found':
          params.set('query', resolution.query);
          params.delete('documentId');
          setExtensions(withoutPersistedQuery(extensions));
          break;
        case 'not-found':
          params.delete('documentId');
          setExtensions({ ...(extensions as object | undefined), persistedQuery: { version: 1, sha256Hash: resolution.id } });
          break;
        default:
          return next();
      }
      req.url = `${url.pathname}?${params.toString()}`;
      return next();
    }
    next();
  };
}

function withoutPersistedQuery(extensions: unknown): Record<string, unknown> | undefined {
  if (!extensions || typeof extensions !== 'object') return undefined;
  const { persistedQuery: _pq, ...rest } = extensions as Record<string, unknown>;
  return Object.keys(rest).length ? rest : undefined;
}

/** The text of the document an HTTP request carries (after {@link resolveDocumentsOnHttp}), if any. */
export function documentText(req: { method?: string; body?: unknown; url?: string }): string | undefined {
  if (req.method === 'POST') {
    const query = (req.body as { query?: unknown } | undefined)?.query;
    return typeof query === 'string' ? query : undefined;
  }
  if (req.method === 'GET') return new URL(req.url ?? '/', 'http://localhost').searchParams.get('query') ?? undefined;
  return undefined;
}

/**
 * With `TRUSTED_DOCUMENTS_ONLY`: refuses a document that is in no manifest, unless the caller is an
 * ADMIN (who may run any operation, as in Sandbox). A document named by an id the server does not
 * know never gets here: it is `PERSISTED_QUERY_NOT_FOUND`.
 */
export function assertTrusted(store: DocumentStore, only: boolean, text: string | undefined, user: AuthUser | null): void {
  if (!only || !text || user?.roles.includes(AccessRole.ADMIN)) return;
  if (store.isTrusted(sha256Hex(text))) return;
  throw new DomainError(
    ErrorCode.OPERATION_NOT_TRUSTED,
    'This server runs only the operations of its trusted documents (TRUSTED_DOCUMENTS_ONLY), and this one is not among them: send the id of a trusted document (documentId), or ask an ADMIN.',
  );
}

/**
 * Automatic persisted queries are registered for signed-in callers only: a caller without a token
 * may run nothing of this API but `__typename`, and without this rule could fill the bounded cache
 * with padded documents and push out everyone else's. A registration without a caller is refused
 * (UNAUTHENTICATED) before Apollo writes it.
 */
export const registrationNeedsSignIn: ApolloServerPlugin<{ user: AuthUser | null }> = {
  async requestDidStart({ request, contextValue }) {
    if (!request.query || !request.extensions?.persistedQuery || contextValue.user) return;
    return {
      async didResolveOperation() {
        throw new GraphQLError('Sign in to register a persisted query: send the bearer token with it.', {
          extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
        });
      },
    };
  },
};
