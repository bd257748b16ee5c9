import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { accessibilityProblems, SHOWN_WITHIN_MS, text, untilText } from '../helpers/workbench-page';
import { demoData } from '../../seeds/demo-data';
import { loadSeed, seedId } from '../../seeds/load';
import { DEMO_ADMIN_KEY } from '../../seeds/demo-data';
import { ROOT } from '../helpers/process';
import { AccessRole } from '../../src/graphql/access';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * The workbench's search and lists in a real browser (Debian's Chromium, playwright-core), on the
 * demo data: search across all knowledge (groups, counts, <mark>, opening a hit), the customer list
 * sorted by clicking its headers (health, last contact: the API's order), page sizes, saved views
 * (kept per person, across a reload), the CSV export from the page (a VIEWER's has no personal
 * data), bulk selection, the keyboard shortcuts, and axe-core on the new screens.
 */

const employee = (key: string) => ({ id: seedId('employee', key), name: demoData.employees.find((e) => e.key === key)!.name });
const AISHA = employee('emp-aisha'); // ANALYST
const ELENA = employee('emp-elena'); // ANALYST
const TOMAS = employee('emp-tomas'); // VIEWER
const BALTIC = demoData.customers.find((c) => c.key === 'cust-baltic')!;
const BALTIC_ID = seedId('customer', BALTIC.key);
const BALTIC_EMAIL = 'ops@balticcoldchain.example';
const BALTIC_PHONE = '+371 6700 1234';

let s: TestServer;
let base: string;
let browser: Browser;
/** For the API's own answers to compare with: only an ADMIN may send documents that are not the workbench's (TRUSTED_DOCUMENTS_ONLY). */
let adminToken: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(ROOT, 'web', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  s = await startTestServer({
    env: { TRUSTED_DOCUMENTS: path.join(ROOT, 'dist', 'web', 'trusted-documents.json'), TRUSTED_DOCUMENTS_ONLY: 'true' },
  });
  await s.cypher('MATCH (n) WHERE NOT n:Migration DETACH DELETE n');
  await loadSeed(s.graph, demoData);
  // The demo customers carry no contact details: one gets some, so that an export has personal data to withhold.
  await s.cypher('MATCH (c:Customer {id: $id}) SET c.email = $email, c.phone = $phone', {
    id: BALTIC_ID,
    email: BALTIC_EMAIL,
    phone: BALTIC_PHONE,
  });
  await s.cypher('CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()');
  base = s.url.replace(/\/graphql$/, '');
  adminToken = await s.token(seedId('employee', DEMO_ADMIN_KEY), [AccessRole.ADMIN, AccessRole.ANALYST]);
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await s?.cypher('MATCH (n) WHERE NOT n:Migration DETACH DELETE n');
  await s?.close();
});

async function signedIn(who: { id: string; name: string }): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(base + '/');
  await page.getByLabel('Employee').selectOption(who.id);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('signed-in-as').waitFor({ timeout: SHOWN_WITHIN_MS });
  return page;
}

/** Waits until `read` gives a value that `ok` accepts; returns it. */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + SHOWN_WITHIN_MS;
  let last = await read();
  while (!ok(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  if (!ok(last)) throw new Error(`Timed out; the last value was ${JSON.stringify(last)}`);
  return last;
}

const table = (page: Page) => page.locator('table[aria-label="Customers"]');
const rowNames = (page: Page) => table(page).locator('tbody tr td:nth-child(2) a').allInnerTexts();

/** The names of the API's first page of customers in this order. */
async function apiNames(field: string, direction: string, first = 20): Promise<string[]> {
  const res = await s.gql(
    'query($o: CustomerOrder, $first: Int) { customers(orderBy: $o, first: $first) { edges { node { name } } } }',
    { o: { field, direction }, first },
    adminToken,
  );
  return res.data.customers.edges.map((e: { node: { name: string } }) => e.node.name);
}

/** Clicks and returns the CSV the page downloads, as records (header first). */
async function downloaded(page: Page, button: Locator): Promise<{ fileName: string; records: string[][]; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: SHOWN_WITHIN_MS }), button.click()]);
  const file = await download.path();
  const raw = readFileSync(file!, 'utf8');
  return { fileName: download.suggestedFilename(), records: parse(raw, { bom: true }), text: raw };
}

describe('search and lists in the workbench', () => {
  let aisha: Page;

  it('searches all knowledge from the header: groups by type with counts, marks the words, opens a hit', async () => {
    aisha = await signedIn(AISHA);
    // "/" focuses the search box from anywhere but a field.
    await aisha.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await aisha.keyboard.press('/');
    expect(
      await aisha.evaluate(
        () => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id,
      ),
    ).toBe('global-search');
    await aisha.keyboard.type('baltic');
    await aisha.keyboard.press('Enter');
    expect(await text(aisha.getByRole('heading', { level: 1 }))).toBe('Search results for “baltic”');
    expect(aisha.url()).toBe(`${base}/search?q=baltic`);

    const groups: [string, string, string][] = [
      ['CUSTOMER', 'Customers', 'customer'],
      ['INTERACTION', 'Interactions', 'interaction'],
      ['INSIGHT', 'Insights', 'insight'],
      ['NEED', 'Needs', 'need'],
    ];
    let withHits = 0;
    for (const [type, title, id] of groups) {
      const res = await s.gql(
        'query($t: [SearchType!]) { search(query: "baltic", types: $t, first: 5) { totalCount edges { node { snippet } } } }',
        { t: [type] },
        adminToken,
      );
      const { totalCount, edges } = res.data.search;
      const group = aisha.getByTestId(`search-group-${id}`);
      expect(await untilText(group.getByRole('heading', { level: 2 }), /\(\d+\)/)).toBe(`${title} (${totalCount})`);
      if (totalCount === 0) {
        expect(await text(group.locator('p.empty'))).toBe(`No ${title.toLowerCase()} match.`);
        continue;
      }
      withHits++;
      // The API's snippets, in its order, each word "baltic" marked (whatever its case), nothing else.
      const snippets = await group.locator('p.snippet').allInnerTexts();
      expect(snippets).toEqual(edges.map((e: { node: { snippet: string } }) => e.node.snippet.replace(/\s+/g, ' ').trim()));
      const marks = await group.locator('mark').allInnerTexts();
      expect(marks.length).toBeGreaterThan(0);
      // The last word of a search also matches as the start of a word (Baltic's): what the API matched, marked whole.
      expect(marks.filter((m) => !m.toLowerCase().startsWith('baltic'))).toEqual([]);
      expect(marks).toContain('Baltic');
      if (totalCount > 5) expect(await group.getByRole('button', { name: `More ${title.toLowerCase()}` }).isEnabled()).toBe(true);
    }
    expect(withHits).toBeGreaterThanOrEqual(3);
    // More of a group: its next page, the count unchanged.
    const interactions = aisha.getByTestId('search-group-interaction');
    const firstPage = await interactions.locator('p.snippet').allInnerTexts();
    await interactions.getByRole('button', { name: 'More interactions' }).click();
    await untilText(interactions.locator('.pager'), /page 2 of/);
    expect(
      await until(
        () => interactions.locator('p.snippet').allInnerTexts(),
        (t) => t.join() !== firstPage.join(),
      ),
    ).not.toEqual(firstPage);

    expect(await accessibilityProblems(aisha)).toEqual([]);
    // A customer hit opens the customer 360.
    await aisha.getByTestId('search-group-customer').getByRole('link', { name: BALTIC.name }).click();
    await untilText(aisha.getByRole('heading', { level: 1 }), new RegExp(`^${BALTIC.name}$`));
    expect(aisha.url()).toBe(`${base}/customers/${BALTIC_ID}`);
  });

  it('says in words when nothing matches', async () => {
    await aisha.goto(`${base}/search?q=${encodeURIComponent('zzzqqq nothing')}`);
    for (const [id, title] of [
      ['customer', 'customers'],
      ['interaction', 'interactions'],
      ['insight', 'insights'],
      ['need', 'needs'],
    ]) {
      expect(await text(aisha.getByTestId(`search-group-${id}`).locator('p.empty'))).toBe(`No ${title} match.`);
    }
    await aisha.goto(`${base}/search?q=${encodeURIComponent('!!!')}`);
    expect(await text(aisha.locator('main p.empty'))).toBe(
      '“!!!” has no word to search for: search for letters or digits, not only punctuation.',
    );
  });

  it('sorts by health and by last contact by clicking the column headers, in the order the API gives', async () => {
    await aisha.goto(base + '/');
    await table(aisha).waitFor();
    const health = table(aisha).getByRole('columnheader', { name: 'Health' });
    expect(await health.getAttribute('aria-sort')).toBe('none');
    expect(await table(aisha).getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort')).toBe('ascending');

    await health.getByRole('button').click();
    expect(
      await until(
        () => health.getAttribute('aria-sort'),
        (v) => v === 'ascending',
      ),
    ).toBe('ascending');
    const healthAsc = await apiNames('HEALTH_SCORE', 'ASC');
    expect(
      await until(
        () => rowNames(aisha),
        (n) => n.join() === healthAsc.join(),
      ),
    ).toEqual(healthAsc);
    expect(aisha.url()).toBe(`${base}/?sort=health&dir=asc`);
    await health.getByRole('button').click();
    const healthDesc = await apiNames('HEALTH_SCORE', 'DESC');
    expect(
      await until(
        () => rowNames(aisha),
        (n) => n.join() === healthDesc.join(),
      ),
    ).toEqual(healthDesc);
    expect(await health.getAttribute('aria-sort')).toBe('descending');

    const lastContact = table(aisha).getByRole('columnheader', { name: 'Last contact' });
    await lastContact.getByRole('button').click();
    const contactAsc = await apiNames('LAST_CONTACT_AT', 'ASC');
    expect(
      await until(
        () => rowNames(aisha),
        (n) => n.join() === contactAsc.join(),
      ),
    ).toEqual(contactAsc);
    expect(await health.getAttribute('aria-sort')).toBe('none');
    expect(await lastContact.getAttribute('aria-sort')).toBe('ascending');
    await lastContact.getByRole('button').click();
    const contactDesc = await apiNames('LAST_CONTACT_AT', 'DESC');
    expect(
      await until(
        () => rowNames(aisha),
        (n) => n.join() === contactDesc.join(),
      ),
    ).toEqual(contactDesc);
    expect(aisha.url()).toBe(`${base}/?sort=last-contact&dir=desc`);
    // A reload keeps the order.
    await aisha.reload();
    expect(
      await until(
        () => rowNames(aisha),
        (n) => n.join() === contactDesc.join(),
      ),
    ).toEqual(contactDesc);
  });

  it('changes the page size, kept in the address', async () => {
    await aisha.goto(base + '/?sort=health&dir=desc');
    await table(aisha).waitFor();
    expect(await table(aisha).locator('tbody tr').count()).toBe(20);
    await aisha.getByLabel('Rows per page').selectOption('50');
    await until(
      () => table(aisha).locator('tbody tr').count(),
      (n) => n === demoData.customers.length,
    );
    expect(aisha.url()).toBe(`${base}/?sort=health&dir=desc&size=50`);
    expect(await text(aisha.locator('.pager'))).toBe('Previous page page 1 of 1 Next page');
    expect(await rowNames(aisha)).toEqual(await apiNames('HEALTH_SCORE', 'DESC', 50));
    await aisha.reload();
    await until(
      () => table(aisha).locator('tbody tr').count(),
      (n) => n === demoData.customers.length,
    );
    expect(await aisha.getByLabel('Rows per page').inputValue()).toBe('50');
  });

  it('saves a view, keeps it across a reload, picks it again and deletes it; another person does not see it', async () => {
    await aisha.goto(base + '/?stage=AT_RISK&sort=health&dir=asc&size=50');
    await table(aisha).waitFor();
    await aisha.getByLabel('View name').fill('At risk, lowest health');
    await aisha.getByRole('button', { name: 'Save view' }).click();
    expect(await text(aisha.getByRole('region', { name: 'Saved views' }).getByRole('status'))).toBe(
      'Saved the view “At risk, lowest health”.',
    );
    const picker = aisha.getByLabel('Saved view', { exact: true });
    expect(
      await until(
        () => picker.locator('option:checked').innerText(),
        (t) => t === 'At risk, lowest health',
      ),
    ).toBe('At risk, lowest health');

    // Elsewhere, then back through the saved view, after a reload.
    await aisha.goto(base + '/');
    await aisha.reload();
    await table(aisha).waitFor();
    await until(
      () => picker.locator('option').allInnerTexts(),
      (o) => o.includes('At risk, lowest health'),
    );
    await picker.selectOption({ label: 'At risk, lowest health' });
    await until(
      () => Promise.resolve(aisha.url()),
      (u) => u === `${base}/?stage=AT_RISK&sort=health&dir=asc&size=50`,
    );
    const atRisk = demoData.customers.filter((c) => c.lifecycleStage === 'AT_RISK').length;
    expect(await untilText(aisha.getByText(/^\d+ customers?$/), new RegExp(`^${atRisk} customers$`))).toBe(`${atRisk} customers`);
    expect(await aisha.getByLabel('Lifecycle stage').inputValue()).toBe('AT_RISK');
    expect(await table(aisha).getByRole('columnheader', { name: 'Health' }).getAttribute('aria-sort')).toBe('ascending');

    // Another person has their own views, none of Aisha's.
    const elena = await signedIn(ELENA);
    await elena.getByLabel('Saved view', { exact: true }).waitFor();
    await until(
      () => elena.getByLabel('Saved view', { exact: true }).locator('option').allInnerTexts(),
      (o) => o.length === 1,
    );
    expect(await elena.getByLabel('Saved view', { exact: true }).locator('option').allInnerTexts()).toEqual(['No saved view yet']);
    await elena.context().close();

    await aisha.getByRole('button', { name: 'Delete view' }).click();
    expect(await text(aisha.getByRole('region', { name: 'Saved views' }).getByRole('status'))).toBe(
      'Deleted the view “At risk, lowest health”.',
    );
    expect(
      await until(
        () => picker.locator('option').allInnerTexts(),
        (o) => o.length === 1,
      ),
    ).toEqual(['No saved view yet']);
  });

  it("exports the list as shown to CSV from the page; a VIEWER's export has no personal data", async () => {
    await aisha.goto(base + '/?name=baltic&sort=health&dir=asc');
    await untilText(aisha.getByText(/^\d+ customers?$/), /^1 customer$/);
    const asAnalyst = await downloaded(aisha, aisha.getByRole('button', { name: 'Export to CSV' }));
    expect(asAnalyst.fileName).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(asAnalyst.records[0].slice(0, 5)).toEqual(['Id', 'Name', 'Kind', 'Email', 'Phone']);
    expect(asAnalyst.records.slice(1).map((r) => r.slice(0, 5))).toEqual([
      [BALTIC_ID, BALTIC.name, 'ORGANIZATION', BALTIC_EMAIL, `'${BALTIC_PHONE}`],
    ]);
    expect(await text(aisha.getByText('Exported 1 customer.'))).toBe('Exported 1 customer.');

    const tomas = await signedIn(TOMAS);
    await tomas.goto(base + '/?name=baltic&sort=health&dir=asc');
    await untilText(tomas.getByText(/^\d+ customers?$/), /^1 customer$/);
    const asViewer = await downloaded(tomas, tomas.getByRole('button', { name: 'Export to CSV' }));
    expect(asViewer.records.slice(1).map((r) => r.slice(0, 5))).toEqual([[BALTIC_ID, BALTIC.name, 'ORGANIZATION', '', '']]);
    expect(asViewer.records[1].slice(5)).toEqual(asAnalyst.records[1].slice(5));
    expect(asViewer.text).not.toContain(BALTIC_EMAIL);
    expect(asViewer.text).not.toContain('6700 1234');

    // The whole list, as the VIEWER sees it sorted: every row, in the API's order, no contact details.
    await tomas.goto(base + '/?sort=last-contact&dir=desc');
    await table(tomas).waitFor();
    const all = await downloaded(tomas, tomas.getByRole('button', { name: 'Export to CSV' }));
    expect(all.records.slice(1).map((r) => r[1])).toEqual(await apiNames('LAST_CONTACT_AT', 'DESC', 100));
    expect(all.records.slice(1).filter((r) => r[3] !== '' || r[4] !== '')).toEqual([]);
    // A VIEWER may select rows and export them, and is offered no owner assignment.
    await table(tomas)
      .getByRole('checkbox', { name: `Select ${BALTIC.name}` })
      .check();
    const selection = tomas.getByRole('region', { name: 'Selected customers' });
    expect(await text(selection.locator('strong'))).toBe('1 customer selected');
    expect(await selection.getByLabel('Assign owner').count()).toBe(0);
    const chosen = await downloaded(tomas, selection.getByRole('button', { name: 'Export selected to CSV' }));
    expect(chosen.records.slice(1).map((r) => r.slice(0, 5))).toEqual([[BALTIC_ID, BALTIC.name, 'ORGANIZATION', '', '']]);
    await tomas.context().close();
  });

  it('selects rows in bulk: all on the page, export them, assign an owner', async () => {
    await aisha.goto(base + '/');
    await table(aisha).waitFor();
    await table(aisha).getByRole('checkbox', { name: 'Select all on this page' }).check();
    const selection = aisha.getByRole('region', { name: 'Selected customers' });
    expect(await text(selection.locator('strong'))).toBe('20 customers selected');
    expect(await accessibilityProblems(aisha)).toEqual([]);
    const names = await rowNames(aisha);
    const chosen = await downloaded(aisha, selection.getByRole('button', { name: 'Export selected to CSV' }));
    // Named apart from the whole list's file, so that the one does not replace the other.
    expect(chosen.fileName).toMatch(/^customers-selected-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(
      chosen.records
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual([...names].sort());

    // Two rows only, then an owner for them.
    await table(aisha).getByRole('checkbox', { name: 'Select all on this page' }).uncheck();
    expect(await selection.count()).toBe(0);
    const two = names.slice(0, 2);
    for (const name of two)
      await table(aisha)
        .getByRole('checkbox', { name: `Select ${name}`, exact: true })
        .check();
    expect(await text(selection.locator('strong'))).toBe('2 customers selected');
    await selection.getByLabel('Assign owner').selectOption(ELENA.id);
    await selection.getByRole('button', { name: 'Assign' }).click();
    expect(await text(selection.getByText(/ now owns /))).toBe(`${ELENA.name} now owns the 2 selected customers.`);
    const owned = await s.gql(
      'query($f: CustomerFilter) { customers(filter: $f, first: 100) { edges { node { name } } } }',
      { f: { ownerId: ELENA.id } },
      adminToken,
    );
    const ownedNames = owned.data.customers.edges.map((e: { node: { name: string } }) => e.node.name);
    for (const name of two) expect(ownedNames).toContain(name);
    await selection.getByRole('button', { name: 'Clear selection' }).click();
    expect(await selection.count()).toBe(0);
  });

  it('moves through the list with j and k, opens a row with Enter, and lists the shortcuts with ?', async () => {
    await aisha.goto(base + '/');
    await table(aisha).waitFor();
    const names = await rowNames(aisha);
    const focusedText = () =>
      aisha.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { textContent: string | null } | null } }).document.activeElement
            ?.textContent ?? '',
      );
    await aisha.locator('main h1').click();
    await aisha.keyboard.press('j');
    expect(await focusedText()).toBe(names[0]);
    await aisha.keyboard.press('j');
    await aisha.keyboard.press('j');
    expect(await focusedText()).toBe(names[2]);
    await aisha.keyboard.press('k');
    expect(await focusedText()).toBe(names[1]);
    // Not while typing: j in a field is a letter.
    await aisha.getByLabel('Name contains').focus();
    await aisha.keyboard.press('j');
    expect(await aisha.getByLabel('Name contains').inputValue()).toBe('j');
    await aisha.getByLabel('Name contains').fill('');
    // A ticked checkbox keeps the focus, and takes no typing: the shortcuts still work from it.
    const firstBox = table(aisha).getByRole('checkbox', { name: `Select ${names[0]}` });
    await firstBox.check();
    await aisha.keyboard.press('j');
    expect(await focusedText()).toBe(names[1]);
    await firstBox.uncheck();

    // ? opens the list of shortcuts, Escape closes it, and the focus returns.
    await aisha.locator('main h1').click();
    await aisha.keyboard.press('j');
    await aisha.keyboard.press('j');
    await aisha.keyboard.press('?');
    const dialog = aisha.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await text(dialog.locator('tbody'))).toBe(
      '/ Focus the search box j Next row of the list k Previous row of the list Enter Open the row ? Show these shortcuts Escape Close this list',
    );
    expect(await accessibilityProblems(aisha)).toEqual([]);
    await aisha.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedText()).toBe(names[1]);
    // Enter opens the row.
    await aisha.keyboard.press('Enter');
    await untilText(aisha.getByRole('heading', { level: 1 }), new RegExp(`^${names[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    expect(aisha.url()).toMatch(new RegExp(`^${base}/customers/[0-9a-f-]{36}$`));

    // The search results opt in too.
    await aisha.goto(`${base}/search?q=baltic`);
    await untilText(aisha.getByTestId('search-group-customer').getByRole('heading', { level: 2 }), /\(\d+\)/);
    await aisha.locator('main h1').click();
    await aisha.keyboard.press('j');
    expect(await focusedText()).toBe(BALTIC.name);
    await aisha.keyboard.press('Enter');
    await untilText(aisha.getByRole('heading', { level: 1 }), new RegExp(`^${BALTIC.name}$`));
  });
});
