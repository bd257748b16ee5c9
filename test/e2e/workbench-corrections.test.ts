import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { demoData } from '../../seeds/demo-data';
import { loadSeed, seedId } from '../../seeds/load';
import { ROOT } from '../helpers/process';
import { AccessRole } from '../../src/graphql/access';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * Correcting knowledge in the workbench (issue 22), in a real browser (Debian's Chromium, driven
 * by playwright-core) against a real server on the demo data: edit an interaction in the timeline
 * (and a stale edit that says who changed what and keeps the draft), its history; delete one and
 * have an ADMIN restore it from "Recently deleted"; edit and delete one's own annotation (and not
 * someone else's); merge a pair from "Possible duplicates" and land on the survivor; delete a
 * customer; a VIEWER is offered none of it; axe-core on the two new pages.
 */
const SHOTS = path.join(ROOT, 'test-results', 'workbench');
/** How long the page may take to show something the server already has. */
const SHOWN_WITHIN_MS = 15_000;

const employee = (key: string) => ({ id: seedId('employee', key), name: demoData.employees.find((e) => e.key === key)!.name });
const AISHA = employee('emp-aisha'); // ANALYST
const ELENA = employee('emp-elena'); // ANALYST
const MAREN = employee('emp-maren'); // ADMIN and ANALYST
const TOMAS = employee('emp-tomas'); // VIEWER
const BALTIC = demoData.customers.find((c) => c.key === 'cust-baltic')!;
const BALTIC_ID = seedId('customer', BALTIC.key);

let s: TestServer;
let base: string;
let browser: Browser;
let adminToken: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(ROOT, 'web', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  mkdirSync(SHOTS, { recursive: true });
  s = await startTestServer();
  await s.cypher('MATCH (n) WHERE NOT n:Migration DETACH DELETE n');
  await loadSeed(s.graph, demoData);
  base = s.url.replace(/\/graphql$/, '');
  adminToken = await s.token(MAREN.id, [AccessRole.ADMIN, AccessRole.ANALYST]);
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
  await page.goto(base + '/');
  await page.getByLabel('Employee').selectOption(who.id);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('signed-in-as').waitFor({ timeout: SHOWN_WITHIN_MS });
  return page;
}

const squash = (t: string) => t.replace(/\s+/g, ' ').trim();

/** The text of the first element matching, once it is there. */
async function text(locator: Locator): Promise<string> {
  await locator.first().waitFor({ timeout: SHOWN_WITHIN_MS });
  return squash(await locator.first().innerText());
}

/** Waits until the element's text matches (the page updates it on its own). */
async function untilText(locator: Locator, pattern: RegExp | ((text: string) => boolean)): Promise<string> {
  const matches = typeof pattern === 'function' ? pattern : (t: string) => pattern.test(t);
  const deadline = Date.now() + SHOWN_WITHIN_MS;
  let last = '';
  while (Date.now() < deadline) {
    if ((await locator.count()) > 0) {
      last = squash(await locator.first().innerText());
      if (matches(last)) return last;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${pattern}; the text was: ${last}`);
}

/** Waits until there are `n` elements matching. */
async function untilCount(locator: Locator, n: number): Promise<void> {
  const deadline = Date.now() + SHOWN_WITHIN_MS;
  let last = -1;
  while (Date.now() < deadline) {
    last = await locator.count();
    if (last === n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${n} elements; there were ${last}`);
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Accessibility problems axe-core finds on the page as it is now (WCAG 2 A and AA rules), serious or critical ones only. */
async function accessibilityProblems(page: Page): Promise<string[]> {
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

/** GraphQL as `token`, failing the test on any error. */
async function api<T = any>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const result = await s.gql<T>(query, variables, token);
  if (result.errors) throw new Error(`API: ${JSON.stringify(result.errors)}`);
  return result.data as T;
}

const timeline = (page: Page) => page.getByTestId('timeline');
const timelineRow = (page: Page, id: string) => timeline(page).locator(`tr[data-interaction-id="${id}"]`);
const timelinePanel = (page: Page, id: string) => timeline(page).locator(`tr[data-panel-for="${id}"]`);
const interactionsHeading = (page: Page) => page.getByRole('heading', { name: /^Interactions/ });

async function openCustomer(page: Page, id: string, name: string): Promise<void> {
  await page.goto(`${base}/customers/${id}?tab=timeline`);
  await untilText(page.getByRole('heading', { level: 1 }), new RegExp(`^${name}$`));
  await timeline(page).locator('tbody tr[data-interaction-id]').first().waitFor({ timeout: SHOWN_WITHIN_MS });
}

/** The id and summary of the newest interaction in the timeline. */
async function firstInteraction(page: Page): Promise<{ id: string; summary: string }> {
  const row = timeline(page).locator('tbody tr[data-interaction-id]').first();
  const id = (await row.getAttribute('data-interaction-id'))!;
  const summary = squash(await row.locator('td').nth(2).innerText()).split(' needs: ')[0];
  return { id, summary };
}

describe('correcting knowledge in the workbench', () => {
  let aisha: Page;
  let maren: Page;

  it('an ANALYST edits an interaction in the timeline: the row shows the new summary, its history what it replaced', async () => {
    aisha = await signedIn(AISHA);
    await openCustomer(aisha, BALTIC_ID, BALTIC.name);
    const { id, summary } = await firstInteraction(aisha);
    const row = timelineRow(aisha, id);
    await row.getByRole('button', { name: /^Edit/ }).click();
    const form = aisha.getByTestId('edit-interaction');
    await form.getByLabel('Summary').waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(await form.getByLabel('Summary').inputValue()).toBe(summary);
    expect(await text(form.locator('p.muted').first())).toMatch(/^You are editing version 1\./);
    const corrected = 'E2E: corrected summary of the call about the failing sensors';
    await form.getByLabel('Summary').fill(corrected);
    await form.getByLabel('Sentiment (−1 to 1)').fill('-0.5');
    await timelinePanel(aisha, id).screenshot({ path: path.join(SHOTS, 'edit-interaction.png') });
    await form.getByRole('button', { name: 'Save changes' }).click();

    expect(await text(aisha.getByTestId('timeline-notice'))).toBe(
      'Saved the interaction as version 2; its history keeps what it replaced.',
    );
    expect(await aisha.getByTestId('edit-interaction').count()).toBe(0);
    const shown = await untilText(row, (t) => t.includes(corrected));
    expect(shown).toContain('corrected · version 2');
    expect(shown).toContain('negative (-0.50)');

    await row.getByRole('button', { name: /^History/ }).click();
    const history = await untilText(timelinePanel(aisha, id).getByTestId('history'), /Edited/);
    await timeline(aisha).screenshot({ path: path.join(SHOTS, 'timeline-history.png') });
    expect(history).toMatch(new RegExp(`^Edited by ${AISHA.name} .* · version 2`));
    expect(history).toContain(`summary: ${summary} → ${corrected}`);
    expect(history).toContain('sentiment:');

    // The API agrees.
    const { interaction } = await api('query($id: ID!) { interaction(id: $id) { summary version sentiment } }', { id }, adminToken);
    expect(interaction).toEqual({ summary: corrected, version: 2, sentiment: -0.5 });
  });

  it('an edit of a stale version says who changed what, keeps the draft, and saves after a reload', async () => {
    const { id } = await firstInteraction(aisha);
    const row = timelineRow(aisha, id);
    await row.getByRole('button', { name: /^Edit/ }).click();
    const form = aisha.getByTestId('edit-interaction');
    await form.getByLabel('Summary').waitFor({ timeout: SHOWN_WITHIN_MS });
    const mine = 'E2E: corrected again, by Aisha, while Maren changed the channel';
    await form.getByLabel('Summary').fill(mine);

    // Meanwhile an ADMIN changes the channel through the API.
    const changed = await api(
      'mutation($input: UpdateInteractionInput!) { updateInteraction(input: $input) { version channel } }',
      { input: { id, expectedVersion: 2, channel: 'EMAIL' } },
      adminToken,
    );
    expect(changed.updateInteraction).toEqual({ version: 3, channel: 'EMAIL' });

    await form.getByRole('button', { name: 'Save changes' }).click();
    expect(await text(aisha.getByTestId('edit-conflict'))).toBe(
      `${MAREN.name} changed this interaction since you opened it (channel): you edited version 2, it is now at version 3. ` +
        'Nothing was saved. Your draft is kept below: reload the current version, compare, then save again. Reload the current version',
    );
    expect(await form.getByLabel('Summary').inputValue()).toBe(mine);
    await form.getByRole('button', { name: 'Reload the current version' }).click();
    expect(await text(aisha.getByTestId('edit-rebased'))).toMatch(new RegExp(`^Reloaded version 3 \\(changed by ${MAREN.name}\\)\\.`));
    // Her summary stays; the channel she did not touch now shows Maren's.
    expect(await form.getByLabel('Summary').inputValue()).toBe(mine);
    expect(await form.getByLabel('Channel').inputValue()).toBe('EMAIL');
    await form.getByRole('button', { name: 'Save changes' }).click();
    expect(await untilText(aisha.getByTestId('timeline-notice'), /version 4/)).toBe(
      'Saved the interaction as version 4; its history keeps what it replaced.',
    );
    const shown = await untilText(row, (t) => t.includes(mine));
    expect(shown).toContain('Email ·');
    const { interaction } = await api('query($id: ID!) { interaction(id: $id) { summary channel version } }', { id }, adminToken);
    expect(interaction).toEqual({ summary: mine, channel: 'EMAIL', version: 4 });
  });

  let deleted: { id: string; summary: string };
  let countBefore = 0;

  it('an ANALYST deletes an interaction with a reason: it disappears from the timeline and its count', async () => {
    await openCustomer(aisha, BALTIC_ID, BALTIC.name);
    countBefore = Number(/\((\d+)\)/.exec(await untilText(interactionsHeading(aisha), /\(\d+\)/))![1]);
    const rows = timeline(aisha).locator('tbody tr[data-interaction-id]');
    const second = rows.nth(1);
    deleted = {
      id: (await second.getAttribute('data-interaction-id'))!,
      summary: squash(await second.locator('td').nth(2).innerText()).split(' needs: ')[0],
    };
    await timelineRow(aisha, deleted.id)
      .getByRole('button', { name: /^Delete/ })
      .click();
    const confirm = aisha.getByTestId('delete-confirm');
    expect(await text(confirm.locator('p').first())).toMatch(
      /^Delete this interaction\? It disappears from every list, count, search and dashboard\./,
    );
    await confirm.getByLabel('Reason (optional)').fill('E2E: recorded on the wrong customer');
    await confirm.getByRole('button', { name: 'Yes, delete it' }).click();

    expect(await text(aisha.getByTestId('timeline-notice'))).toBe(
      `Deleted “${deleted.summary}”. An ADMIN can restore it from Recently deleted.`,
    );
    await untilCount(timelineRow(aisha, deleted.id), 0);
    expect(await untilText(interactionsHeading(aisha), new RegExp(`\\(${countBefore - 1}\\)`))).toBe(`Interactions (${countBefore - 1})`);
    const { interaction } = await api('query($id: ID!) { interaction(id: $id) { id } }', { id: deleted.id }, adminToken);
    expect(interaction).toBeNull();
    // Restoring is for ADMINs: an ANALYST has no such page in the menu.
    expect(await aisha.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recently deleted' }).count()).toBe(0);
    expect(await aisha.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Possible duplicates' }).count()).toBe(1);
  });

  it('an ADMIN restores it from "Recently deleted", and it is back in the timeline; axe-core finds no serious problem there', async () => {
    maren = await signedIn(MAREN);
    await maren.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recently deleted' }).click();
    await untilText(maren.getByRole('heading', { level: 1 }), /^Recently deleted$/);
    const row = maren.getByTestId('deleted-records').locator('tbody tr').filter({ hasText: deleted.summary });
    const shown = await text(row);
    expect(shown).toContain('Interaction');
    expect(shown).toContain(AISHA.name);
    expect(shown).toContain('E2E: recorded on the wrong customer');
    expect(await accessibilityProblems(maren)).toEqual([]);
    await maren.screenshot({ path: path.join(SHOTS, 'recently-deleted.png'), fullPage: true });

    await row.getByRole('button', { name: /^Restore/ }).click();
    expect(await text(maren.getByTestId('restored'))).toBe(`Restored interaction “${deleted.summary}”. Open ${BALTIC.name}.`);
    await untilCount(maren.getByTestId('deleted-records').locator('tbody tr').filter({ hasText: deleted.summary }), 0);
    await maren
      .getByTestId('restored')
      .getByRole('link', { name: `Open ${BALTIC.name}` })
      .click();
    await untilText(maren.getByRole('heading', { level: 1 }), new RegExp(`^${BALTIC.name}$`));
    expect(await untilText(interactionsHeading(maren), new RegExp(`\\(${countBefore}\\)`))).toBe(`Interactions (${countBefore})`);
    await timelineRow(maren, deleted.id).waitFor({ timeout: SHOWN_WITHIN_MS });
    // Its history says it was deleted, and restored, by whom and why.
    await timelineRow(maren, deleted.id)
      .getByRole('button', { name: /^History/ })
      .click();
    const history = await untilText(timelinePanel(maren, deleted.id).getByTestId('history'), /Restored/);
    expect(history).toMatch(
      new RegExp(`^Restored by ${MAREN.name} .*Deleted by ${AISHA.name} .*Reason: E2E: recorded on the wrong customer`),
    );
  });

  it('an interaction edited, then deleted, by someone else changes in the timeline live, without a reload', async () => {
    await openCustomer(aisha, BALTIC_ID, BALTIC.name);
    await untilText(aisha.locator('.live-status'), /^Live$/);
    await aisha.evaluate(() => ((globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await new Promise((r) => setTimeout(r, 500)); // the subscriptions are sent right after the connection opens
    const { id } = await firstInteraction(aisha);
    await api(
      'mutation($input: UpdateInteractionInput!) { updateInteraction(input: $input) { version } }',
      { input: { id, expectedVersion: 4, summary: 'E2E: corrected live by Maren' } },
      adminToken,
    );
    expect(await untilText(aisha.getByTestId('live-update'), /Interaction edited/)).toBe(`live Interaction edited by ${MAREN.name}`);
    expect(await untilText(timelineRow(aisha, id), /corrected live by Maren/)).toContain('corrected · version 5');

    await api(
      'mutation($input: DeleteInteractionInput!) { deleteInteraction(input: $input) { id } }',
      { input: { id: deleted.id, reason: 'E2E: live' } },
      adminToken,
    );
    expect(await untilText(aisha.getByTestId('live-update'), /Interaction deleted/)).toBe(`live Interaction deleted by ${MAREN.name}`);
    await untilCount(timelineRow(aisha, deleted.id), 0);
    expect(await untilText(interactionsHeading(aisha), new RegExp(`\\(${countBefore - 1}\\)`))).toBe(`Interactions (${countBefore - 1})`);
    expect(await aisha.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument === true)).toBe(true);
  });

  it('edits and deletes one’s own annotation, and is offered neither on someone else’s; an ADMIN may delete any', async () => {
    const aishaToken = await s.token(AISHA.id, [AccessRole.ANALYST]);
    const elenaToken = await s.token(ELENA.id, [AccessRole.ANALYST]);
    const { proposeInsight } = await api(
      'mutation($input: ProposeInsightInput!) { proposeInsight(input: $input) { id } }',
      {
        input: {
          title: 'E2E corrections: Baltic wants sensor replacements before winter',
          body: 'Said on two calls.',
          origin: 'FROM_CUSTOMER',
          confidence: 0.6,
          customerIds: [BALTIC_ID],
        },
      },
      aishaToken,
    );
    const annotate = (body: string, token: string) =>
      api(
        'mutation($input: AnnotateInsightInput!) { annotateInsight(input: $input) { id } }',
        { input: { insightId: proposeInsight.id, kind: 'COMMENT', body } },
        token,
      );
    await annotate('E2E: my first note, with a typo in it: Decmber.', aishaToken);
    await annotate('E2E: Elena’s note, not Aisha’s to change.', elenaToken);
    await annotate('E2E: my second note, to be deleted.', aishaToken);

    await aisha.goto(`${base}/insights/${proposeInsight.id}`);
    const list = aisha.getByTestId('annotations');
    await untilText(list, /Elena’s note/);
    const item = (body: RegExp) => list.locator('li.insight-annotation').filter({ hasText: body });
    expect(
      await item(/Elena’s note/)
        .getByRole('button', { name: /^(Edit|Delete)/ })
        .count(),
    ).toBe(0);
    expect(
      await item(/my first note/)
        .getByRole('button', { name: /^(Edit|Delete)/ })
        .count(),
    ).toBe(2);

    await item(/my first note/)
      .getByRole('button', { name: /^Edit/ })
      .click();
    await list.getByLabel('Edit your annotation').fill('E2E: my first note, corrected: December.');
    await aisha.getByRole('button', { name: 'Save annotation' }).click();
    expect(await text(aisha.getByTestId('annotation-notice'))).toBe('Saved your annotation; its history keeps what it replaced.');
    await untilText(list, /my first note, corrected: December\./);
    expect(squash(await list.innerText())).not.toContain('Decmber');
    await item(/my first note, corrected/)
      .getByRole('button', { name: /^History/ })
      .click();
    expect(await untilText(item(/my first note, corrected/).getByTestId('history'), /Edited/)).toMatch(
      new RegExp(
        `^Edited by ${AISHA.name} .* · version 2 body: E2E: my first note, with a typo in it: Decmber\\. → E2E: my first note, corrected: December\\.$`,
      ),
    );

    await item(/my second note/)
      .getByRole('button', { name: /^Delete/ })
      .click();
    await aisha.getByTestId('delete-confirm').getByRole('button', { name: 'Yes, delete it' }).click();
    expect(await text(aisha.getByTestId('annotation-notice'))).toBe(
      'Deleted the annotation. An ADMIN can restore it from Recently deleted.',
    );
    await untilCount(item(/my second note/), 0);
    expect(await untilText(aisha.getByRole('heading', { name: /^Annotations/ }), /\(2\)/)).toBe('Annotations (2)');

    const { insight } = await api(
      'query($id: ID!) { insight(id: $id) { annotations(first: 10) { totalCount edges { node { body version author { id } } } } } }',
      { id: proposeInsight.id },
      adminToken,
    );
    expect(insight.annotations.totalCount).toBe(2);
    expect(insight.annotations.edges.map((e: { node: { body: string; version: number } }) => [e.node.body, e.node.version])).toEqual([
      ['E2E: my first note, corrected: December.', 2],
      ['E2E: Elena’s note, not Aisha’s to change.', 1],
    ]);

    // An ADMIN may delete Elena's annotation, but not edit it.
    await maren.goto(`${base}/insights/${proposeInsight.id}`);
    const marenList = maren.getByTestId('annotations');
    await untilText(marenList, /Elena’s note/);
    const elenas = marenList.locator('li.insight-annotation').filter({ hasText: /Elena’s note/ });
    expect(await elenas.getByRole('button', { name: /^Delete/ }).count()).toBe(1);
    expect(await elenas.getByRole('button', { name: /^Edit/ }).count()).toBe(0);
  });

  it('merges a pair from "Possible duplicates" and lands on the survivor, which shows the merged one’s interactions', async () => {
    const create = (name: string) =>
      api(
        'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id name } }',
        { input: { name, kind: 'ORGANIZATION', email: 'ops@kestrel-duplicate.example', lifecycleStage: 'ACTIVE' } },
        adminToken,
      ).then((d) => d.createCustomer as { id: string; name: string });
    const keep = await create('Quillon Freight Ltd');
    const merged = await create('Quillon Freight Limited');
    const recorded = await api(
      'mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }',
      {
        input: {
          customerId: merged.id,
          channel: 'EMAIL',
          touchpoint: 'SALES',
          direction: 'INBOUND',
          summary: 'E2E: asked for a quote, under the duplicate record',
        },
      },
      adminToken,
    );
    expect(recorded.recordInteraction.id).toBeTruthy();

    await aisha.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Possible duplicates' }).click();
    await untilText(aisha.getByRole('heading', { level: 1 }), /^Possible duplicates$/);
    const pair = aisha
      .getByTestId('duplicate-pair')
      .filter({ hasText: 'Quillon Freight Ltd' })
      .filter({ hasText: 'Quillon Freight Limited' });
    const shown = await text(pair);
    expect(shown).toMatch(/email/i);
    expect(await accessibilityProblems(aisha)).toEqual([]);

    await pair.getByRole('button', { name: /^Merge…/ }).click();
    const form = pair.getByTestId('merge-form');
    await form.getByRole('radio', { name: /^Keep Quillon Freight Ltd / }).check();
    // An ANALYST merges with a reason.
    await form.getByRole('button', { name: 'Merge', exact: true }).click();
    expect(await text(form.getByRole('alert'))).toBe('Give a reason: an ANALYST merges with a reason (an ADMIN may leave it out).');
    await form.getByLabel('Reason').fill('E2E: the same company, imported from the CRM and from billing');
    expect(await form.getByRole('alert').count()).toBe(0);
    expect(await accessibilityProblems(aisha)).toEqual([]);
    await aisha.screenshot({ path: path.join(SHOTS, 'possible-duplicates.png'), fullPage: true });
    await form.getByRole('button', { name: 'Merge', exact: true }).click();

    await aisha.waitForURL(`${base}/customers/${keep.id}`, { timeout: SHOWN_WITHIN_MS });
    expect(await untilText(aisha.getByRole('heading', { level: 1 }), /^Quillon/)).toBe('Quillon Freight Ltd');
    expect(await text(aisha.getByTestId('merged-notice'))).toMatch(/^Merged “Quillon Freight Limited” into Quillon Freight Ltd/);
    await aisha.getByRole('tab', { name: 'Timeline' }).click();
    expect(await untilText(timeline(aisha), /asked for a quote, under the duplicate record/)).toContain('Interactions (1)');
    // The survivor's history (its overview) says what was merged in, by whom and why.
    await aisha.getByRole('tab', { name: 'Overview' }).click();
    await aisha
      .getByTestId('customer-record')
      .locator('summary', { hasText: /^History/ })
      .click();
    const history = await untilText(aisha.getByTestId('customer-record').getByTestId('history'), /merged/);
    expect(history).toMatch(new RegExp(`^Another record merged into it by ${AISHA.name} .*Reason: E2E: the same company`));
    // The pair is no longer a possible duplicate.
    await aisha.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Possible duplicates' }).click();
    await aisha.getByTestId('duplicates-count').waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(await aisha.getByTestId('duplicate-pair').filter({ hasText: 'Quillon Freight Limited' }).count()).toBe(0);
  });

  it('an ANALYST deletes a customer from its 360; an ADMIN restores it', async () => {
    const { createCustomer } = await api(
      'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id name } }',
      { input: { name: 'E2E Mistaken Import GmbH', kind: 'ORGANIZATION' } },
      adminToken,
    );
    await aisha.goto(`${base}/customers/${createCustomer.id}`);
    await untilText(aisha.getByRole('heading', { level: 1 }), /^E2E Mistaken Import GmbH$/);
    await aisha.getByRole('button', { name: 'Delete customer' }).click();
    await aisha.getByTestId('delete-confirm').getByLabel('Reason (optional)').fill('E2E: imported by mistake');
    await aisha.getByTestId('delete-confirm').getByRole('button', { name: 'Yes, delete it' }).click();
    expect(await text(aisha.getByTestId('customer-deleted'))).toBe(
      '“E2E Mistaken Import GmbH” was deleted, with what went with it. An ADMIN can restore it from Recently deleted.',
    );
    expect((await api('query($id: ID!) { customer(id: $id) { id } }', { id: createCustomer.id }, adminToken)).customer).toBeNull();

    await maren.goto(`${base}/deleted`);
    const row = maren.getByTestId('deleted-records').locator('tbody tr').filter({ hasText: 'E2E Mistaken Import GmbH' });
    expect(await text(row)).toContain('Customer');
    await row.getByRole('button', { name: /^Restore/ }).click();
    await maren.getByTestId('restored').getByRole('link', { name: 'Open E2E Mistaken Import GmbH' }).click();
    expect(await untilText(maren.getByRole('heading', { level: 1 }), /^E2E Mistaken/)).toBe('E2E Mistaken Import GmbH');
  });

  it('a VIEWER reads timelines and histories but is offered no edit, delete, merge or restore', async () => {
    const tomas = await signedIn(TOMAS);
    const nav = tomas.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Possible duplicates' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Recently deleted' }).count()).toBe(0);
    await openCustomer(tomas, BALTIC_ID, BALTIC.name);
    const rows = timeline(tomas).locator('tbody tr[data-interaction-id]');
    expect(await rows.count()).toBe(10);
    expect(
      await timeline(tomas)
        .getByRole('button', { name: /^(Edit|Delete)/ })
        .count(),
    ).toBe(0);
    expect(await tomas.getByRole('button', { name: 'Delete customer' }).count()).toBe(0);
    // History is there to read.
    const { id } = await firstInteraction(tomas);
    await timelineRow(tomas, id)
      .getByRole('button', { name: /^History/ })
      .click();
    await untilText(timelinePanel(tomas, id).getByTestId('history'), /Edited by/);

    await tomas.goto(`${base}/duplicates`);
    expect(await text(tomas.getByTestId('read-only'))).toBe(
      'Your role (VIEWER) does not merge customers: finding and merging duplicates needs ANALYST or ADMIN.',
    );
    expect(await tomas.getByRole('button', { name: /^Merge/ }).count()).toBe(0);
    await tomas.goto(`${base}/deleted`);
    expect(await text(tomas.getByTestId('read-only'))).toBe('Your role (VIEWER) does not restore deleted records: that needs ADMIN.');
    expect(await tomas.getByRole('button', { name: /^Restore/ }).count()).toBe(0);

    const { insights } = await api(
      '{ insights(first: 50) { edges { node { id annotations(first: 1) { totalCount } } } } }',
      {},
      adminToken,
    );
    const annotated = insights.edges.find((e: { node: { annotations: { totalCount: number } } }) => e.node.annotations.totalCount > 0).node
      .id;
    await tomas.goto(`${base}/insights/${annotated}`);
    await tomas.getByTestId('annotations').locator('li.insight-annotation').first().waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(
      await tomas
        .getByTestId('annotations')
        .getByRole('button', { name: /^(Edit|Delete)/ })
        .count(),
    ).toBe(0);
    await tomas.context().close();
  });
});
