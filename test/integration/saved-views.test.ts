import { AccessRole } from '../../src/graphql/access';
import { MAX_VIEWS_PER_PERSON } from '../../src/modules/view/view.type';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

/**
 * Saved views (src/modules/view): each person keeps their own, in the graph; any role may; the
 * inputs are checked; another person's view is out of reach (NOT_FOUND, as an unknown one).
 */
let s: TestServer;
let w: World;
let alice: string;
let bob: string;
let vic: string;

const VIEW_FIELDS =
  'id name list pageSize filter { nameContains lifecycleStages relationshipTypes segmentId hasNeedId ownerId } orderBy { field direction }';
const SAVE = `mutation($input: SaveViewInput!) { saveView(input: $input) { ${VIEW_FIELDS} createdAt updatedAt } }`;
const MINE = `{ savedViews { ${VIEW_FIELDS} } }`;
const DELETE = `mutation($id: ID!) { deleteSavedView(input: { id: $id }) { id name } }`;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph);
  alice = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  bob = await s.token(w.id('employee', 'bob'), [AccessRole.ANALYST]);
  vic = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
});
afterAll(() => s.close());

describe('saved views', () => {
  it('keeps a view with typed fields for its person only; a VIEWER may keep views too', async () => {
    const saved = await s.gql(
      SAVE,
      {
        input: {
          name: '  At risk by health  ',
          list: 'CUSTOMERS',
          filter: { nameContains: 'freight', lifecycleStages: ['AT_RISK'], ownerId: w.id('employee', 'alice') },
          orderBy: { field: 'HEALTH_SCORE', direction: 'ASC' },
          pageSize: 50,
        },
      },
      alice,
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data.saveView).toMatchObject({
      name: 'At risk by health',
      list: 'CUSTOMERS',
      pageSize: 50,
      filter: {
        nameContains: 'freight',
        lifecycleStages: ['AT_RISK'],
        relationshipTypes: null,
        segmentId: null,
        hasNeedId: null,
        ownerId: w.id('employee', 'alice'),
      },
      orderBy: { field: 'HEALTH_SCORE', direction: 'ASC' },
    });
    const mine = await s.gql(MINE, {}, alice);
    expect(mine.data.savedViews.map((v: { name: string }) => v.name)).toEqual(['At risk by health']);
    // Nobody else sees it.
    expect((await s.gql(MINE, {}, bob)).data.savedViews).toEqual([]);
    // A VIEWER keeps their own.
    const viewers = await s.gql(SAVE, { input: { name: 'Mine', list: 'CUSTOMERS' } }, vic);
    expect(viewers.errors).toBeUndefined();
    expect(viewers.data.saveView).toMatchObject({ name: 'Mine', pageSize: 20, orderBy: { field: 'NAME', direction: 'ASC' } });
    expect((await s.gql(MINE, {}, vic)).data.savedViews.map((v: { name: string }) => v.name)).toEqual(['Mine']);
  });

  it('replaces a view saved again under the same name (case-insensitive)', async () => {
    const first = await s.gql(SAVE, { input: { name: 'Weekly', list: 'CUSTOMERS', pageSize: 20 } }, bob);
    const again = await s.gql(
      SAVE,
      { input: { name: 'WEEKLY', list: 'CUSTOMERS', pageSize: 100, orderBy: { field: 'LAST_CONTACT_AT', direction: 'DESC' } } },
      bob,
    );
    expect(again.data.saveView.id).toBe(first.data.saveView.id);
    const mine = (await s.gql(MINE, {}, bob)).data.savedViews;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ name: 'WEEKLY', pageSize: 100, orderBy: { field: 'LAST_CONTACT_AT', direction: 'DESC' } });
  });

  it("deletes only the caller's own view: another's id is NOT_FOUND and the view stays", async () => {
    const bobs = (await s.gql(MINE, {}, bob)).data.savedViews[0];
    const byAlice = await s.gql(DELETE, { id: bobs.id }, alice);
    expect(byAlice.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(byAlice.errors?.[0].message).toBe(`No saved view of yours has the id '${bobs.id}'.`);
    expect((await s.gql(MINE, {}, bob)).data.savedViews).toHaveLength(1);
    const byBob = await s.gql(DELETE, { id: bobs.id }, bob);
    expect(byBob.data.deleteSavedView).toEqual({ id: bobs.id, name: 'WEEKLY' });
    expect((await s.gql(MINE, {}, bob)).data.savedViews).toEqual([]);
    expect((await s.gql(DELETE, { id: bobs.id }, bob)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it.each([
    [{ name: '   ' }, 'name'],
    [{ name: 'x'.repeat(81) }, 'name'],
    [{ name: 'ok', pageSize: 30 }, 'pageSize'],
    [{ name: 'ok', filter: { nameContains: 'y'.repeat(201) } }, 'filter.nameContains'],
  ])('refuses invalid input (%#) with BAD_USER_INPUT', async (input, field) => {
    const res = await s.gql(SAVE, { input: { list: 'CUSTOMERS', ...input } }, alice);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it(`keeps at most ${MAX_VIEWS_PER_PERSON} views per person`, async () => {
    const carol = await s.token(w.id('employee', 'carol'), [AccessRole.ADMIN]);
    for (let i = 0; i < MAX_VIEWS_PER_PERSON; i++) {
      const res = await s.gql(SAVE, { input: { name: `View ${i}`, list: 'CUSTOMERS' } }, carol);
      expect(res.errors).toBeUndefined();
    }
    const over = await s.gql(SAVE, { input: { name: 'One too many', list: 'CUSTOMERS' } }, carol);
    expect(over.errors?.[0]).toMatchObject({
      message: `You keep ${MAX_VIEWS_PER_PERSON} saved views, the most one person may keep; delete one first, or save under the name of one to replace it.`,
      extensions: { code: 'BAD_USER_INPUT', field: 'name' },
    });
    // Saving under an existing name still works.
    expect((await s.gql(SAVE, { input: { name: 'view 3', list: 'CUSTOMERS', pageSize: 50 } }, carol)).errors).toBeUndefined();
    expect((await s.gql(MINE, {}, carol)).data.savedViews).toHaveLength(MAX_VIEWS_PER_PERSON);
  });

  it('needs a signed-in caller', async () => {
    const res = await s.gql(MINE, {}, null);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
