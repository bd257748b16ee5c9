import { graphql } from '../../gql';

/** How many items each part of the inbox holds: read by the header and by the "For me" page alike. */
export const InboxCountsFields = graphql(`
  fragment InboxCountsFields on InboxCounts {
    awaitingReview
    drafts
    followedChanges
    challenges
    unreadNotifications
    total
  }
`);

/** The counts beside "For me" in the header. */
export const InboxCounts = graphql(`
  query InboxCounts {
    inbox {
      counts {
        ...InboxCountsFields
      }
    }
  }
`);

export const InboxInsightItem = graphql(`
  fragment InboxInsightItem on Insight {
    id
    title
    status
    updatedAt
    createdAt
    author {
      id
      name
    }
    subjects {
      __typename
      ... on Customer {
        id
        name
      }
      ... on Need {
        id
        title
      }
      ... on Segment {
        id
        name
      }
    }
  }
`);

/** Everything the "For me" page shows: each part's first page, and the notifications. */
export const InboxPage = graphql(`
  query InboxPage($first: Int!) {
    inbox {
      counts {
        ...InboxCountsFields
      }
      notifications(first: $first) {
        totalCount
        edges {
          node {
            id
            kind
            createdAt
            readAt
            actor {
              id
              name
            }
            insight {
              id
              title
            }
            annotation {
              id
              body
            }
          }
        }
      }
      awaitingReview(first: $first) {
        totalCount
        edges {
          node {
            ...InboxInsightItem
          }
        }
      }
      drafts(first: $first) {
        totalCount
        edges {
          node {
            ...InboxInsightItem
          }
        }
      }
      followedChanges(first: $first) {
        totalCount
        edges {
          node {
            ...InboxInsightItem
          }
        }
      }
      challenges(first: $first) {
        totalCount
        edges {
          node {
            ...InboxInsightItem
          }
        }
      }
    }
  }
`);

export const MarkNotificationsRead = graphql(`
  mutation MarkNotificationsRead($input: MarkNotificationsReadInput!) {
    markNotificationsRead(input: $input) {
      id
      readAt
    }
  }
`);

/** A notification made for the signed-in person: the header counts it, and says what it is. */
export const NotificationLive = graphql(`
  subscription NotificationLive($after: String) {
    notificationReceived(after: $after) {
      cursor
      notification {
        id
        kind
        actor {
          id
          name
        }
        insight {
          id
          title
        }
      }
    }
  }
`);

/** Any insight changed by anyone: what may move an insight in or out of the inbox. */
export const InboxInsightLive = graphql(`
  subscription InboxInsightLive($after: String) {
    insightChanged(after: $after) {
      cursor
      kind
      actor {
        id
      }
      insight {
        id
      }
    }
  }
`);

export const FollowInsight = graphql(`
  mutation FollowInsight($input: InsightRefInput!) {
    followInsight(input: $input) {
      id
      followedByMe
    }
  }
`);

export const UnfollowInsight = graphql(`
  mutation UnfollowInsight($input: InsightRefInput!) {
    unfollowInsight(input: $input) {
      id
      followedByMe
    }
  }
`);

export const MarkInsightSeen = graphql(`
  mutation MarkInsightSeen($input: InsightRefInput!) {
    markInsightSeen(input: $input) {
      id
    }
  }
`);

/** The people whose name contains what follows an "@", to mention. */
export const Mentionable = graphql(`
  query Mentionable($name: String!) {
    employees(first: 8, filter: { nameContains: $name }, orderBy: { field: NAME, direction: ASC }) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);
