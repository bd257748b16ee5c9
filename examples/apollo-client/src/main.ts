import { randomUUID } from 'node:crypto';
import type { ApolloClient } from '@apollo/client';
import { CombinedGraphQLErrors, CombinedProtocolErrors, ServerError } from '@apollo/client/errors';
import { ReplaySubject, filter, first, firstValueFrom, timeout } from 'rxjs';
import { connect } from './client.js';
import { getFragmentData, type FragmentType } from './gql/index.js';
import type { InteractionRecordedSubscription as InteractionRecordedData } from './gql/graphql.js';
import {
  Customer360Query,
  CustomerPageQuery,
  CustomerRowFragment,
  EventCursorQuery,
  InteractionLineFragment,
  InteractionRecordedSubscription,
  RecordInteractionMutation,
  SignedInQuery,
} from './operations.js';

/**
 * A plain Node program using Rapport's API the way a front end does: signs in with a token,
 * pages through customers (Relay cursors), reads one customer's 360, subscribes to that
 * customer's interactions, records one, and waits for it to arrive over the subscription.
 *
 * RAPPORT_URL        the API (default http://127.0.0.1:4000/graphql)
 * RAPPORT_TOKEN      a bearer token (`npm run -s token` at the top of the project); needs ANALYST or ADMIN to record
 * RAPPORT_SEARCH     only customers whose name contains this (default: all)
 * RAPPORT_PAGE_SIZE  customers per page (default 20, at most 100)
 * RAPPORT_MAX_PAGES  stop after this many pages (default 5)
 */
const url = process.env.RAPPORT_URL || 'http://127.0.0.1:4000/graphql';
const token = process.env.RAPPORT_TOKEN;
const search = process.env.RAPPORT_SEARCH || undefined;
const pageSize = Number(process.env.RAPPORT_PAGE_SIZE || 20);
const maxPages = Number(process.env.RAPPORT_MAX_PAGES || 5);
/** How long to wait for the recorded interaction's event (the first write after a server start can take seconds). */
const EVENT_TIMEOUT_MS = 30_000;

type InteractionRef = FragmentType<typeof InteractionLineFragment>;
type RecordedEvent = InteractionRecordedData['interactionRecorded'];

/** One interaction in one line: the fragment's fields, unmasked. */
function line(ref: InteractionRef): string {
  const i = getFragmentData(InteractionLineFragment, ref);
  return `${i.occurredAt} ${i.channel}/${i.touchpoint} with ${i.handler?.name ?? 'nobody'}: ${i.summary}`;
}

/**
 * Follows pageInfo.endCursor until hasNextPage is false (or maxPages), as a "more" button or an
 * infinite scroll would: fetchMore on the watched query, whose cache field policy
 * (relayStylePagination, see client.ts) appends each page to one list per filter and order.
 */
async function pageCustomers(client: ApolloClient) {
  const variables = { filter: search ? { nameContains: search } : null, first: pageSize };
  const list = client.watchQuery({ query: CustomerPageQuery, variables });
  const watching = list.subscribe({}); // a watched query fetches while it is watched
  try {
    const firstPage = await firstValueFrom(list.pipe(first((r) => r.dataState === 'complete' || r.error !== undefined)));
    if (firstPage.error) throw firstPage.error;
    if (firstPage.dataState !== 'complete') throw new Error('The customer list did not load.');
    let pageInfo = firstPage.data.customers.pageInfo;
    let pages = 1;
    while (pageInfo.hasNextPage && pages < maxPages) {
      // The result is this page alone, as the server sent it; the cache appends it to the list.
      const next = await list.fetchMore({ variables: { after: pageInfo.endCursor } });
      if (!next.data) throw new Error(`Page ${pages + 1} of the customer list did not load.`);
      pageInfo = next.data.customers.pageInfo;
      pages += 1;
    }
    // Every page fetched, as one list (what the watched query shows once the cache has told it).
    const all = client.readQuery({ query: CustomerPageQuery, variables });
    if (!all) throw new Error('The customer list is not in the cache.');
    return { customers: all.customers, pages };
  } finally {
    watching.unsubscribe();
  }
}

async function main(): Promise<void> {
  if (!token) {
    console.error('Set RAPPORT_TOKEN to a bearer token (at the top of the project: TOKEN=$(npm run -s token)).');
    process.exitCode = 2;
    return;
  }
  const { client, close } = connect(url, token);
  try {
    // 1. Who am I? (A query; an unusable token is an UNAUTHENTICATED error here.)
    const { data: signedIn } = await client.query({ query: SignedInQuery });
    if (!signedIn?.me) throw new Error('The token signs nobody in.');
    console.log(`Signed in as ${signedIn.me.name} (${signedIn.me.accessRoles.join(', ')})`);

    // 2. A paged list (Relay cursors).
    const { customers, pages } = await pageCustomers(client);
    const rows = customers.edges.map((e) => getFragmentData(CustomerRowFragment, e.node));
    console.log(`Customers: ${rows.length} of ${customers.totalCount} in ${pages} page(s) of ${pageSize}`);
    for (const row of rows) console.log(`  ${row.name} (${row.lifecycleStage})`);
    const chosen = customers.edges[0]?.node;
    if (!chosen) throw new Error('No customer to show: the list is empty.');

    // 3. A typed query with nested lists: the first customer's 360.
    const { data: c360 } = await client.query({ query: Customer360Query, variables: { id: chosen.id } });
    const customer = c360?.customer;
    if (!customer) throw new Error(`Customer ${chosen.id} was not found.`);
    console.log(`Customer 360: ${customer.name}, ${customer.kind}, ${customer.lifecycleStage}, ${customer.relationshipType}`);
    console.log(
      `  revenue ${customer.revenue}, lifetime value ${customer.lifetimeValue}, segment ${customer.segment?.name ?? 'none'}, ` +
        `owners ${customer.owners.map((o) => o.name).join(', ') || 'none'}`,
    );
    console.log(
      `  open needs (${customer.needs.totalCount}): ${customer.needs.edges.map((e) => `${e.node.title} [${e.node.priority}]`).join(', ') || 'none'}`,
    );
    const latest = customer.interactions.edges[0]?.node;
    console.log(`  interactions (${customer.interactions.totalCount}), latest: ${latest ? line(latest) : 'none'}`);

    // 4. A subscription, from the event log's cursor now: the event of the mutation below
    //    arrives even if the server starts listening after the mutation commits.
    const { data: log } = await client.query({ query: EventCursorQuery, fetchPolicy: 'network-only' });
    if (!log) throw new Error('The event cursor did not load.');
    const arrived = new ReplaySubject<RecordedEvent>();
    const live = client
      .subscribe({ query: InteractionRecordedSubscription, variables: { customerId: customer.id, after: log.eventCursor } })
      .subscribe({
        next: (result) => {
          if (result.error) arrived.error(result.error);
          else if (result.data) arrived.next(result.data.interactionRecorded);
        },
        error: (e: unknown) => arrived.error(e),
      });

    try {
      // 5. A mutation: record an interaction with this customer (externalId makes a retry safe).
      const { data: recorded } = await client.mutate({
        mutation: RecordInteractionMutation,
        variables: {
          input: {
            externalId: `apollo-client-example-${randomUUID()}`,
            customerId: customer.id,
            channel: 'CHAT',
            touchpoint: 'SUPPORT',
            direction: 'INBOUND',
            summary: 'Asked how to use the typed client',
            topics: ['typed-client'],
          },
        },
      });
      if (!recorded) throw new Error('The interaction was not recorded.');
      const interaction = recorded.recordInteraction;
      console.log(`Recorded interaction ${interaction.id} with ${interaction.customer.name}: ${line(interaction)}`);
      // The mutation's answer carried the customer's new count: the cached 360 shows it, read without a request.
      const cached = client.readQuery({ query: Customer360Query, variables: { id: customer.id } });
      console.log(
        `  the cached customer 360 now counts ${cached?.customer?.interactionCount ?? '?'} interactions (was ${customer.interactionCount}), without another request`,
      );

      const event = await firstValueFrom(
        arrived.pipe(
          filter((e) => e.interaction.id === interaction.id),
          timeout({
            first: EVENT_TIMEOUT_MS,
            with: () => Promise.reject(new Error(`No event for ${interaction.id} within ${EVENT_TIMEOUT_MS} ms.`)),
          }),
        ),
      );
      console.log(`Received over the subscription: interaction ${event.interaction.id}, recorded by ${event.actor?.name ?? 'nobody'}`);
    } finally {
      live.unsubscribe();
    }
    console.log(`Done: ${rows.length} customers in ${pages} page(s), 1 customer 360, 1 interaction recorded and received live.`);
  } finally {
    await close();
  }
}

/** What went wrong, with the API's error code (extensions.code) when it sent one. */
function explain(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors.map((e) => `${String(e.extensions?.code ?? 'ERROR')}: ${e.message}`).join('\n');
  }
  if (CombinedProtocolErrors.is(error)) return `The WebSocket connection failed: ${error.errors.map((e) => e.message).join(' ')}`;
  if (ServerError.is(error)) return `HTTP ${error.statusCode}: ${error.bodyText}`;
  if (error instanceof TypeError && error.cause instanceof Error) {
    // fetch failed: no server there, a wrong address, or no network.
    const why = 'code' in error.cause ? String(error.cause.code) : error.cause.message;
    return `Could not reach ${url} (${why}): is the server running (npm start)?`;
  }
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'code' in error && 'reason' in error) {
    return `The WebSocket closed (${String(error.code)}): ${String(error.reason)}`;
  }
  return String(error);
}

main().catch((error: unknown) => {
  console.error(explain(error));
  process.exitCode = 1;
});
