import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { AccessRole } from '../../src/graphql/access';
import { launchBrowser } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

/**
 * A single-page app served from its own origin calls the API from a real browser (issue 25, item 1):
 * a page of an origin in CORS_ORIGINS gets its answers; a page of any other origin gets no CORS
 * headers, so its browser refuses ("Failed to fetch"); Apollo's CSRF prevention still refuses a
 * simple request (one the browser sends without asking first), even from an allowed origin.
 */
let s: TestServer;
let w: World;
let browser: Browser;
const pages: Server[] = [];
let allowed: string;
let other: string;
let token: string;

/** A tiny site on its own origin (another port of 127.0.0.1): the page a front-end team would serve. */
async function site(): Promise<string> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>A front end</title><p>A front end</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  pages.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  allowed = await site();
  other = await site();
  s = await startTestServer({ env: { CORS_ORIGINS: allowed } });
  w = await buildWorld(s.graph);
  token = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.close();
  await Promise.all(pages.map((p) => new Promise((resolve) => p.close(resolve))));
});

type Seen = { status: number; body: unknown; requestIdReadable: boolean } | { refused: string };

/** What `fetch` in a page at `origin` gets from the API: the status and JSON, or the browser's refusal. */
async function fromPage(origin: string, headers: Record<string, string>, body: string): Promise<Seen> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(origin);
    return await page.evaluate(
      async ({ url, headers, body }) => {
        try {
          const res = await fetch(url, { method: 'POST', headers, body });
          return { status: res.status, body: await res.json(), requestIdReadable: res.headers.get('x-request-id') !== null };
        } catch (e) {
          return { refused: String(e) };
        }
      },
      { url: s.url, headers, body },
    );
  } finally {
    await context.close();
  }
}

const ME = JSON.stringify({ query: '{ me { name } }' });

describe('CORS', () => {
  it('answers a page of an allowed origin (the browser asks first, then sends), its request id readable', async () => {
    const expected = (await s.gql('{ me { name } }', {}, token)).data;
    const got = await fromPage(allowed, { 'content-type': 'application/json', authorization: `Bearer ${token}` }, ME);
    expect(got).toEqual({ status: 200, body: { data: expected }, requestIdReadable: true });
  });

  it('gives a page of any other origin nothing it may read: the browser refuses', async () => {
    const got = await fromPage(other, { 'content-type': 'application/json', authorization: `Bearer ${token}` }, ME);
    expect(got).toEqual({ refused: 'TypeError: Failed to fetch' });
  });

  it('keeps the CSRF prevention: a simple request (text/plain, sent without asking) from an allowed origin is refused', async () => {
    const got = await fromPage(allowed, { 'content-type': 'text/plain' }, ME);
    expect(got).toMatchObject({
      status: 400,
      body: { errors: [{ message: expect.stringContaining('Cross-Site Request Forgery'), extensions: { code: 'BAD_REQUEST' } }] },
    });
  });

  it('answers a preflight of an allowed origin with what it may send, read and for how long; of another origin with no CORS header', async () => {
    const preflight = (origin: string) =>
      fetch(s.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const yes = await preflight(allowed);
    expect(yes.status).toBe(204);
    expect(Object.fromEntries([...yes.headers].filter(([k]) => k.startsWith('access-control-') || k === 'vary'))).toEqual({
      'access-control-allow-origin': allowed,
      'access-control-allow-methods': 'GET,POST',
      'access-control-allow-headers':
        'authorization,content-type,x-request-id,apollo-require-preflight,x-apollo-operation-name,apollographql-client-name,apollographql-client-version',
      'access-control-expose-headers': 'x-request-id,retry-after',
      'access-control-max-age': '600',
      vary: 'Origin',
    });
    const no = await preflight(other);
    expect([...no.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([]);
    // The refusal says why (seen in the browser's network panel), not Apollo's CSRF message.
    expect(no.status).toBe(403);
    expect(no.headers.get('vary')).toBe('Origin');
    expect(await no.json()).toEqual({
      errors: [
        {
          message: `Pages of the origin ${other} may not call this API from a browser: it is not in CORS_ORIGINS (exact origins: scheme, host and port).`,
          extensions: { code: 'FORBIDDEN' },
        },
      ],
    });
  });
});

describe('without CORS_ORIGINS', () => {
  it('gives no origin a CORS header (the default)', async () => {
    const plain = await startTestServer();
    try {
      const res = await fetch(plain.url, {
        method: 'OPTIONS',
        headers: { origin: allowed, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect([...res.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([]);
      expect(res.status).toBe(403);
    } finally {
      await plain.close();
    }
  });
});
