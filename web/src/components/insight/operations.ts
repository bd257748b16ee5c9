import { graphql } from '../../gql';

/*
 * The GraphQL operations of the insight page. Every mutation selects the insight's id, status,
 * version and content, so Apollo's normalised cache updates every view of the insight at once.
 */

export const AnnotationFields = graphql(`
  fragment InsightAnnotation on Annotation {
    id
    version
    kind
    body
    createdAt
    mentions {
      id
      name
    }
    author {
      id
      name
    }
  }
`);

/** Everything the page shows, except the version history (its own query, see VersionHistory). */
export const InsightDetails = graphql(`
  query InsightDetails($id: ID!, $annotations: Int!) {
    insight(id: $id) {
      id
      title
      body
      status
      confidence
      origin
      version
      followedByMe
      mentions {
        id
        name
      }
      createdAt
      updatedAt
      validUntil
      learnedBy
      author {
        id
        name
      }
      revisers {
        id
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
          status
        }
        ... on Segment {
          id
          name
        }
      }
      topics {
        id
        name
      }
      supersedes {
        id
        title
        status
      }
      supersededBy {
        id
        title
        status
      }
      evidence {
        id
        occurredAt
        channel
        touchpoint
        summary
        customer {
          id
          name
        }
      }
      annotations(first: $annotations) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...InsightAnnotation
          }
        }
      }
    }
  }
`);

/** The annotations after the first page ("Show more annotations"). */
export const MoreAnnotations = graphql(`
  query InsightMoreAnnotations($id: ID!, $first: Int!, $after: String) {
    insight(id: $id) {
      id
      annotations(first: $first, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...InsightAnnotation
          }
        }
      }
    }
  }
`);

/** Changes to insights, as they are committed; the page keeps those about its insight. */
export const InsightLive = graphql(`
  subscription InsightLive($customerId: ID, $after: String) {
    insightChanged(customerId: $customerId, after: $after) {
      cursor
      kind
      at
      actor {
        id
        name
      }
      insight {
        id
        title
        body
        status
        confidence
        version
        updatedAt
        validUntil
      }
      annotation {
        ...InsightAnnotation
      }
    }
  }
`);

export const ReviseInsight = graphql(`
  mutation ReviseInsight($input: ReviseInsightInput!) {
    reviseInsight(input: $input) {
      id
      title
      body
      confidence
      status
      version
      updatedAt
      validUntil
      mentions {
        id
        name
      }
      revisers {
        id
      }
    }
  }
`);

/** What a status change returns: enough for the cache to update every view of the insight. */
export const InsightStatusChangeFragment = graphql(`
  fragment InsightStatusChange on Insight {
    id
    status
    version
    updatedAt
  }
`);

export const SubmitInsight = graphql(`
  mutation SubmitInsight($input: ChangeInsightStatusInput!) {
    submitInsight(input: $input) {
      ...InsightStatusChange
    }
  }
`);

export const ValidateInsight = graphql(`
  mutation ValidateInsight($input: ChangeInsightStatusInput!) {
    validateInsight(input: $input) {
      ...InsightStatusChange
    }
  }
`);

export const RefuteInsight = graphql(`
  mutation RefuteInsight($input: ChangeInsightStatusInput!) {
    refuteInsight(input: $input) {
      ...InsightStatusChange
    }
  }
`);

export const ArchiveInsight = graphql(`
  mutation ArchiveInsight($input: ChangeInsightStatusInput!) {
    archiveInsight(input: $input) {
      ...InsightStatusChange
    }
  }
`);

export const AnnotateInsight = graphql(`
  mutation AnnotateInsight($input: AnnotateInsightInput!) {
    annotateInsight(input: $input) {
      ...InsightAnnotation
    }
  }
`);

/**
 * The version history, newest first. Its own query, so that a server without `history` still
 * shows the rest of the page (the section then says why it is missing).
 */
export const InsightHistory = graphql(`
  query InsightHistory($id: ID!, $first: Int) {
    insight(id: $id) {
      id
      history(first: $first) {
        version
        title
        body
        confidence
        status
        validUntil
        at
        change
        current
        by {
          id
          name
        }
      }
    }
  }
`);
