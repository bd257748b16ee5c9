import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';
import { subscribe, sleep, type LiveSubscription } from '../helpers/live';
import { AccessRole } from '../../src/graphql/access';

/**
 * The inbox ("For me") and mentions, against a real Neo4j: what awaits whose review (four eyes),
 * drafts, changes in followed insights, challenges, and notifications of mentions, live, for their
 * recipient only. The graph is emptied first: the inbox of a reviewer spans every insight there is,
 * so its counts are exact only on a graph this file alone fills.
 */
let s: TestServer;
let w: World;
let alice: string; // ANALYST, the author
let bob: string; // ANALYST, a reviewer
let carol: string; // ADMIN + ANALYST
let vic: string; // VIEWER
let acme: string;

const INBOX = `query {
  inbox {
    counts { awaitingReview drafts followedChanges challenges unreadNotifications total }
    awaitingReview(first: 100) { totalCount edges { node { id } } }
    drafts(first: 100) { edges { node { id } } }
    followedChanges(first: 100) { edges { node { id } } }
    challenges(first: 100) { edges { node { id } } }
    notifications(first: 100) { totalCount edges { node { id kind readAt actor { name } insight { id } annotation { id body } } } }
  }
}`;

async function inbox(token: string) {
  const r = await s.gql(INBOX, {}, token);
  expect(r.errors).toBeUndefined();
  const i = r.data.inbox;
  const ids = (c: { edges: { node: { id: string } }[] }) => c.edges.map((e) => e.node.id);
  return {
    counts: i.counts,
    awaitingReview: ids(i.awaitingReview),
    drafts: ids(i.drafts),
    followedChanges: ids(i.followedChanges),
    challenges: ids(i.challenges),
    notifications: i.notifications.edges.map((e: any) => e.node),
  };
}

async function propose(token: string, over: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
  const r = await s.gql(
    `mutation($input: ProposeInsightInput!) { proposeInsight(input: $input) { id version } }`,
    { input: { title: `${w.prefix} insight`, body: 'Body.', origin: 'FROM_CUSTOMER', confidence: 0.6, customerIds: [acme], ...over } },
    token,
  );
  expect(r.errors).toBeUndefined();
  return r.data.proposeInsight;
}

async function annotate(token: string, id: string, kind: string, body: string, mentionIds?: string[]) {
  return s.gql(
    `mutation($input: AnnotateInsightInput!) { annotateInsight(input: $input) { id body mentions { id name } } }`,
    { input: { id, kind, body, ...(mentionIds ? { mentionIds } : {}) } },
    token,
  );
}

const act = async (token: string, mutation: string, id: string) => {
  const r = await s.gql(`mutation($id: ID!) { ${mutation}(input: { id: $id }) { id status } }`, { id }, token);
  expect(r.errors).toBeUndefined();
  return r.data[mutation];
};

const tokens: Record<string, string> = {};

beforeAll(async () => {
  s = await startTestServer();
  await s.cypher('MATCH (n) WHERE NOT n:Migration DETACH DELETE n');
  w = await buildWorld(s.graph);
  alice = w.id('employee', 'alice');
  bob = w.id('employee', 'bob');
  carol = w.id('employee', 'carol');
  vic = w.id('employee', 'vic');
  acme = w.id('customer', 'acme');
  tokens.alice = await s.token(alice, [AccessRole.ANALYST]);
  tokens.bob = await s.token(bob, [AccessRole.ANALYST]);
  tokens.carol = await s.token(carol, [AccessRole.ADMIN, AccessRole.ANALYST]);
  tokens.vic = await s.token(vic, [AccessRole.VIEWER]);
}, 120_000);

afterAll(async () => {
  await s?.close();
});

describe('the review queue', () => {
  it('holds the PROPOSED insights that someone else wrote, for those who may review; never the author’s own, never a VIEWER’s', async () => {
    const before = await inbox(tokens.bob);
    const proposed = await propose(tokens.alice);
    const bobs = await inbox(tokens.bob);
    expect(bobs.awaitingReview).toEqual([...before.awaitingReview, proposed.id]);
    expect(bobs.counts.awaitingReview).toBe(before.counts.awaitingReview + 1);
    expect((await inbox(tokens.carol)).awaitingReview).toContain(proposed.id);
    expect((await inbox(tokens.alice)).awaitingReview).not.toContain(proposed.id);
    const vics = await inbox(tokens.vic);
    expect(vics.awaitingReview).toEqual([]);
    expect(vics.counts.awaitingReview).toBe(0);
  });

  it('empties as the reviewer reviews, and leaves out whoever revised the text', async () => {
    const proposed = await propose(tokens.alice);
    const revise = await s.gql(
      `mutation($input: ReviseInsightInput!) { reviseInsight(input: $input) { id version } }`,
      { input: { id: proposed.id, expectedVersion: 1, body: 'Sharper, by an ADMIN.' } },
      tokens.carol,
    );
    expect(revise.errors).toBeUndefined();
    // Carol revised it: four eyes, not hers to review any more. Bob still has it.
    expect((await inbox(tokens.carol)).awaitingReview).not.toContain(proposed.id);
    const before = await inbox(tokens.bob);
    expect(before.awaitingReview).toContain(proposed.id);
    await act(tokens.bob, 'validateInsight', proposed.id);
    const after = await inbox(tokens.bob);
    expect(after.awaitingReview).toEqual(before.awaitingReview.filter((id) => id !== proposed.id));
    expect(after.counts.awaitingReview).toBe(before.counts.awaitingReview - 1);
  });

  it('lists a person’s drafts until they submit them, and then someone else has them to review', async () => {
    const draft = await propose(tokens.alice, { draft: true, title: `${w.prefix} a draft` });
    const alices = await inbox(tokens.alice);
    expect(alices.drafts).toContain(draft.id);
    expect((await inbox(tokens.bob)).drafts).not.toContain(draft.id);
    expect((await inbox(tokens.bob)).awaitingReview).not.toContain(draft.id);
    await act(tokens.alice, 'submitInsight', draft.id);
    expect((await inbox(tokens.alice)).drafts).not.toContain(draft.id);
    expect((await inbox(tokens.alice)).counts.drafts).toBe(alices.counts.drafts - 1);
    expect((await inbox(tokens.bob)).awaitingReview).toContain(draft.id);
  });
});

describe('followed insights and challenges', () => {
  it('brings an insight its author wrote back when someone else changes it, until they open it', async () => {
    const proposed = await propose(tokens.alice);
    expect((await inbox(tokens.alice)).followedChanges).not.toContain(proposed.id);
    await act(tokens.bob, 'validateInsight', proposed.id);
    expect((await inbox(tokens.alice)).followedChanges).toContain(proposed.id);
    await act(tokens.alice, 'markInsightSeen', proposed.id);
    expect((await inbox(tokens.alice)).followedChanges).not.toContain(proposed.id);
    // Her own comment is no news to her; Bob's is.
    expect((await annotate(tokens.alice, proposed.id, 'COMMENT', 'Thanks.')).errors).toBeUndefined();
    expect((await inbox(tokens.alice)).followedChanges).not.toContain(proposed.id);
    await sleep(5); // a later datetime() than her visit
    expect((await annotate(tokens.bob, proposed.id, 'COMMENT', 'One more thing.')).errors).toBeUndefined();
    expect((await inbox(tokens.alice)).followedChanges).toContain(proposed.id);
  });

  it('lets anyone, a VIEWER too, follow and unfollow an insight, and says so on it', async () => {
    const proposed = await propose(tokens.alice);
    const q = `query($id: ID!) { insight(id: $id) { followedByMe } }`;
    expect((await s.gql(q, { id: proposed.id }, tokens.vic)).data.insight.followedByMe).toBe(false);
    const followed = await s.gql(
      `mutation($id: ID!) { followInsight(input: { id: $id }) { id followedByMe } }`,
      { id: proposed.id },
      tokens.vic,
    );
    expect(followed.data.followInsight).toEqual({ id: proposed.id, followedByMe: true });
    expect((await s.gql(q, { id: proposed.id }, tokens.alice)).data.insight.followedByMe).toBe(true);
    expect((await s.gql(q, { id: proposed.id }, tokens.bob)).data.insight.followedByMe).toBe(false);
    await act(tokens.bob, 'refuteInsight', proposed.id);
    expect((await inbox(tokens.vic)).followedChanges).toContain(proposed.id);
    const unfollowed = await s.gql(
      `mutation($id: ID!) { unfollowInsight(input: { id: $id }) { id followedByMe } }`,
      { id: proposed.id },
      tokens.vic,
    );
    expect(unfollowed.data.unfollowInsight).toEqual({ id: proposed.id, followedByMe: false });
    expect((await inbox(tokens.vic)).followedChanges).not.toContain(proposed.id);
  });

  it('refuses to follow an insight that does not exist, with NOT_FOUND', async () => {
    const r = await s.gql(`mutation { followInsight(input: { id: "no-such-insight" }) { id } }`, {}, tokens.vic);
    expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(r.errors?.[0].message).toBe("No insight has the id 'no-such-insight'.");
  });

  it('lists an insight challenged by someone else under the author’s challenges until the author opens it', async () => {
    const proposed = await propose(tokens.alice);
    const before = await inbox(tokens.alice);
    expect(before.challenges).not.toContain(proposed.id);
    expect((await annotate(tokens.bob, proposed.id, 'CHALLENGE', 'The sample is two customers.')).errors).toBeUndefined();
    const after = await inbox(tokens.alice);
    expect(after.challenges).toContain(proposed.id);
    expect(after.counts.challenges).toBe(before.counts.challenges + 1);
    // Bob's challenge is not in Bob's own list.
    expect((await inbox(tokens.bob)).challenges).not.toContain(proposed.id);
    await act(tokens.alice, 'markInsightSeen', proposed.id);
    expect((await inbox(tokens.alice)).challenges).not.toContain(proposed.id);
  });
});

describe('mentions and notifications', () => {
  let live: Record<string, LiveSubscription> = {};
  const NOTIFIED = `subscription { notificationReceived { cursor notification { id kind actor { name } annotation { body } insight { id } } } }`;

  beforeAll(async () => {
    live = {
      alice: subscribe(s.wsUrl, `Bearer ${tokens.alice}`, NOTIFIED),
      vic: subscribe(s.wsUrl, `Bearer ${tokens.vic}`, NOTIFIED),
      bob: subscribe(s.wsUrl, `Bearer ${tokens.bob}`, NOTIFIED),
    };
    await sleep(500); // the three are subscribed
  });
  afterAll(async () => {
    for (const l of Object.values(live)) await l.dispose();
  });

  it('links the people an annotation mentions and notifies each but its author, live, each only their own', async () => {
    const proposed = await propose(tokens.alice);
    const vicBefore = await inbox(tokens.vic);
    const r = await annotate(tokens.bob, proposed.id, 'COMMENT', `@${w.prefix} Alice Author and @${w.prefix} Vic Viewer, look`, [
      vic,
      alice,
      bob,
    ]);
    expect(r.errors).toBeUndefined();
    expect(r.data.annotateInsight.mentions.map((m: { name: string }) => m.name)).toEqual([
      `${w.prefix} Alice Author`,
      `${w.prefix} Bob Reviewer`,
      `${w.prefix} Vic Viewer`,
    ]);
    const annotationId = r.data.annotateInsight.id;
    for (const who of ['alice', 'vic']) {
      const event = await live[who].nth(1);
      expect(event.errors).toBeUndefined();
      expect(event.data.notificationReceived.notification).toEqual({
        id: expect.any(String),
        kind: 'MENTIONED_IN_ANNOTATION',
        actor: { name: `${w.prefix} Bob Reviewer` },
        annotation: { body: `@${w.prefix} Alice Author and @${w.prefix} Vic Viewer, look` },
        insight: { id: proposed.id },
      });
    }
    await sleep(300);
    expect(live.bob.events).toEqual([]); // he mentioned himself: no notification
    const vics = await inbox(tokens.vic);
    expect(vics.counts.unreadNotifications).toBe(vicBefore.counts.unreadNotifications + 1);
    expect(vics.notifications[0]).toEqual({
      id: live.vic.events[0].data.notificationReceived.notification.id,
      kind: 'MENTIONED_IN_ANNOTATION',
      readAt: null,
      actor: { name: `${w.prefix} Bob Reviewer` },
      insight: { id: proposed.id },
      annotation: { id: annotationId, body: `@${w.prefix} Alice Author and @${w.prefix} Vic Viewer, look` },
    });
    // Mentioned, Vic follows the insight now.
    expect(
      (await s.gql(`query($id: ID!) { insight(id: $id) { followedByMe } }`, { id: proposed.id }, tokens.vic)).data.insight.followedByMe,
    ).toBe(true);
  });

  it('marks one’s own notifications read; another’s is NOT_FOUND and nothing changes', async () => {
    const vics = await inbox(tokens.vic);
    const unread = vics.notifications.filter((n: { readAt: string | null }) => n.readAt === null).map((n: { id: string }) => n.id);
    expect(unread.length).toBeGreaterThan(0);
    const alices = await inbox(tokens.alice);
    const hers = alices.notifications[0].id;
    const refused = await s.gql(
      `mutation($ids: [ID!]!) { markNotificationsRead(input: { ids: $ids }) { id } }`,
      { ids: [...unread, hers] },
      tokens.vic,
    );
    expect(refused.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await inbox(tokens.vic)).counts.unreadNotifications).toBe(vics.counts.unreadNotifications);
    expect((await inbox(tokens.alice)).notifications[0].readAt).toBeNull();
    const marked = await s.gql(
      `mutation($ids: [ID!]!) { markNotificationsRead(input: { ids: $ids }) { id readAt } }`,
      { ids: unread },
      tokens.vic,
    );
    expect(marked.errors).toBeUndefined();
    expect(marked.data.markNotificationsRead.map((n: { id: string }) => n.id)).toEqual(unread);
    expect(marked.data.markNotificationsRead.every((n: { readAt: string | null }) => typeof n.readAt === 'string')).toBe(true);
    expect((await inbox(tokens.vic)).counts.unreadNotifications).toBe(0);
  });

  it('refuses an unknown employee among the mentions with BAD_USER_INPUT, and writes nothing', async () => {
    const proposed = await propose(tokens.alice);
    const count = async () =>
      (await s.cypher('MATCH (:Annotation)-[:ON]->(:Insight {id: $id}) RETURN count(*) AS n', { id: proposed.id }))[0].n;
    const r = await annotate(tokens.bob, proposed.id, 'COMMENT', 'Hello @nobody', [alice, 'no-such-employee']);
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0].message).toBe("No employee has the id 'no-such-employee'.");
    expect(await count()).toBe(0);
    const tooMany = await annotate(
      tokens.bob,
      proposed.id,
      'COMMENT',
      'Everyone',
      Array.from({ length: 21 }, () => alice),
    );
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await count()).toBe(0);
  });

  it('notifies those an insight mentions when it is proposed, and only the new ones when a revision changes its mentions', async () => {
    const aliceSeen = live.alice.events.length;
    const vicSeen = live.vic.events.length;
    const r = await s.gql(
      `mutation($input: ProposeInsightInput!) { proposeInsight(input: $input) { id mentions { name } } }`,
      {
        input: {
          title: `${w.prefix} mentioning`,
          body: `Ask @${w.prefix} Vic Viewer`,
          origin: 'FROM_CUSTOMER',
          confidence: 0.5,
          customerIds: [acme],
          mentionIds: [vic],
        },
      },
      tokens.bob,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.proposeInsight.mentions).toEqual([{ name: `${w.prefix} Vic Viewer` }]);
    const first = await live.vic.nth(vicSeen + 1);
    expect(first.data.notificationReceived.notification).toMatchObject({ kind: 'MENTIONED_IN_INSIGHT', annotation: null });
    const revised = await s.gql(
      `mutation($input: ReviseInsightInput!) { reviseInsight(input: $input) { mentions { name } } }`,
      { input: { id: r.data.proposeInsight.id, expectedVersion: 1, body: `Ask @${w.prefix} Alice Author`, mentionIds: [alice] } },
      tokens.bob,
    );
    expect(revised.errors).toBeUndefined();
    expect(revised.data.reviseInsight.mentions).toEqual([{ name: `${w.prefix} Alice Author` }]);
    const hers = await live.alice.nth(aliceSeen + 1);
    expect(hers.data.notificationReceived.notification).toMatchObject({
      kind: 'MENTIONED_IN_INSIGHT',
      insight: { id: r.data.proposeInsight.id },
    });
    await sleep(300);
    expect(live.vic.events.length).toBe(vicSeen + 1); // not notified again
  });

  it('leaves out the notification of a deleted annotation, and shows it again when it is restored', async () => {
    const proposed = await propose(tokens.alice);
    const r = await annotate(tokens.bob, proposed.id, 'COMMENT', 'For you', [vic]);
    const annotationId = r.data.annotateInsight.id;
    const has = async () =>
      (await inbox(tokens.vic)).notifications.some((n: { annotation: { id: string } | null }) => n.annotation?.id === annotationId);
    expect(await has()).toBe(true);
    const del = await s.gql(`mutation($id: ID!) { deleteAnnotation(input: { id: $id }) { id } }`, { id: annotationId }, tokens.bob);
    expect(del.errors).toBeUndefined();
    expect(await has()).toBe(false);
    const restore = await s.gql(`mutation($id: ID!) { restoreAnnotation(input: { id: $id }) { id } }`, { id: annotationId }, tokens.carol);
    expect(restore.errors).toBeUndefined();
    expect(await has()).toBe(true);
  });

  it('changes who an annotation mentions only with its text (a new version); someone mentioned again is not notified again', async () => {
    const proposed = await propose(tokens.alice);
    const r = await annotate(tokens.bob, proposed.id, 'COMMENT', 'Ask Vic', [vic]);
    const id = r.data.annotateInsight.id;
    const notifiedOn = async () =>
      (
        await s.cypher('MATCH (:Employee {id: $vic})<-[:FOR]-(n:Notification)-[:CONCERNS]->(:Annotation {id: $id}) RETURN count(n) AS n', {
          vic,
          id,
        })
      )[0].n;
    expect(await notifiedOn()).toBe(1);
    const update = (input: Record<string, unknown>) =>
      s.gql(
        `mutation($input: UpdateAnnotationInput!) { updateAnnotation(input: $input) { version body mentions { name } } }`,
        { input: { id, ...input } },
        tokens.bob,
      );
    const alone = await update({ expectedVersion: 1, mentionIds: [alice] });
    expect(alone.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'mentionIds' });
    expect(alone.errors?.[0].message).toBe('Mentions change with the text: give the new body with them.');
    const dropped = await update({ expectedVersion: 1, body: 'Ask Alice', mentionIds: [alice] });
    expect(dropped.data.updateAnnotation).toEqual({ version: 2, body: 'Ask Alice', mentions: [{ name: `${w.prefix} Alice Author` }] });
    const again = await update({ expectedVersion: 2, body: 'Ask Vic again', mentionIds: [vic] });
    expect(again.data.updateAnnotation).toEqual({ version: 3, body: 'Ask Vic again', mentions: [{ name: `${w.prefix} Vic Viewer` }] });
    expect(await notifiedOn()).toBe(1);
  });

  it('does not mark read a notification hidden because its annotation was deleted', async () => {
    const proposed = await propose(tokens.alice);
    const r = await annotate(tokens.bob, proposed.id, 'COMMENT', 'Hidden soon', [vic]);
    const annotationId = r.data.annotateInsight.id;
    const [{ id: notificationId }] = await s.cypher(
      'MATCH (:Employee {id: $vic})<-[:FOR]-(n:Notification)-[:CONCERNS]->(:Annotation {id: $annotationId}) RETURN n.id AS id',
      { vic, annotationId },
    );
    expect(
      (await s.gql(`mutation($id: ID!) { deleteAnnotation(input: { id: $id }) { id } }`, { id: annotationId }, tokens.bob)).errors,
    ).toBeUndefined();
    const marked = await s.gql(
      `mutation($ids: [ID!]!) { markNotificationsRead(input: { ids: $ids }) { id } }`,
      { ids: [notificationId] },
      tokens.vic,
    );
    expect(marked.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(
      (await s.cypher('MATCH (n:Notification {id: $notificationId}) RETURN n.readAt AS readAt', { notificationId }))[0].readAt,
    ).toBeNull();
  });

  it('is for signed-in people only', async () => {
    const r = await s.gql(`query { inbox { counts { total } } }`, {}, null);
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
