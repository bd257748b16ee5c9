import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { accessibilityProblems, signIn, squash, untilText, SHOWN_WITHIN_MS } from '../helpers/workbench-page';
import { demoData } from '../../seeds/demo-data';
import { loadSeed, seedId } from '../../seeds/load';
import { ROOT } from '../helpers/process';
import { AccessRole } from '../../src/graphql/access';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * "For me" in a real browser, two people at once, on the demo data, against a real server: one mentions the other in an annotation, picked
 * from a list; the other sees the count in the header rise and the notification arrive live, reads
 * it in the inbox and marks it read; a reviewer's "Awaiting my review" empties as they review; an
 * author's challenged insight leaves "Challenges" once they open it; following an insight.
 */
const employee = (key: string) => ({ id: seedId('employee', key), name: demoData.employees.find((e) => e.key === key)!.name });
const AISHA = employee('emp-aisha'); // ANALYST
const ELENA = employee('emp-elena'); // ANALYST

let s: TestServer;
let api: TestServer;
let base: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
let aishaToken: string;
let elenaToken: string;

const INBOX = `query { inbox { counts { total awaitingReview unreadNotifications challenges }
  awaitingReview(first: 100) { edges { node { id title } } } challenges(first: 100) { edges { node { id } } } } }`;

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(ROOT, 'web', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  // The pages' server runs only the workbench's trusted documents (sent by id); the test arranges and checks through
  // a second copy on the same graph that takes any operation (its events reach the first copy through the shared log).
  s = await startTestServer({
    env: { TRUSTED_DOCUMENTS: path.join(ROOT, 'dist', 'web', 'trusted-documents.json'), TRUSTED_DOCUMENTS_ONLY: 'true' },
  });
  api = await startTestServer();
  await s.cypher('MATCH (n) WHERE NOT n:Migration DETACH DELETE n');
  await loadSeed(s.graph, demoData);
  base = s.url.replace(/\/graphql$/, '');
  browser = await launchBrowser();
  aishaToken = await api.token(AISHA.id, [AccessRole.ANALYST]);
  elenaToken = await api.token(ELENA.id, [AccessRole.ANALYST]);
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await s?.cypher('MATCH (n) WHERE NOT n:Migration DETACH DELETE n');
  await api?.close();
  await s?.close();
});

async function inboxOf(token: string) {
  const r = await api.gql(INBOX, {}, token);
  expect(r.errors).toBeUndefined();
  return r.data.inbox;
}

/** An insight by Aisha about the first demo customer, proposed through the API. */
async function proposedByAisha(title: string): Promise<string> {
  const r = await api.gql(
    `mutation($input: ProposeInsightInput!) { proposeInsight(input: $input) { id } }`,
    {
      input: {
        title,
        body: 'Customers who call twice in a week churn more.',
        origin: 'FROM_CUSTOMER',
        confidence: 0.6,
        customerIds: [seedId('customer', demoData.customers[0].key)],
      },
    },
    aishaToken,
  );
  expect(r.errors).toBeUndefined();
  return r.data.proposeInsight.id;
}

/** Waits until the header's "For me" count is what the API counts for `token` now (it follows live events), and returns it. */
async function countShown(page: Page, token: string): Promise<number> {
  const total = (await inboxOf(token)).counts.total;
  return Number(await untilText(page.getByTestId('inbox-count'), (t) => Number(t) === total));
}

describe('"For me" in the workbench', () => {
  let aisha: Page;
  let elena: Page;
  let insightId: string;

  it('shows each person the count of what asks for their attention, as the API counts it', async () => {
    aisha = await signIn(browser, base, AISHA, contexts);
    elena = await signIn(browser, base, ELENA, contexts);
    insightId = await proposedByAisha('Repeat callers churn');
    // Each sees their own figure (the API's), and a screen reader hears it with the link.
    for (const [page, token] of [
      [elena, elenaToken],
      [aisha, aishaToken],
    ] as const) {
      const total = await countShown(page, token);
      expect(await page.getByTestId('inbox-link').getAttribute('aria-label')).toBe(`For me, ${total} ${total === 1 ? 'item' : 'items'}`);
    }
  });

  it('one mentions the other, picked from a list; the other sees it arrive live in the header and in the inbox', async () => {
    const before = await countShown(elena, elenaToken);
    await aisha.goto(`${base}/insights/${insightId}`);
    await aisha.getByTestId('insight-status').waitFor({ timeout: SHOWN_WITHIN_MS });
    const field = aisha.getByLabel('Your annotation');
    await field.click();
    await field.pressSequentially('Can you check this, @Ele');
    const offer = aisha.getByRole('button', { name: `@${ELENA.name}` });
    await offer.waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(await accessibilityProblems(aisha)).toEqual([]);
    await offer.click();
    await field.pressSequentially('?');
    expect(await field.inputValue()).toBe(`Can you check this, @${ELENA.name} ?`);
    expect(squash(await aisha.getByTestId('mentioned').innerText())).toBe(`Notifies: ${ELENA.name}`);
    await aisha.getByRole('button', { name: 'Comment', exact: true }).click();
    // The annotation shows the mention as a mention.
    await untilText(aisha.getByTestId('annotations'), new RegExp(`Can you check this, @${ELENA.name} \\?`));
    expect(await aisha.getByTestId('annotations').locator('strong.mention').allInnerTexts()).toEqual([`@${ELENA.name}`]);

    // Elena, on another page, without a reload: the count goes up (a notification, and an insight she now follows that
    // changed since she saw it) to what the API counts, and the header says who mentioned her where.
    const after = (await inboxOf(elenaToken)).counts.total;
    expect(after).toBe(before + 2);
    expect(await untilText(elena.getByTestId('inbox-count'), (t) => Number(t) === after)).toBe(String(after));
    expect(await untilText(elena.getByTestId('inbox-toast'), /mentioned you/)).toBe(
      `${AISHA.name} mentioned you on “Repeat callers churn” Dismiss the notification`,
    );
    await elena.getByTestId('inbox-link').click();
    await untilText(elena.getByRole('heading', { level: 1 }), /^For me$/);
    const notifications = elena.getByTestId('inbox-notifications');
    expect(await untilText(notifications.locator('li').first(), /mentioned you/)).toBe(
      `New ${AISHA.name} mentioned you in an annotation on Repeat callers churn ` +
        (await notifications.locator('li .muted').first().innerText()) +
        ` Can you check this, @${ELENA.name} ? Mark read the notification from ${AISHA.name}`,
    );
    expect(await accessibilityProblems(elena)).toEqual([]);
    await notifications.getByRole('button', { name: 'Mark all read' }).click();
    await untilText(notifications.locator('h2'), /\(0 unread\)/);
    expect(await untilText(elena.getByTestId('inbox-count'), (t) => Number(t) === after - 1)).toBe(String(after - 1));
    expect((await inboxOf(elenaToken)).counts.unreadNotifications).toBe(0);
  });

  it('a reviewer’s "Awaiting my review" empties as they review, live in the count', async () => {
    const awaiting = (await inboxOf(elenaToken)).awaitingReview.edges.map((e: { node: { id: string; title: string } }) => e.node);
    expect(awaiting.map((i: { id: string }) => i.id)).toContain(insightId);
    await elena.getByTestId('inbox-link').click();
    const part = elena.getByTestId('inbox-awaitingReview');
    expect(await untilText(part.locator('h2'), /Awaiting my review/)).toBe(`Awaiting my review (${awaiting.length})`);
    expect(await part.locator('li a').allInnerTexts()).toEqual(awaiting.map((i: { title: string }) => i.title));
    for (let left = awaiting.length; left > 0; left--) {
      await part.locator('li a').first().click();
      await elena.getByRole('button', { name: 'Validate' }).click();
      await untilText(elena.getByTestId('insight-status'), /^Validated$/);
      // The header follows, live, to what the API counts now.
      const { counts } = await inboxOf(elenaToken);
      expect(counts.awaitingReview).toBe(left - 1);
      await untilText(elena.getByTestId('inbox-count'), (t) => Number(t) === counts.total);
      await elena.getByTestId('inbox-link').click();
      await untilText(part.locator('h2'), new RegExp(`\\(${left - 1}\\)$`));
    }
    expect(await untilText(part, /Nothing awaits/)).toBe(
      'Awaiting my review (0) Nothing awaits your review: every proposed insight is yours, revised by you, or reviewed.',
    );
    expect((await inboxOf(elenaToken)).counts.awaitingReview).toBe(0);
  });

  it('a challenge to the author’s insight waits under "Challenges" until they open it', async () => {
    const challenged = await proposedByAisha('Night deliveries matter');
    const r = await api.gql(
      `mutation($input: AnnotateInsightInput!) { annotateInsight(input: $input) { id } }`,
      { input: { id: challenged, kind: 'CHALLENGE', body: 'Only two customers said so.' } },
      elenaToken,
    );
    expect(r.errors).toBeUndefined();
    await aisha.getByTestId('inbox-link').click();
    const part = aisha.getByTestId('inbox-challenges');
    await untilText(part, /Night deliveries matter/);
    expect(await part.locator('li a').allInnerTexts()).toContain('Night deliveries matter');
    await part.getByRole('link', { name: 'Night deliveries matter' }).click();
    await aisha.getByTestId('insight-status').waitFor({ timeout: SHOWN_WITHIN_MS });
    await untilText(aisha.getByTestId('follow-button'), /^Following$/);
    await aisha.getByTestId('inbox-link').click();
    expect(await untilText(part, (t) => !t.includes('Night deliveries matter'))).not.toContain('Night deliveries matter');
    expect((await inboxOf(aishaToken)).challenges.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(challenged);
  });

  it('following an insight from its page, and stopping, is said on the button and kept by the API', async () => {
    await elena.goto(`${base}/insights/${insightId}`);
    const button = elena.getByTestId('follow-button');
    // Elena annotated nothing here and was mentioned: she follows it already.
    expect(await untilText(button, /^Follow(ing)?$/)).toBe('Following');
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    await button.click();
    expect(await untilText(button, /^Follow$/)).toBe('Follow');
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    const q = await api.gql(`query($id: ID!) { insight(id: $id) { followedByMe } }`, { id: insightId }, elenaToken);
    expect(q.data.insight.followedByMe).toBe(false);
  });

  it('an insight proposed from the customer 360 mentions a colleague picked from the list, who is notified live', async () => {
    const customer = demoData.customers[0];
    const before = await countShown(elena, elenaToken);
    await aisha.goto(`${base}/customers/${seedId('customer', customer.key)}?tab=insights`);
    await aisha.getByLabel('Title', { exact: true }).fill('Onboarding drags');
    const body = aisha.getByLabel('What we learned, why, and what to do');
    await body.click();
    await body.pressSequentially('Ask @Ele');
    await aisha.getByRole('button', { name: `@${ELENA.name}` }).click();
    expect(await body.inputValue()).toBe(`Ask @${ELENA.name} `);
    await aisha.getByRole('button', { name: 'Propose insight' }).click();
    expect(await untilText(elena.getByTestId('inbox-toast'), /Onboarding drags/)).toBe(
      `${AISHA.name} mentioned you on “Onboarding drags” Dismiss the notification`,
    );
    const after = (await inboxOf(elenaToken)).counts.total;
    expect(after).toBeGreaterThan(before);
    expect(await untilText(elena.getByTestId('inbox-count'), (t) => Number(t) === after)).toBe(String(after));
  });
});
