import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { demoData } from '../../seeds/demo-data';
import { loadSeed, seedId } from '../../seeds/load';
import { ROOT } from '../helpers/process';
import { AccessRole } from '../../src/graphql/access';
import { mintToken } from '../../src/server/auth';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * The knowledge workbench in a real browser (Debian's Chromium, driven by playwright-core), on
 * the demo data, against a real server: sign in, find and open a customer, propose and annotate
 * an insight, have a second person validate it (four eyes) and see that arrive live in the first
 * browser, record an interaction live, read-only for a VIEWER, errors in words, and screenshots
 * of the customer 360 and a dashboard into test-results/workbench (ignored by git).
 */
const SHOTS = path.join(ROOT, 'test-results', 'workbench');
/** How long the page may take to show something the server already has (a live event, a page load). */
const SHOWN_WITHIN_MS = 15_000;

const employee = (key: string) => ({ id: seedId('employee', key), name: demoData.employees.find((e) => e.key === key)!.name });
const AISHA = employee('emp-aisha'); // ANALYST
const ELENA = employee('emp-elena'); // ANALYST
const TOMAS = employee('emp-tomas'); // VIEWER
const BALTIC = demoData.customers.find((c) => c.key === 'cust-baltic')!;
const BALTIC_ID = seedId('customer', BALTIC.key);

let s: TestServer;
let base: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Every GraphQL request body and WebSocket subscribe payload the pages sent. */
const sent: Record<string, any>[] = [];

beforeAll(async () => {
  // The page the server serves: built now when its sources changed (what npm start does).
  execFileSync(process.execPath, [path.join(ROOT, 'web', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  mkdirSync(SHOTS, { recursive: true });
  // Only the workbench's own trusted documents run (for anyone but an ADMIN): the page must send
  // every operation by id, from the manifest of the same build.
  s = await startTestServer({
    env: { TRUSTED_DOCUMENTS: path.join(ROOT, 'dist', 'web', 'trusted-documents.json'), TRUSTED_DOCUMENTS_ONLY: 'true' },
  });
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

/** A fresh browser (its own storage: a different person) signed in as `who` through the development sign-in. */
async function signedIn(who: { id: string; name: string }): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  // What the page sends to the API, over HTTP and WebSocket (checked in 'sends every operation by id').
  page.on('request', (request) => {
    if (request.url().endsWith('/graphql') && request.method() === 'POST') sent.push(request.postDataJSON());
  });
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      const message = JSON.parse(String(payload));
      if (message.type === 'subscribe') sent.push(message.payload);
    }),
  );
  await page.goto(base + '/');
  await page.getByLabel('Employee').selectOption(who.id);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('signed-in-as').waitFor({ timeout: SHOWN_WITHIN_MS });
  return page;
}

/** The text of the first element matching, once it is there. */
async function text(locator: Locator): Promise<string> {
  await locator.first().waitFor({ timeout: SHOWN_WITHIN_MS });
  return (await locator.first().innerText()).replace(/\s+/g, ' ').trim();
}

/** Waits until the element's text matches (the page updates it on its own, e.g. from a live event). */
async function untilText(locator: Locator, pattern: RegExp | ((text: string) => boolean)): Promise<string> {
  const matches = typeof pattern === 'function' ? pattern : (t: string) => pattern.test(t);
  const deadline = Date.now() + SHOWN_WITHIN_MS;
  let last = '';
  while (Date.now() < deadline) {
    if ((await locator.count()) > 0) {
      last = (await locator.first().innerText()).replace(/\s+/g, ' ').trim();
      if (matches(last)) return last;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${pattern}; the text was: ${last}`);
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Accessibility problems axe-core finds on the page as it is now (WCAG 2 A and AA rules), serious or critical ones only. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's Content Security Policy (rightly) refuses an added script.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run((globalThis as unknown as { document: object }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
}

/** Marks the document, so that a later check can tell that the page was not reloaded. */
const markDocument = (page: Page) => page.evaluate(() => ((globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true));
const sameDocument = (page: Page) => page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument === true);

async function openBaltic(page: Page): Promise<void> {
  await page.getByLabel('Name contains').fill('baltic');
  await page.getByRole('button', { name: 'Search' }).click();
  await untilText(page.locator('main'), /^Customers .* 1 customer /);
  await page.getByRole('link', { name: BALTIC.name }).click();
  await untilText(page.getByRole('heading', { level: 1 }), new RegExp(`^${BALTIC.name}$`));
}

describe('the knowledge workbench in a browser', () => {
  let aisha: Page;

  it('signs in as a seeded employee through the development sign-in', async () => {
    aisha = await signedIn(AISHA);
    expect(await text(aisha.getByTestId('signed-in-as'))).toBe(`${AISHA.name} (ANALYST)`);
    expect(await text(aisha.getByRole('heading', { level: 1 }))).toBe('Customers');
    // The demo set's customers, 20 to a page, by name.
    expect(await text(aisha.getByText(/^\d+ customers$/))).toBe(`${demoData.customers.length} customers`);
    expect(await text(aisha.locator('.pager'))).toBe(`Previous page page 1 of ${Math.ceil(demoData.customers.length / 20)} Next page`);
    expect(await aisha.locator('table[aria-label="Customers"] tbody tr').count()).toBe(20);
    // The next page, and back: other customers, then the same first page again.
    const firstRow = aisha.locator('table[aria-label="Customers"] tbody tr').first();
    const firstOnPage1 = await text(firstRow);
    await aisha.getByRole('button', { name: 'Next page' }).click();
    await untilText(aisha.locator('.pager'), /page 2 of/);
    expect(await untilText(firstRow, (t) => t !== firstOnPage1)).not.toBe(firstOnPage1);
    await aisha.getByRole('button', { name: 'Previous page' }).click();
    await untilText(aisha.locator('.pager'), /page 1 of/);
    expect(await untilText(firstRow, /./)).toBe(firstOnPage1);
    // A search from page 2 starts at its own first page.
    await aisha.getByRole('button', { name: 'Next page' }).click();
    await untilText(aisha.locator('.pager'), /page 2 of/);
  });

  it('searches, opens a customer and shows the customer 360 with value, owners, timeline and neighbourhood', async () => {
    await openBaltic(aisha);
    expect(aisha.url()).toBe(`${base}/customers/${BALTIC_ID}`);
    const value = await text(aisha.getByTestId('customer-value'));
    expect(value).toBe(
      'Value Revenue (12 months) €230,000 Cost to serve €118,000 Profitability €112,000 Lifetime value €690,000 Value quadrant High revenue high cost',
    );
    const owners = await text(aisha.getByRole('region', { name: 'Who owns and knows them' }));
    for (const key of BALTIC.ownerKeys ?? []) expect(owners).toContain(employee(key).name);
    await aisha.screenshot({ path: path.join(SHOTS, 'customer-360.png'), fullPage: true });
    // The timeline and the neighbourhood are tabs of their own.
    await aisha.getByRole('tab', { name: 'Timeline' }).click();
    expect(aisha.url()).toBe(`${base}/customers/${BALTIC_ID}?tab=timeline`);
    const interactions = demoData.interactions.filter((x) => x.customerKey === BALTIC.key);
    expect(await untilText(aisha.getByRole('heading', { name: /^Interactions/ }), /\(/)).toBe(`Interactions (${interactions.length})`);
    expect(await aisha.locator('[data-testid="timeline"] tbody tr').count()).toBe(10);
    await aisha.getByRole('tab', { name: 'Neighbourhood' }).click();
    const graph = aisha.getByTestId('neighbourhood-graph');
    await graph.locator('canvas').first().waitFor({ timeout: SHOWN_WITHIN_MS });
    await untilAttribute(graph, 'data-node-count', /^[1-9]\d*$/);
  });

  it('shows an empty list, not an error, when no customer matches', async () => {
    await aisha.getByRole('link', { name: 'Customers', exact: true }).click();
    await aisha.getByLabel('Name contains').fill('no such customer anywhere');
    await aisha.getByRole('button', { name: 'Search' }).click();
    expect(await text(aisha.getByText('No customer matches.', { exact: false }))).toBe(
      'No customer matches. Loosen a filter or search for part of a name.',
    );
  });

  const proposed = {
    title: 'E2E: Baltic wants alert latency under five minutes',
    body: 'Said twice on calls in November: alerts arriving late is why they doubt the platform.',
  };
  let insightUrl = '';

  it('proposes an insight from the customer 360 and annotates it; the author is offered no validation (four eyes)', async () => {
    await aisha.goto(`${base}/customers/${BALTIC_ID}?tab=insights`);
    await aisha.getByLabel('Title', { exact: true }).fill(proposed.title);
    await aisha.getByLabel('What we learned, why, and what to do').fill(proposed.body);
    await aisha.getByLabel('Confidence (0–1)').fill('0.7');
    await aisha.getByRole('button', { name: 'Propose insight' }).click();
    // The confirmation under the form links to the new insight (the insights list above shows it too).
    await aisha.getByRole('status').getByRole('link', { name: proposed.title }).click();
    await untilText(aisha.getByRole('heading', { level: 1 }), new RegExp(`^${proposed.title}`));
    insightUrl = aisha.url();
    expect(insightUrl).toMatch(new RegExp(`^${base}/insights/[0-9a-f-]{36}$`));
    expect(await text(aisha.getByTestId('insight-status'))).toBe('Proposed');
    expect(await text(aisha.getByTestId('insight-author'))).toContain(AISHA.name);
    expect(await text(aisha.getByTestId('four-eyes'))).toBe('You wrote this insight; someone else must validate or refute it.');
    expect(await aisha.getByRole('button', { name: 'Validate' }).count()).toBe(0);
    expect(await aisha.getByRole('button', { name: 'Refute' }).count()).toBe(0);

    await aisha.getByLabel('Your annotation').fill('Confirmed by two depot managers on the same call.');
    await aisha.getByRole('button', { name: 'Comment', exact: true }).click();
    const annotations = await untilText(aisha.getByTestId('annotations'), /Confirmed by two depot managers/);
    expect(annotations).toContain(AISHA.name);
    expect(annotations).toContain('Comment');
  });

  it('a second person validates it, and the first browser shows the change live, without a reload', async () => {
    await markDocument(aisha);
    const elena = await signedIn(ELENA);
    await elena.goto(insightUrl);
    await elena.getByRole('button', { name: 'Validate' }).click();
    expect(await untilText(elena.getByTestId('insight-status'), /^Validated$/)).toBe('Validated');

    expect(await untilText(aisha.getByTestId('live-update'), /validated by Elena Novak/)).toMatch(
      /^Updated live: validated by Elena Novak/,
    );
    expect(await untilText(aisha.getByTestId('insight-status'), /^Validated$/)).toBe('Validated');
    expect(await sameDocument(aisha)).toBe(true);
    // Its history: version 1 proposed by Aisha, version 2 the validation by Elena.
    const history = await untilText(aisha.getByRole('region', { name: 'Version history' }), /Elena Novak/);
    expect(history).toMatch(/Version 2.*Validated.*Elena Novak.*Version 1.*Aisha Kamara/);
    await elena.context().close();
  });

  it('an interaction recorded in one browser arrives live in the timeline of the other', async () => {
    await aisha.goto(`${base}/customers/${BALTIC_ID}?tab=timeline`);
    await aisha.getByTestId('timeline').locator('tbody tr').first().waitFor();
    await markDocument(aisha);
    const before = await untilText(aisha.getByRole('heading', { name: /^Interactions/ }), /\(/);
    const lukas = await signedIn(employee('emp-lukas'));
    await lukas.goto(`${base}/customers/${BALTIC_ID}?tab=timeline`);
    await lukas.getByLabel('Channel').selectOption('PHONE');
    await lukas.getByLabel('Touchpoint').selectOption('SUPPORT');
    await lukas.getByLabel('Summary').fill('E2E: called about alert latency at the Oslo depot');
    await lukas.getByLabel('Perceived quality (1–5)').fill('2');
    await lukas.getByRole('button', { name: 'Record interaction' }).click();
    expect(await text(lukas.getByText(/^Recorded: /))).toBe('Recorded: E2E: called about alert latency at the Oslo depot');

    expect(await untilText(aisha.getByTestId('live-update'), /New interaction/)).toBe(
      'live New interaction: E2E: called about alert latency at the Oslo depot',
    );
    const first = await untilText(aisha.getByTestId('timeline').locator('tbody tr').first(), /E2E: called about alert latency/);
    expect(first).toContain('new');
    expect(first).toContain('Phone · Support');
    expect(first).toContain(`${employee('emp-lukas').name}`);
    const count = Number(/\((\d+)\)/.exec(before)![1]);
    expect(await untilText(aisha.getByRole('heading', { name: /^Interactions/ }), new RegExp(`\\(${count + 1}\\)`))).toBe(
      `Interactions (${count + 1})`,
    );
    expect(await sameDocument(aisha)).toBe(true);
    await lukas.context().close();
  });

  it('a VIEWER reads the customer and the insight but is offered no change, and sees no personal data', async () => {
    const tomas = await signedIn(TOMAS);
    expect(await text(tomas.getByTestId('signed-in-as'))).toBe(`${TOMAS.name} (VIEWER)`);
    await tomas.goto(`${base}/customers/${BALTIC_ID}`);
    await untilText(tomas.getByRole('heading', { level: 1 }), new RegExp(`^${BALTIC.name}$`));
    expect(await text(tomas.getByText(/^Your role \(VIEWER\)/))).toBe(
      'Your role (VIEWER) reads customer knowledge; recording it needs ANALYST or ADMIN.',
    );
    const profile = await text(tomas.getByRole('region', { name: 'Profile' }));
    expect(profile).toContain('Email hidden for your role Phone hidden for your role');
    expect(profile).not.toContain(BALTIC.email!);
    expect(await text(tomas.locator('main'))).not.toContain(BALTIC.email!);
    await tomas.getByRole('tab', { name: 'Timeline' }).click();
    await tomas.getByTestId('timeline').locator('tbody tr').first().waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(await tomas.getByRole('button', { name: 'Record interaction' }).count()).toBe(0);
    await tomas.goto(insightUrl);
    await untilText(tomas.getByTestId('insight-status'), /^Validated$/);
    await tomas.getByTestId('read-only').waitFor();
    expect(await tomas.getByRole('button', { name: /^(Validate|Refute|Archive|Comment|Endorse|Challenge)$/ }).count()).toBe(0);
    await tomas.context().close();
  });

  it('a revision on a stale version shows who changed it first, keeps the draft, and saves after a reload', async () => {
    await aisha.goto(insightUrl);
    await untilText(aisha.getByTestId('insight-status'), /^Validated$/);
    await aisha.getByRole('button', { name: 'Revise' }).click();
    const mine = 'E2E: Baltic wants alert latency under five minutes, in the contract';
    await aisha.getByLabel('Title').fill(mine);

    // Meanwhile an ADMIN revises the body through the API.
    const maren = employee('emp-maren');
    const token = await s.token(maren.id, [AccessRole.ADMIN, AccessRole.ANALYST]);
    const id = insightUrl.split('/').pop()!;
    const revised = await s.gql(
      'mutation($input: ReviseInsightInput!) { reviseInsight(input: $input) { version } }',
      { input: { id, expectedVersion: 2, body: `${proposed.body} Confirmed by their CTO.` } },
      token,
    );
    expect(revised.errors).toBeUndefined();
    expect(revised.data.reviseInsight.version).toBe(3);

    await aisha.getByRole('button', { name: 'Save revision' }).click();
    expect(await text(aisha.getByTestId('revise-conflict'))).toBe(
      `${maren.name} changed this insight since you opened it: you edited version 2, it is now at version 3. ` +
        'Nothing was saved. Your draft is kept below: reload the current version, compare, then save again. Reload the current version',
    );
    expect(await aisha.getByLabel('Title').inputValue()).toBe(mine);
    await aisha.getByRole('button', { name: 'Reload the current version' }).click();
    expect(await text(aisha.getByTestId('revise-rebased'))).toMatch(new RegExp(`^Reloaded version 3 \\(changed by ${maren.name}\\)\\.`));
    // Her edit stays; the body she did not touch now shows Maren's version.
    expect(await aisha.getByLabel('Title').inputValue()).toBe(mine);
    expect(await aisha.getByLabel('Body').inputValue()).toBe(`${proposed.body} Confirmed by their CTO.`);
    await aisha.getByRole('button', { name: 'Save revision' }).click();
    expect(await untilText(aisha.getByRole('heading', { level: 1 }), new RegExp(`^${mine}`))).toBe(mine);
    // A revision sends a validated insight back to review.
    expect(await untilText(aisha.getByTestId('insight-status'), /^Proposed$/)).toBe('Proposed');
    const after = await s.gql('query($id: ID!) { insight(id: $id) { title body version status } }', { id }, token);
    expect(after.data.insight).toEqual({ title: mine, body: `${proposed.body} Confirmed by their CTO.`, version: 4, status: 'PROPOSED' });

    // Maren revised it, so four eyes keeps her from reviewing it: the page says so and offers no review.
    const marenPage = await signedIn(maren);
    await marenPage.goto(insightUrl);
    await untilText(marenPage.getByTestId('insight-status'), /^Proposed$/);
    expect(await text(marenPage.getByTestId('four-eyes'))).toBe('You revised this insight; someone else must validate or refute it.');
    expect(await marenPage.getByRole('button', { name: /^(Validate|Refute)$/ }).count()).toBe(0);
    expect(await marenPage.getByRole('button', { name: 'Revise' }).count()).toBe(1);
    await marenPage.context().close();
  });

  it('shows the dashboards with their charts', async () => {
    await aisha.getByRole('link', { name: 'Dashboards' }).click();
    for (const id of ['need-trends', 'value-quadrant', 'portfolio', 'experience-by-touchpoint', 'at-risk']) {
      await aisha.getByTestId(id).waitFor({ timeout: SHOWN_WITHIN_MS });
    }
    await aisha.getByTestId('value-quadrant').locator('svg.recharts-surface').first().waitFor({ timeout: SHOWN_WITHIN_MS });
    await aisha.getByTestId('need-trends').locator('svg.recharts-surface').first().waitFor({ timeout: SHOWN_WITHIN_MS });
    // The customers at risk, lowest health first, as the API ranks them.
    // An ADMIN's token: this server runs nothing but the workbench's operations for anyone else.
    const token = await s.token(employee('emp-maren').id, [AccessRole.ADMIN]);
    const { data } = await s.gql('{ atRiskCustomers(first: 3) { customer { name } health { score } } }', {}, token);
    const expected = data.atRiskCustomers.map(
      (r: { customer: { name: string }; health: { score: number } }) => `Health ${r.health.score} ${r.customer.name}`,
    );
    expect(expected).toHaveLength(3);
    const shown = await untilText(aisha.getByTestId('at-risk'), new RegExp(expected[0]));
    expect(shown.indexOf(expected[0])).toBeLessThan(shown.indexOf(expected[1]));
    expect(shown.indexOf(expected[1])).toBeLessThan(shown.indexOf(expected[2]));
    await aisha.waitForTimeout(500); // chart animations settle before the picture
    await aisha.screenshot({ path: path.join(SHOTS, 'dashboards.png'), fullPage: true });
  });

  it('in production offers no development sign-in: a pasted token signs in, a forged one is refused in words', async () => {
    const prod = await startTestServer({
      env: { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-for-the-browser-test-0123456789' },
    });
    try {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      const prodBase = prod.url.replace(/\/graphql$/, '');
      await page.goto(prodBase + '/');
      await page.getByLabel('Bearer token').waitFor();
      expect(await page.getByText('Development sign-in').count()).toBe(0);
      expect(await page.getByLabel('Employee').count()).toBe(0);

      // Signed by someone else (the test secret is not this server's): refused, said in words.
      await page.getByLabel('Bearer token').fill(await s.token(ELENA.id));
      await page.getByRole('button', { name: 'Sign in with token' }).click();
      expect(await text(page.getByRole('alert'))).toBe(
        'Could not sign in. The server did not accept that token: The token is not valid (bad signature, issuer, audience or format).',
      );
      await page.getByLabel('Bearer token').fill('not a token');
      await page.getByRole('button', { name: 'Sign in with token' }).click();
      expect(await text(page.getByRole('alert'))).toBe(
        'Could not sign in. That is not a bearer token (a JWT has three parts separated by dots).',
      );

      await page.getByLabel('Bearer token').fill(`Bearer ${await prod.token(ELENA.id, [AccessRole.ANALYST])}`);
      await page.getByRole('button', { name: 'Sign in with token' }).click();
      expect(await text(page.getByTestId('signed-in-as'))).toBe(`${ELENA.name} (ANALYST)`);
      await context.close();
    } finally {
      await prod.close();
    }
  });

  it('is usable from the keyboard alone, and axe-core finds no serious accessibility problem on any page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(base + '/');
    await page.getByLabel('Employee').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    // Tab to the employee list, pick the next one with the arrow key, Tab to "Sign in", Enter.
    const focused = () =>
      page.evaluate(() => {
        const element = (globalThis as unknown as { document: { activeElement: { id: string; textContent: string } | null } }).document
          .activeElement;
        return element ? { id: element.id, textContent: element.textContent } : null;
      });
    await page.keyboard.press('Tab');
    expect((await focused())?.id).toBe('employee');
    await page.keyboard.press('Tab');
    expect((await focused())?.textContent).toBe('Sign in');
    await page.keyboard.press('Enter');
    await page.getByTestId('signed-in-as').waitFor({ timeout: SHOWN_WITHIN_MS });
    // The finder: focus the search box by its label, type, Enter.
    await page.getByLabel('Name contains').focus();
    await page.keyboard.type('baltic');
    await page.keyboard.press('Enter');
    await untilText(page.locator('main'), /1 customer /);
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.goto(`${base}/customers/${BALTIC_ID}?tab=neighbourhood`);
    await untilAttribute(page.getByTestId('neighbourhood-graph'), 'data-node-count', /^[1-9]\d*$/);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.goto(insightUrl);
    await page.getByTestId('insight-status').waitFor();
    await page.getByRole('region', { name: 'Version history' }).getByText('Version 1', { exact: true }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.goto(`${base}/dashboards`);
    await page.getByTestId('value-quadrant').locator('svg.recharts-surface').first().waitFor({ timeout: SHOWN_WITHIN_MS });
    await untilText(page.getByTestId('at-risk'), /Health \d+/);
    expect(await accessibilityProblems(page)).toEqual([]);
    await context.close();
  });

  it('an expired sign-in returns to the sign-in page and says why', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(base + '/');
    await page.getByLabel('Bearer token').fill(await mintToken(s.config.jwt, ELENA.id, [AccessRole.ANALYST], 3));
    await page.getByRole('button', { name: 'Sign in with token' }).click();
    await page.getByTestId('signed-in-as').waitFor({ timeout: SHOWN_WITHIN_MS });
    await new Promise((r) => setTimeout(r, 3_500));
    await page
      .getByRole('link', { name: 'Dashboards' })
      .click({ timeout: 2_000 })
      .catch(() => undefined); // the page may have signed out already (live connection closed at expiry)
    // Whichever notices first: the live connection closed at expiry (4401), or a request refused.
    expect(await text(page.getByTestId('session-ended'))).toMatch(
      /^(Your sign-in has expired; sign in again\.|The server no longer accepts your sign-in: The token has expired; sign in again\.)$/,
    );
    expect(await page.getByLabel('Bearer token').count()).toBe(1);
    await context.close();
  });

  it('sends every operation by id, never its text', async () => {
    expect(sent.length).toBeGreaterThan(20);
    const ids = sent.map((body) => [body.query ?? null, body.documentId?.slice(7) ?? body.extensions?.persistedQuery?.sha256Hash ?? null]);
    expect(ids.filter(([query]) => query)).toEqual([]);
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'dist', 'web', 'trusted-documents.json'), 'utf8'));
    expect(ids.filter(([, id]) => !(`sha256:${id}` in manifest))).toEqual([]);
  });

  it('explains an unknown customer in words', async () => {
    await aisha.goto(`${base}/customers/no-such-id`);
    expect(await text(aisha.getByRole('heading', { level: 1 }))).toBe('Customer not found');
    expect(await text(aisha.locator('main p.empty'))).toBe(
      'No customer has the id “no-such-id”. It may have been erased. Find a customer.',
    );
  });
});

/** Waits until an attribute matches. */
async function untilAttribute(locator: Locator, name: string, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + SHOWN_WITHIN_MS;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = await locator.getAttribute(name);
    if (last !== null && pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${name}=${pattern}; it was ${last}`);
}
