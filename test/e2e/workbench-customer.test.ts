import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { accessibilityProblems, SHOWN_WITHIN_MS, text, untilText } from '../helpers/workbench-page';
import { demoData } from '../../seeds/demo-data';
import { loadSeed, seedId } from '../../seeds/load';
import { ROOT } from '../helpers/process';
import { AccessRole } from '../../src/graphql/access';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * The customer 360's edits in a real browser (Debian's Chromium, playwright-core) on the demo data:
 * an ANALYST edits a profile and sees it, is told in words when someone else saved first, assigns
 * and removes an account owner, links a need, changes its status and unlinks it; each change shows
 * from the mutation's own answer, without the page reading the customer again. A VIEWER is offered
 * none of it. The tabs are kept in the address, work from the keyboard, and axe-core finds no
 * serious problem on any of them.
 */

const employee = (key: string) => ({ id: seedId('employee', key), name: demoData.employees.find((e) => e.key === key)!.name });
const AISHA = employee('emp-aisha'); // ANALYST
const MAREN = employee('emp-maren'); // ADMIN, ANALYST
const ELENA = employee('emp-elena'); // ANALYST
const TOMAS = employee('emp-tomas'); // VIEWER
const customer = (key: string) => {
  const c = demoData.customers.find((x) => x.key === key)!;
  return { id: seedId('customer', key), name: c.name };
};
const HELIO = customer('cust-helio');
const ORCHARD = customer('cust-orchard');
const KESTREL = customer('cust-kestrel');
const BALTIC = customer('cust-baltic');
const TABS = ['Overview', 'Timeline', 'Needs', 'Insights', 'Neighbourhood'];

let s: TestServer;
let base: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** The operation names each page sent over HTTP, in order. */
const sentBy = new Map<Page, string[]>();

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(ROOT, 'web', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  // Only the workbench's own trusted documents run (for anyone but an ADMIN), as in production.
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

async function signedIn(who: { id: string; name: string }): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const sent: string[] = [];
  sentBy.set(page, sent);
  page.on('request', (request) => {
    if (request.url().endsWith('/graphql') && request.method() === 'POST') sent.push(request.postDataJSON()?.operationName ?? '?');
  });
  await page.goto(base + '/');
  await page.getByLabel('Employee').selectOption(who.id);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('signed-in-as').waitFor({ timeout: SHOWN_WITHIN_MS });
  return page;
}

/** Opens a customer's 360 (on a tab, when given) and waits for its name. */
async function open(page: Page, c: { id: string; name: string }, tab?: string): Promise<void> {
  await page.goto(`${base}/customers/${c.id}${tab ? `?tab=${tab}` : ''}`);
  await untilText(page.getByRole('heading', { level: 1 }), new RegExp(`^${c.name.replace(/[.()]/g, '\\$&')}$`));
}

/** The operations a page sent from now on. */
function sentFrom(page: Page): () => string[] {
  const sent = sentBy.get(page)!;
  const start = sent.length;
  return () => sent.slice(start);
}

/** As a client of the API: an ADMIN may send any operation, not only the workbench's. */
async function asMaren(query: string, variables: Record<string, unknown>): Promise<any> {
  const answer = await s.gql(query, variables, await s.token(MAREN.id, [AccessRole.ADMIN, AccessRole.ANALYST]));
  expect(answer.errors).toBeUndefined();
  return answer.data;
}

const profile = (page: Page) => page.getByRole('region', { name: 'Profile' });

describe('editing a customer on the customer 360', () => {
  let aisha: Page;

  it('an ANALYST edits the profile and sees it at once, from the answer of the edit', async () => {
    aisha = await signedIn(AISHA);
    await open(aisha, HELIO);
    await aisha.getByRole('button', { name: 'Edit profile' }).click();
    expect(await text(profile(aisha).locator('.muted').first())).toBe(
      'You are editing version 1. Saving writes version 2; what it replaces stays in the history.',
    );
    await aisha.getByLabel('Lifecycle stage').selectOption('AT_RISK');
    await aisha.getByLabel('Revenue (EUR per year)').fill('250000');
    await aisha.getByLabel('Phone').fill('+31 20 555 0199');
    const sent = sentFrom(aisha);
    await aisha.getByRole('button', { name: 'Save profile' }).click();

    const shown = await untilText(profile(aisha), /Version 2/);
    expect(shown).toContain('Lifecycle stage At risk');
    expect(shown).toContain('Phone +31 20 555 0199');
    expect(await text(aisha.getByTestId('customer-value'))).toContain('Revenue (12 months) €250,000');
    expect(await text(aisha.locator('.customer-head .muted').first())).toMatch(/^Organisation · At risk · /);
    // The edit's answer updated the page: the customer was not read again.
    expect(sent()).toEqual(['UpdateCustomerProfile']);
    const [stored] = await s.cypher(
      'MATCH (c:Customer {id: $id}) RETURN c.lifecycleStage AS stage, c.revenue AS revenue, c.version AS version',
      {
        id: HELIO.id,
      },
    );
    expect(stored).toEqual({ stage: 'AT_RISK', revenue: 250000, version: 2 });
  });

  it('a stale edit is explained: who saved first and which versions; nothing is saved, the draft is kept and saves after a reload', async () => {
    await open(aisha, ORCHARD);
    await aisha.getByRole('button', { name: 'Edit profile' }).click();
    await aisha.getByLabel('Phone').fill('+44 20 7946 0101');
    // Meanwhile Maren renames the customer.
    await asMaren('mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { version } }', {
      input: { id: ORCHARD.id, name: 'Orchard Grocers Co-op' },
    });
    await aisha.getByRole('button', { name: 'Save profile' }).click();
    expect(await text(aisha.getByTestId('profile-conflict'))).toBe(
      `${MAREN.name} changed this customer since you opened the form: you edited version 1, it is now at version 2. ` +
        'Nothing was saved. Your changes are kept below: reload the current profile, check it, then save again. Reload the current profile',
    );
    const [unchanged] = await s.cypher('MATCH (c:Customer {id: $id}) RETURN c.phone AS phone, c.version AS version', { id: ORCHARD.id });
    expect(unchanged.version).toBe(2);
    expect(unchanged.phone).not.toBe('+44 20 7946 0101');
    expect(await aisha.getByLabel('Phone').inputValue()).toBe('+44 20 7946 0101');

    await aisha.getByRole('button', { name: 'Reload the current profile' }).click();
    expect(await text(aisha.getByTestId('profile-reloaded'))).toMatch(/^Reloaded version 2\. Your changes are still in the form/);
    // Her phone stays; the name she did not touch is Maren's.
    expect(await aisha.getByLabel('Phone').inputValue()).toBe('+44 20 7946 0101');
    expect(await aisha.getByLabel('Name', { exact: true }).inputValue()).toBe('Orchard Grocers Co-op');
    await aisha.getByRole('button', { name: 'Save profile' }).click();
    const shown = await untilText(profile(aisha), /Version 3/);
    expect(shown).toContain('Name Orchard Grocers Co-op');
    expect(shown).toContain('Phone +44 20 7946 0101');
    expect(await untilText(aisha.getByRole('heading', { level: 1 }), /Co-op$/)).toBe('Orchard Grocers Co-op');
  });

  it('assigns an owner picked from the employees, then removes them', async () => {
    const owners = async () =>
      (await s.cypher('MATCH (e:Employee)-[:OWNS_ACCOUNT]->(:Customer {id: $id}) RETURN e.id AS id', { id: KESTREL.id })).map((r) => r.id);
    expect(await owners()).not.toContain(ELENA.id);
    await open(aisha, KESTREL);
    const region = aisha.getByTestId('account-owners');
    await aisha.getByRole('button', { name: 'Assign an owner…' }).click();
    await aisha.getByRole('option', { name: /^Elena Novak · Product$/ }).waitFor({ state: 'attached', timeout: SHOWN_WITHIN_MS });
    await aisha.getByLabel('Employee').selectOption(ELENA.id);
    const sent = sentFrom(aisha);
    await aisha.getByRole('button', { name: 'Assign owner' }).click();
    expect(await text(aisha.getByTestId('owners-done'))).toBe(`${ELENA.name} now owns this account.`);
    expect(await untilText(region, /Elena Novak/)).toContain(`${ELENA.name} · Product`);
    expect(await owners()).toContain(ELENA.id);

    await aisha.getByRole('button', { name: `Remove ${ELENA.name} as owner` }).click();
    expect(await text(aisha.getByTestId('owners-done'))).toBe(`${ELENA.name} no longer owns this account.`);
    expect(await untilText(region, (t) => !t.includes(`${ELENA.name} ·`))).not.toContain(`${ELENA.name} ·`);
    expect(await owners()).not.toContain(ELENA.id);
    expect(sent()).toEqual(['AssignCustomerOwner', 'UnassignCustomerOwner']);
  });

  it('links a need from the list, changes its status, and unlinks it', async () => {
    const [need] = await s.cypher(
      `MATCH (n:Need) WHERE n.status = 'OPEN' AND NOT EXISTS { (:Customer {id: $id})-[:HAS_NEED]->(n) }
       RETURN n.id AS id, n.title AS title ORDER BY n.title LIMIT 1`,
      { id: KESTREL.id },
    );
    await open(aisha, KESTREL, 'needs');
    const needs = aisha.getByTestId('customer-needs');
    const before = await aisha.getByTestId('held-need').count();
    await aisha.getByRole('button', { name: 'Link an existing need…' }).click();
    await aisha.locator(`#link-need option[value="${need.id}"]`).waitFor({ state: 'attached', timeout: SHOWN_WITHIN_MS });
    await aisha.getByLabel('Existing need', { exact: true }).selectOption(need.id);
    await aisha.getByLabel('Intensity (0–1)').fill('0.8');
    const sent = sentFrom(aisha);
    await aisha.getByRole('button', { name: 'Link need' }).click();
    expect(await text(aisha.getByTestId('needs-notice'))).toBe(`${KESTREL.name} now holds the need “${need.title}”.`);
    const item = needs.getByTestId('held-need').filter({ hasText: need.title });
    expect(await untilText(item, /intensity/)).toMatch(/ · Open · intensity 80%/);
    expect(await aisha.getByTestId('held-need').count()).toBe(before + 1);
    expect(await text(aisha.getByRole('tab', { name: /^Needs/ }))).toBe(`Needs (${before + 1})`);

    await aisha.getByLabel(`Status of “${need.title}”`).selectOption('MET');
    await aisha.getByRole('button', { name: `Change status of “${need.title}”` }).click();
    expect(await untilText(item.getByTestId('need-status'), /^Met$/)).toBe('Met');
    expect(await text(item.getByRole('status'))).toBe('Status now met.');
    const [stored] = await s.cypher('MATCH (n:Need {id: $id}) RETURN n.status AS status', { id: need.id });
    expect(stored.status).toBe('MET');

    await aisha.getByRole('button', { name: `Unlink “${need.title}” from this customer` }).click();
    expect(await untilText(aisha.getByTestId('needs-notice'), /no longer/)).toBe(
      `${KESTREL.name} no longer holds the need “${need.title}”.`,
    );
    expect(await untilText(needs.getByRole('list'), (t) => !t.includes(need.title))).not.toContain(need.title);
    expect(await aisha.getByTestId('held-need').count()).toBe(before);
    const held = await s.cypher('MATCH (:Customer {id: $c})-[h:HAS_NEED]->(:Need {id: $n}) RETURN count(h) AS n', {
      c: KESTREL.id,
      n: need.id,
    });
    expect(held[0].n).toBe(0);
    // Every change came from its own answer (linking also wrote the customer's list in the cache).
    expect(sent()).toEqual(['LinkNeedToCustomer', 'ChangeNeedStatus', 'UnlinkNeedFromCustomer']);
  });

  it('a VIEWER is offered none of it, on any tab', async () => {
    const tomas = await signedIn(TOMAS);
    await open(tomas, KESTREL);
    expect(await text(tomas.getByText(/^Your role \(VIEWER\)/))).toBe(
      'Your role (VIEWER) reads customer knowledge; recording it needs ANALYST or ADMIN.',
    );
    for (const tab of TABS) {
      await tomas.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
      await untilText(tomas.getByRole('tabpanel'), /./);
      if (tab === 'Timeline') await tomas.getByTestId('timeline').locator('tbody tr').first().waitFor({ timeout: SHOWN_WITHIN_MS });
      expect({ tab, forms: await tomas.locator('main form').count() }).toEqual({ tab, forms: 0 });
      const offered = tomas.getByRole('button', {
        name: /Edit profile|Assign|Remove|Link|Unlink|Change status|Record|Propose|Save|Delete|Edit/,
      });
      expect({ tab, offered: await offered.allInnerTexts() }).toEqual({ tab, offered: [] });
    }
  });

  it('keeps the tab in the address, moves between tabs with the arrow keys, and axe-core finds no serious problem on any tab', async () => {
    await open(aisha, BALTIC);
    const selected = () => text(aisha.getByRole('tab', { selected: true }));
    expect(await selected()).toBe('Overview');
    await aisha.getByRole('tab', { name: 'Overview' }).focus();
    await aisha.keyboard.press('ArrowRight');
    expect(await selected()).toBe('Timeline');
    expect(aisha.url()).toBe(`${base}/customers/${BALTIC.id}?tab=timeline`);
    expect(
      await aisha.evaluate(
        () => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent,
      ),
    ).toBe('Timeline');
    await aisha.keyboard.press('End');
    expect(await selected()).toBe('Neighbourhood');
    await aisha.keyboard.press('ArrowRight');
    expect(await selected()).toBe('Overview');
    expect(aisha.url()).toBe(`${base}/customers/${BALTIC.id}`);
    await aisha.keyboard.press('ArrowLeft');
    expect(await selected()).toBe('Neighbourhood');
    // A reload lands on the same tab.
    await aisha.reload();
    expect(await untilText(aisha.getByRole('tab', { selected: true }), /./)).toBe('Neighbourhood');

    for (const tab of TABS) {
      await aisha.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
      const panel = aisha.getByRole('tabpanel');
      if (tab === 'Overview') {
        await aisha.getByRole('button', { name: 'Edit profile' }).click();
        await aisha.getByRole('button', { name: 'Assign an owner…' }).click();
        await aisha.getByLabel('Segment').locator('option').nth(1).waitFor({ state: 'attached', timeout: SHOWN_WITHIN_MS });
      }
      if (tab === 'Timeline') await panel.getByTestId('timeline').locator('tbody tr').first().waitFor({ timeout: SHOWN_WITHIN_MS });
      if (tab === 'Needs') {
        await aisha.getByRole('button', { name: 'Link an existing need…' }).click();
        await aisha
          .getByLabel('Existing need', { exact: true })
          .locator('option')
          .nth(1)
          .waitFor({ state: 'attached', timeout: SHOWN_WITHIN_MS });
      }
      if (tab === 'Insights') await panel.getByRole('button', { name: 'Propose insight' }).waitFor({ timeout: SHOWN_WITHIN_MS });
      if (tab === 'Neighbourhood')
        await panel.getByTestId('neighbourhood-graph').locator('canvas').first().waitFor({ timeout: SHOWN_WITHIN_MS });
      expect({ tab, problems: await accessibilityProblems(aisha) }).toEqual({ tab, problems: [] });
    }
  });
});
