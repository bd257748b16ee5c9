import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { demoData } from '../../seeds/demo-data';
import { loadSeed, seedId } from '../../seeds/load';
import { freePort } from '../../src/db/local-neo4j';
import { ROOT } from '../helpers/process';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * The workbench resumes its live updates after a reconnect (issue 24), in a real browser
 * (Debian's Chromium, driven by playwright-core) on the demo data: the customer 360 is open, the
 * server stops, an interaction is recorded meanwhile through a second server on the same Neo4j,
 * the server starts again on the same port, and the interaction shows on the page without a
 * reload, once, within seconds: as a live event replayed from the page's last cursor; read
 * again with the page when the page had no event yet (no cursor); and read again, then live
 * again, when the server refuses the cursor (CURSOR_EXPIRED).
 */
/** How long the page may take to show something the server already has. */
const SHOWN_WITHIN_MS = 15_000;
/**
 * From the server's restart to the missed interaction on screen: the page's longest wait between
 * two attempts to reconnect (5 s), the server's replay, a refetch, with room for a slow machine.
 * (The issue: 27 s.)
 */
const BACK_WITHIN_MS = 10_000;

const employee = (key: string) => ({ id: seedId('employee', key), name: demoData.employees.find((e) => e.key === key)!.name });
const AISHA = employee('emp-aisha'); // ANALYST: the page
const LUKAS = employee('emp-lukas'); // ANALYST: records interactions through the API
const BALTIC = demoData.customers.find((c) => c.key === 'cust-baltic')!;
const BALTIC_ID = seedId('customer', BALTIC.key);

const RECORD = `mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id summary } }`;

let port: number;
let s: TestServer;
let base: string;
let browser: Browser;
const contexts: BrowserContext[] = [];

/** The server of the page, on its port (the same at every start). */
const startServer = () => startTestServer({ env: { PORT: String(port) } });

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(ROOT, 'web', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  port = await freePort();
  s = await startServer();
  await s.cypher('MATCH (n) WHERE NOT n:Migration DETACH DELETE n');
  await loadSeed(s.graph, demoData);
  base = s.url.replace(/\/graphql$/, '');
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await s?.cypher('MATCH (n) WHERE NOT n:Migration DETACH DELETE n');
  await s?.close();
});

/** The graphql-transport-ws messages of a page, parsed, both ways. */
interface Frames {
  sent: any[];
  received: any[];
}

/** A fresh browser signed in as Aisha, with the page's WebSocket messages recorded. */
async function signedIn(): Promise<{ page: Page; frames: Frames }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const frames: Frames = { sent: [], received: [] };
  const parse = (payload: string | Buffer) => {
    try {
      return JSON.parse(String(payload));
    } catch {
      return null;
    }
  };
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => frames.sent.push(parse(f.payload)));
    ws.on('framereceived', (f) => frames.received.push(parse(f.payload)));
  });
  await page.goto(base + '/');
  await page.getByLabel('Employee').selectOption(AISHA.id);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('signed-in-as').waitFor({ timeout: SHOWN_WITHIN_MS });
  return { page, frames };
}

/** Waits until the element's text matches. */
async function untilText(locator: Locator, pattern: RegExp, timeoutMs = SHOWN_WITHIN_MS): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if ((await locator.count()) > 0) {
      last = (await locator.first().innerText()).replace(/\s+/g, ' ').trim();
      if (pattern.test(last)) return last;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${pattern}; the text was: ${last}`);
}

/** Waits until `check` holds. */
async function until(check: () => boolean, what: string, timeoutMs = SHOWN_WITHIN_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const markDocument = (page: Page) => page.evaluate(() => ((globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true));
const sameDocument = (page: Page) => page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument === true);

/** Opens Baltic's customer 360 on its timeline and waits until the timeline is shown and the live connection is up. */
async function openBaltic(page: Page): Promise<void> {
  await page.goto(`${base}/customers/${BALTIC_ID}?tab=timeline`);
  await page.getByTestId('timeline').locator('tbody tr').first().waitFor({ timeout: SHOWN_WITHIN_MS });
  await untilText(page.locator('.live-status'), /^Live$/);
}

/** The number in "Interactions (n)". */
async function interactionCount(page: Page): Promise<number> {
  return Number(/\((\d+)\)/.exec(await untilText(page.getByRole('heading', { name: /^Interactions/ }), /\(\d+\)/))![1]);
}

/** The timeline's rows that show `summary`. */
const rowsOf = (page: Page, summary: string) => page.getByTestId('timeline').locator('tbody tr', { hasText: summary });

/** Lukas records an interaction with Baltic through `server`'s API. */
async function record(server: TestServer, summary: string): Promise<string> {
  const result = await server.gql(
    RECORD,
    { input: { customerId: BALTIC_ID, channel: 'PHONE', touchpoint: 'SUPPORT', direction: 'INBOUND', summary } },
    await server.token(LUKAS.id),
  );
  expect(result.errors).toBeUndefined();
  return result.data.recordInteraction.id;
}

/**
 * Stops the page's server, runs `meanwhile` against a second server on the same Neo4j (the page's
 * is down), then starts the page's server again on its port; resolves with when it was back.
 */
async function restartAround(page: Page, meanwhile: (other: TestServer) => Promise<void>): Promise<number> {
  await s.close();
  await untilText(page.locator('.live-status'), /^Offline$/);
  const other = await startTestServer();
  try {
    await meanwhile(other);
  } finally {
    await other.close();
  }
  await new Promise((r) => setTimeout(r, 1_000)); // the page keeps trying meanwhile, refused
  s = await startServer();
  return Date.now();
}

/** The subscribe messages the page sent for one operation, in order. */
const subscribes = (frames: Frames, operationName: string) =>
  frames.sent.filter((m) => m?.type === 'subscribe' && m.payload?.operationName === operationName);

describe('the workbench after a reconnect', () => {
  let page: Page;
  let frames: Frames;

  it('resumes from its last cursor: an interaction recorded while the server was down arrives live, once, without a reload', async () => {
    ({ page, frames } = await signedIn());
    await openBaltic(page);
    // An event first: the page's interaction subscription now has a cursor.
    await record(s, 'E2E resume: before the restart');
    expect(await untilText(page.getByTestId('live-update'), /before the restart/)).toBe(
      'live New interaction: E2E resume: before the restart',
    );
    const lastEvent = frames.received.filter((m) => m?.type === 'next' && m.payload?.data?.interactionRecorded).at(-1);
    const cursor: string = lastEvent.payload.data.interactionRecorded.cursor;
    expect(cursor).toMatch(/^[\w-]+$/);
    await markDocument(page);
    const before = await interactionCount(page);
    const subscribedBefore = subscribes(frames, 'CustomerInteractionLive').length;

    const summary = 'E2E resume: recorded while the server was down';
    let id = '';
    const back = await restartAround(page, async (other) => {
      id = await record(other, summary);
    });

    // Replayed through the subscription: announced live and marked new, as any live event.
    expect(await untilText(page.getByTestId('live-update'), /while the server was down/, BACK_WITHIN_MS)).toBe(
      `live New interaction: ${summary}`,
    );
    expect(Date.now() - back).toBeLessThan(BACK_WITHIN_MS);
    expect(await untilText(page.getByTestId('timeline').locator('tbody tr').first(), /while the server was down/)).toMatch(/new/);
    await untilText(page.locator('.live-status'), /^Live$/);
    expect(await untilText(page.getByRole('heading', { name: /^Interactions/ }), new RegExp(`\\(${before + 1}\\)`))).toBe(
      `Interactions (${before + 1})`,
    );
    // It asked for what followed the last event it had received.
    const resent = subscribes(frames, 'CustomerInteractionLive').slice(subscribedBefore);
    expect(resent.length).toBeGreaterThanOrEqual(1);
    expect(resent.at(-1).payload.variables).toEqual({ customerId: BALTIC_ID, after: cursor });
    expect(frames.received.some((m) => m?.type === 'next' && m.payload?.data?.interactionRecorded?.interaction?.id === id)).toBe(true);
    // Once, and it stays once.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await rowsOf(page, summary).count()).toBe(1);
    expect(await interactionCount(page)).toBe(before + 1);
    expect(await sameDocument(page)).toBe(true);
  });

  it('without a cursor yet (no event since the page opened), reads the page again after the reconnect', async () => {
    const fresh = await signedIn();
    await openBaltic(fresh.page);
    await markDocument(fresh.page);
    const before = await interactionCount(fresh.page);
    const summary = 'E2E resume: recorded while away, before any event';
    const back = await restartAround(fresh.page, async (other) => {
      await record(other, summary);
    });
    expect(await untilText(fresh.page.getByTestId('timeline').locator('tbody tr').first(), /before any event/, BACK_WITHIN_MS)).toContain(
      summary,
    );
    expect(Date.now() - back).toBeLessThan(BACK_WITHIN_MS);
    expect(await untilText(fresh.page.getByRole('heading', { name: /^Interactions/ }), new RegExp(`\\(${before + 1}\\)`))).toBe(
      `Interactions (${before + 1})`,
    );
    // Its subscriptions went back without `after`: they had nothing to resume from.
    for (const m of subscribes(fresh.frames, 'CustomerInteractionLive')) expect(m.payload.variables).toEqual({ customerId: BALTIC_ID });
    expect(await rowsOf(fresh.page, summary).count()).toBe(1);
    expect(await sameDocument(fresh.page)).toBe(true);
    await fresh.page.context().close();
    // The first page got it too, live (it resumed from its cursor).
    expect(await untilText(page.getByTestId('live-update'), /before any event/)).toBe(`live New interaction: ${summary}`);
    // Its row follows the announcement (counted at once, it was not always there yet: the next test then began one short).
    await untilText(rowsOf(page, summary).first(), /before any event/);
    expect(await rowsOf(page, summary).count()).toBe(1);
  });

  it('when the server refuses its cursor (CURSOR_EXPIRED), reads the page again and goes on live without it, showing no error', async () => {
    await markDocument(page);
    const before = await interactionCount(page);
    const subscribedBefore = subscribes(frames, 'CustomerInteractionLive').length;
    const receivedBefore = frames.received.length;
    const summary = 'E2E resume: recorded while away, then trimmed from the log';
    await restartAround(page, async (other) => {
      await record(other, summary);
      // Retention trims the log past the page's cursor (as after a long time away).
      await other.cypher(`MATCH (log:EventLog {id: 'events'}) SET log.trimmedThrough = log.position`);
    });
    // Read again with the page (no live announcement: the event itself is gone).
    await untilText(page.getByTestId('timeline').locator('tbody tr').first(), /then trimmed from the log/, BACK_WITHIN_MS);
    expect(await untilText(page.getByRole('heading', { name: /^Interactions/ }), new RegExp(`\\(${before + 1}\\)`))).toBe(
      `Interactions (${before + 1})`,
    );
    const resent = subscribes(frames, 'CustomerInteractionLive').slice(subscribedBefore);
    await until(() => subscribes(frames, 'CustomerInteractionLive').length >= subscribedBefore + 2, 'the subscription sent afresh');
    const refused = resent[0];
    expect(refused.payload.variables.after).toEqual(expect.any(String));
    // (graphql-ws sends a subscription again under its id: the answer is among the messages since.)
    const refusal = frames.received.slice(receivedBefore).find((m) => m?.id === refused.id && m.type === 'next');
    expect(refusal.payload.errors[0].extensions.code).toBe('CURSOR_EXPIRED');
    expect(subscribes(frames, 'CustomerInteractionLive').at(-1).payload.variables).toEqual({ customerId: BALTIC_ID });
    expect(await page.locator('.notice-error, [role="alert"]').count()).toBe(0);

    // Live again, from now on.
    const next = 'E2E resume: live again after the refused cursor';
    await record(s, next);
    expect(await untilText(page.getByTestId('live-update'), /live again after the refused cursor/)).toBe(`live New interaction: ${next}`);
    await untilText(page.getByTestId('timeline').locator('tbody tr').first(), /live again after the refused cursor/);
    expect(await rowsOf(page, next).count()).toBe(1);
    expect(await rowsOf(page, summary).count()).toBe(1);
    expect(await sameDocument(page)).toBe(true);
  });
});
