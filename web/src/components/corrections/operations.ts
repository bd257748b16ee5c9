import { graphql } from '../../gql';

/*
 * The GraphQL operations of corrections (issue 22): editing and deleting interactions, customers
 * and annotations, the history of each record, merging duplicate customers, and restoring what
 * was deleted. Mutations select the record's id and version, so Apollo's normalised cache
 * updates every view of it.
 */

/** One entry of a record's history, as every history list shows it. */
export const RecordChangeFields = graphql(`
  fragment RecordChangeFields on RecordChange {
    id
    kind
    at
    version
    reason
    otherId
    by {
      id
      name
    }
    changes {
      field
      before
      after
      withheld
    }
  }
`);

export const InteractionHistory = graphql(`
  query InteractionHistory($id: ID!, $first: Int) {
    interaction(id: $id) {
      id
      history(first: $first) {
        totalCount
        edges {
          node {
            ...RecordChangeFields
          }
        }
      }
    }
  }
`);

export const CustomerHistory = graphql(`
  query CustomerHistory($id: ID!, $first: Int) {
    customer(id: $id) {
      id
      history(first: $first) {
        totalCount
        edges {
          node {
            ...RecordChangeFields
          }
        }
      }
    }
  }
`);

export const NeedHistory = graphql(`
  query NeedHistory($id: ID!, $first: Int) {
    need(id: $id) {
      id
      history(first: $first) {
        totalCount
        edges {
          node {
            ...RecordChangeFields
          }
        }
      }
    }
  }
`);

/**
 * The histories of an insight's annotations (there is no query for one annotation): read when a
 * person opens the history of one of them, which the page then picks out.
 */
export const AnnotationHistories = graphql(`
  query AnnotationHistories($insightId: ID!) {
    insight(id: $insightId) {
      id
      annotations(first: 100) {
        edges {
          node {
            id
            version
            history(first: 20) {
              totalCount
              edges {
                node {
                  ...RecordChangeFields
                }
              }
            }
          }
        }
      }
    }
  }
`);

/** The interaction as the edit form starts from it: read afresh, content included (writers may read it). */
export const InteractionForEdit = graphql(`
  query InteractionForEdit($id: ID!) {
    interaction(id: $id) {
      id
      version
      summary
      content
      channel
      touchpoint
      direction
      occurredAt
      sentiment
    }
  }
`);

export const UpdateInteraction = graphql(`
  mutation UpdateInteraction($input: UpdateInteractionInput!) {
    updateInteraction(input: $input) {
      id
      version
      summary
      content
      channel
      touchpoint
      direction
      occurredAt
      sentiment
    }
  }
`);

export const DeleteInteraction = graphql(`
  mutation DeleteInteraction($input: DeleteInteractionInput!) {
    deleteInteraction(input: $input) {
      id
      recordId
      cascadedCount
    }
  }
`);

export const DeleteCustomer = graphql(`
  mutation DeleteCustomer($input: DeleteCustomerInput!) {
    deleteCustomer(input: $input) {
      id
      recordId
      cascadedCount
    }
  }
`);

export const UpdateAnnotation = graphql(`
  mutation UpdateAnnotation($input: UpdateAnnotationInput!) {
    updateAnnotation(input: $input) {
      id
      version
      body
    }
  }
`);

export const DeleteAnnotation = graphql(`
  mutation DeleteAnnotation($input: DeleteAnnotationInput!) {
    deleteAnnotation(input: $input) {
      id
      recordId
      cascadedCount
    }
  }
`);

/** Changes to the records of one customer, as they are committed (edits, deletions, restores, merges). */
export const CustomerRecordsLive = graphql(`
  subscription CustomerRecordsLive($customerId: ID!, $after: String) {
    recordChanged(customerId: $customerId, after: $after) {
      cursor
      kind
      at
      recordType
      recordId
      otherId
      actor {
        id
        name
      }
    }
  }
`);

/** Edits, deletions and restores of annotations (the insight page keeps those of its annotations). */
export const AnnotationsChanged = graphql(`
  subscription AnnotationsChanged($after: String) {
    recordChanged(recordTypes: [ANNOTATION], kinds: [EDITED, DELETED, RESTORED], after: $after) {
      cursor
      kind
      at
      recordId
      actor {
        id
        name
      }
    }
  }
`);

export const DuplicateCandidates = graphql(`
  query DuplicateCandidates($first: Int!, $after: String) {
    duplicateCandidates(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          reasons
          score
          customers {
            ...DuplicateSide
          }
        }
      }
    }
  }
`);

/** What a person needs to see to decide which of two records is the one to keep. */
export const DuplicateSideFields = graphql(`
  fragment DuplicateSide on Customer {
    id
    name
    kind
    email
    phone
    lifecycleStage
    createdAt
    externalId
    segment {
      id
      name
    }
    interactions(first: 0) {
      totalCount
    }
  }
`);

export const MergeCustomers = graphql(`
  mutation MergeCustomers($input: MergeCustomersInput!) {
    mergeCustomers(input: $input) {
      id
      name
    }
  }
`);

export const DismissDuplicate = graphql(`
  mutation DismissDuplicate($input: DismissDuplicateInput!) {
    dismissDuplicate(input: $input) {
      dismissedAt
    }
  }
`);

export const DeletedRecords = graphql(`
  query DeletedRecords($first: Int!, $after: String) {
    deletedRecords(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          recordType
          recordId
          label
          deletedAt
          restorableUntil
          reason
          cascadedCount
          by {
            id
            name
          }
        }
      }
    }
  }
`);

export const RestoreInteraction = graphql(`
  mutation RestoreInteraction($input: RestoreInteractionInput!) {
    restoreInteraction(input: $input) {
      id
      customer {
        id
        name
      }
    }
  }
`);

export const RestoreCustomer = graphql(`
  mutation RestoreCustomer($input: RestoreCustomerInput!) {
    restoreCustomer(input: $input) {
      id
      name
    }
  }
`);

export const RestoreNeed = graphql(`
  mutation RestoreNeed($input: RestoreNeedInput!) {
    restoreNeed(input: $input) {
      id
      title
    }
  }
`);

export const RestoreAnnotation = graphql(`
  mutation RestoreAnnotation($input: RestoreAnnotationInput!) {
    restoreAnnotation(input: $input) {
      id
      insight {
        id
        title
      }
    }
  }
`);
