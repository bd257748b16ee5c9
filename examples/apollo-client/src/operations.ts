import { graphql } from './gql/index.js';

/**
 * The operations of this example, as a front end would write them next to the code that uses
 * them. `graphql()` returns a TypedDocumentNode: Apollo Client infers the result and the
 * variables from it, so a field that does not exist, or a variable of the wrong type, fails the
 * build (`npm run codegen` checks the documents against the schema, `tsc` their use).
 */

/** Who the token signs in. */
export const SignedInQuery = graphql(`
  query SignedIn {
    me {
      id
      name
      accessRoles
    }
  }
`);

/** How one interaction is shown, wherever it appears: a fragment, unmasked with getFragmentData(). */
export const InteractionLineFragment = graphql(`
  fragment InteractionLine on Interaction {
    id
    occurredAt
    channel
    touchpoint
    summary
    handler {
      id
      name
    }
  }
`);

/** One row of the customer list. */
export const CustomerRowFragment = graphql(`
  fragment CustomerRow on Customer {
    id
    name
    lifecycleStage
  }
`);

/** One page of customers (a Relay connection: `first`, `after`, `pageInfo`). */
export const CustomerPageQuery = graphql(`
  query CustomerPage($filter: CustomerFilter, $first: Int, $after: String) {
    customers(filter: $filter, first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          id
          ...CustomerRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** The customer 360: profile, value, owners, open needs and the latest interaction. */
export const Customer360Query = graphql(`
  query Customer360($id: ID!) {
    customer(id: $id) {
      id
      name
      kind
      lifecycleStage
      relationshipType
      revenue
      lifetimeValue
      segment {
        id
        name
      }
      owners {
        id
        name
      }
      needs(filter: { statuses: [OPEN] }, first: 5) {
        totalCount
        edges {
          node {
            id
            title
            priority
          }
        }
      }
      interactionCount
      interactions(first: 1) {
        totalCount
        edges {
          node {
            id
            ...InteractionLine
          }
        }
      }
    }
  }
`);

/** The cursor of the event log now: subscribe with it as `after`, and nothing committed from here on is missed. */
export const EventCursorQuery = graphql(`
  query EventCursor {
    eventCursor
  }
`);

/** Records an interaction (idempotent by externalId). */
export const RecordInteractionMutation = graphql(`
  mutation RecordInteraction($input: RecordInteractionInput!) {
    recordInteraction(input: $input) {
      id
      ...InteractionLine
      customer {
        id
        name
        # The count the customer 360 shows: carried by the answer, updated in the cache without another request.
        interactionCount
      }
    }
  }
`);

/** Interactions of one customer as they are committed, from `after` on. */
export const InteractionRecordedSubscription = graphql(`
  subscription InteractionRecorded($customerId: ID, $after: String) {
    interactionRecorded(customerId: $customerId, after: $after) {
      cursor
      at
      actor {
        id
        name
      }
      interaction {
        id
        ...InteractionLine
      }
    }
  }
`);
