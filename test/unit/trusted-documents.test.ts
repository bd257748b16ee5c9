import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import {
  APQ_MAX_DOCUMENTS,
  DocumentStore,
  loadDocumentStore,
  parseManifest,
  resolveRequest,
  type TrustedDocument,
} from '../../src/server/trusted-documents';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const A = 'query A { me { name } }';
const B = 'mutation B($input: CreateSegmentInput!) { createSegment(input: $input) { id } }';
const ANONYMOUS = '{ me { name } }';

const apollo = (operations: unknown[]) => JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations });
const invalid = (file: string, why: string) => `Invalid configuration:\n  TRUSTED_DOCUMENTS: ${file}: ${why}`;

describe('a manifest of trusted documents', () => {
  it("reads Apollo's persisted query manifest, names as it gives them", () => {
    expect(
      parseManifest(
        apollo([
          { id: sha256(A), name: 'A', type: 'query', body: A },
          { id: sha256(ANONYMOUS), type: 'query', body: ANONYMOUS },
        ]),
        'm.json',
      ),
    ).toEqual<TrustedDocument[]>([
      { id: sha256(A), body: A, name: 'A', file: 'm.json' },
      { id: sha256(ANONYMOUS), body: ANONYMOUS, name: null, file: 'm.json' },
    ]);
  });

  it("reads the client preset's persisted-documents.json, with or without the sha256: prefix, naming the operation", () => {
    expect(parseManifest(JSON.stringify({ [`sha256:${sha256(A)}`]: A, [sha256(B)]: B }), 'p.json')).toEqual<TrustedDocument[]>([
      { id: sha256(A), body: A, name: 'A', file: 'p.json' },
      { id: sha256(B), body: B, name: 'B', file: 'p.json' },
    ]);
  });

  it('refuses an id that is not the SHA-256 of its body, naming the file, the id and the hash', () => {
    const forged = () => parseManifest(JSON.stringify({ [`sha256:${sha256(A)}`]: B }), 'forged.json');
    expect(forged).toThrow(ConfigError);
    expect(forged).toThrow(
      invalid(
        'forged.json',
        `the document ${sha256(A)} is not what its id says: the SHA-256 of its body is ${sha256(B)}. The manifest was edited or is damaged; generate it again from the client's operations.`,
      ),
    );
    // One changed character is enough.
    expect(() => parseManifest(apollo([{ id: sha256(A), name: 'A', body: `${A} ` }]), 'a.json')).toThrow(
      `the document ${sha256(A)} is not what its id says: the SHA-256 of its body is ${sha256(`${A} `)}.`,
    );
  });

  it('refuses what is not a manifest, each with its reason', () => {
    const why = (text: string) => {
      try {
        parseManifest(text, 'x.json');
      } catch (e) {
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect([
      why('not json'),
      why('[]'),
      why(JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 2, operations: [] })),
      why(JSON.stringify({ format: 'something-else', version: 1, operations: [] })),
      why(apollo(['text'])),
      why(apollo([{ id: 'abc', body: A }])),
      why(JSON.stringify({ [`sha256:${sha256(A).toUpperCase()}`]: A })),
      why(JSON.stringify({ [sha256(A)]: 42 })),
      why(JSON.stringify({ [sha256('query {')]: 'query {' })),
    ]).toEqual([
      invalid('x.json', 'is not JSON.'),
      invalid('x.json', 'must be a JSON object: an Apollo persisted query manifest or a { "<sha256>": "<document>" } map.'),
      invalid('x.json', 'an Apollo manifest must say format "apollo-persisted-query-manifest", version 1, and list its operations.'),
      invalid('x.json', 'an Apollo manifest must say format "apollo-persisted-query-manifest", version 1, and list its operations.'),
      invalid('x.json', 'operations[0] is not an object { id, name, type, body }.'),
      invalid(
        'x.json',
        'the document abc: an id must be the SHA-256 of the document in 64 lower-case hex digits (optionally after "sha256:").',
      ),
      invalid(
        'x.json',
        `the document ${sha256(A).toUpperCase()}: an id must be the SHA-256 of the document in 64 lower-case hex digits (optionally after "sha256:").`,
      ),
      invalid('x.json', `the document ${sha256(A)}: its body must be the document's text.`),
      invalid(
        'x.json',
        `the document ${sha256('query {')}: its body is not a GraphQL document (Syntax Error: Expected Name, found <EOF>.).`,
      ),
    ]);
  });
});

describe('loading the manifests', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-trusted-unit-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('joins the files and the workbench manifest; registering is on only without files', () => {
    const one = path.join(dir, 'one.json');
    const two = path.join(dir, 'two.json');
    const web = path.join(dir, 'web.json');
    writeFileSync(one, apollo([{ id: sha256(A), name: 'A', body: A }]));
    writeFileSync(two, JSON.stringify({ [`sha256:${sha256(A)}`]: A, [`sha256:${sha256(B)}`]: B }));
    writeFileSync(web, JSON.stringify({ [`sha256:${sha256(ANONYMOUS)}`]: ANONYMOUS }));
    const store = loadDocumentStore([one, two], web);
    expect([store.size, store.registering, store.lookup(sha256(A)), store.lookup(sha256(B)), store.lookup(sha256(ANONYMOUS))]).toEqual([
      3,
      false,
      A,
      B,
      ANONYMOUS,
    ]);
    const workbenchOnly = loadDocumentStore([], web);
    expect([workbenchOnly.size, workbenchOnly.registering, workbenchOnly.isTrusted(sha256(ANONYMOUS))]).toEqual([1, true, true]);
    // No workbench built: no manifest of its own.
    expect(loadDocumentStore([], path.join(dir, 'absent.json')).size).toBe(0);
  });

  it('refuses a file that cannot be read', () => {
    const missing = path.join(dir, 'missing.json');
    expect(() => loadDocumentStore([missing])).toThrow(`Invalid configuration:\n  TRUSTED_DOCUMENTS: ${missing} cannot be read (ENOENT).`);
  });

  it('reads TRUSTED_DOCUMENTS as a comma-separated list, and TRUSTED_DOCUMENTS_ONLY only with it', () => {
    expect(loadConfig({ TRUSTED_DOCUMENTS: ' a.json, b.json ,', TRUSTED_DOCUMENTS_ONLY: 'true' }).trustedDocuments).toEqual({
      files: ['a.json', 'b.json'],
      only: true,
    });
    expect(() => loadConfig({ TRUSTED_DOCUMENTS_ONLY: 'true' })).toThrow(
      'Invalid configuration:\n  TRUSTED_DOCUMENTS_ONLY: needs TRUSTED_DOCUMENTS: name the manifest file(s) of the operations your clients may run',
    );
  });
});

describe('documents registered by clients (automatic persisted queries)', () => {
  it('keeps at most APQ_MAX_DOCUMENTS, forgetting the least recently used', () => {
    const store = new DocumentStore(new Map(), true);
    const doc = (i: number) => `query Q${i} { me { name } }`;
    for (let i = 0; i < APQ_MAX_DOCUMENTS; i++) store.register(sha256(doc(i)), doc(i));
    expect(store.lookup(sha256(doc(0)))).toBe(doc(0)); // used again: now the youngest
    store.register(sha256(doc(APQ_MAX_DOCUMENTS)), doc(APQ_MAX_DOCUMENTS));
    expect([store.lookup(sha256(doc(0))), store.lookup(sha256(doc(1))), store.lookup(sha256(doc(APQ_MAX_DOCUMENTS)))]).toEqual([
      doc(0),
      undefined,
      doc(APQ_MAX_DOCUMENTS),
    ]);
  });

  it('registers nothing when manifests are configured, and answers Apollo under its apq: prefix', async () => {
    const trusted = new Map([[sha256(A), { id: sha256(A), body: A, name: 'A', file: 'm.json' }]]);
    const store = new DocumentStore(trusted, false);
    await store.set(`apq:${sha256(B)}`, B);
    expect([await store.get(`apq:${sha256(B)}`), await store.get(`apq:${sha256(A)}`)]).toEqual([undefined, A]);
  });
});

describe('the id of a request', () => {
  const store = new DocumentStore(new Map([[sha256(A), { id: sha256(A), body: A, name: 'A', file: 'm.json' }]]), false);
  const pq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

  it('finds the document named by documentId or by extensions.persistedQuery', () => {
    expect([
      resolveRequest({ query: A }, store),
      resolveRequest({ documentId: `sha256:${sha256(A)}` }, store),
      resolveRequest({ extensions: pq(sha256(A)) }, store),
      resolveRequest({ query: '', documentId: `sha256:${sha256(A)}`, extensions: pq(sha256(A)) }, store),
      resolveRequest({ query: B, extensions: pq(sha256(B)) }, store),
      resolveRequest({ documentId: `sha256:${sha256(B)}` }, store),
    ]).toEqual([
      { kind: 'text' },
      { kind: 'found', id: sha256(A), query: A },
      { kind: 'found', id: sha256(A), query: A },
      { kind: 'found', id: sha256(A), query: A },
      { kind: 'both', id: sha256(B) },
      { kind: 'not-found', id: sha256(B) },
    ]);
  });

  it('refuses malformed ids, both an id and a query (documentId), and an id that is not the hash of the query', () => {
    expect(
      [
        resolveRequest({ documentId: sha256(A) }, store),
        resolveRequest({ documentId: `md5:${sha256(A)}` }, store),
        resolveRequest({ documentId: `sha256:${sha256(A)}`, query: A }, store),
        resolveRequest({ extensions: { persistedQuery: true } }, store),
        resolveRequest({ extensions: { persistedQuery: { version: 1 } } }, store),
        resolveRequest({ query: B, extensions: pq(sha256(A)) }, store),
        resolveRequest({ documentId: `sha256:${sha256(A)}`, extensions: pq(sha256(B)) }, store),
      ].map((r) => (r.kind === 'bad' ? r.message : r.kind)),
    ).toEqual([
      'documentId must be "sha256:" followed by the 64 lower-case hex digits of the document\'s SHA-256.',
      'documentId must be "sha256:" followed by the 64 lower-case hex digits of the document\'s SHA-256.',
      'Send either documentId or query, not both.',
      'extensions.persistedQuery must be { "version": 1, "sha256Hash": "<64 lower-case hex digits>" }.',
      'extensions.persistedQuery must be { "version": 1, "sha256Hash": "<64 lower-case hex digits>" }.',
      'extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent with it.',
      'documentId and extensions.persistedQuery.sha256Hash name different documents.',
    ]);
  });
});
