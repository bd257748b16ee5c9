import { graphql } from '../../gql';

/**
 * The customer 360's edits. Each mutation's answer selects what the page shows of the records it
 * changed (the customer's profile, owners and held needs; the need's status), so that Apollo's
 * normalised cache updates the page in place, without reading the customer again.
 */

/** What the profile form offers: the segments, and the organizations a contact person may belong to. */
export const ProfileOptions = graphql(`
  query CustomerProfileOptions {
    segments(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
    customers(filter: { kinds: [ORGANIZATION] }, first: 100, orderBy: { field: NAME, direction: ASC }) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

/** The customer's profile, value and health: what the 360's head shows, read by the page and answered by a profile edit. */
export const CustomerProfileFields = graphql(`
  fragment CustomerProfile on Customer {
    version
    name
    kind
    lifecycleStage
    relationshipType
    consent {
      analytics
      contact
    }
    segment {
      id
      name
    }
    organization {
      id
      name
    }
    revenue
    costToServe
    profitability
    lifetimeValue
    valueQuadrant
    healthStatus
    health {
      score
      asOf
      components {
        name
        description
        score
        weight
        points
      }
    }
  }
`);

export const UpdateCustomerProfile = graphql(`
  mutation UpdateCustomerProfile($input: UpdateCustomerInput!) {
    updateCustomer(input: $input) {
      id
      ...CustomerProfile
      email
      phone
    }
  }
`);

/** The employees who may own an account, by name. */
export const OwnerOptions = graphql(`
  query CustomerOwnerOptions {
    employees(first: 100, orderBy: { field: NAME, direction: ASC }) {
      edges {
        node {
          id
          name
          team
        }
      }
    }
  }
`);

export const AssignOwner = graphql(`
  mutation AssignCustomerOwner($input: AssignAccountOwnerInput!) {
    assignAccountOwner(input: $input) {
      id
      version
      owners {
        id
        name
        team
      }
    }
  }
`);

export const UnassignOwner = graphql(`
  mutation UnassignCustomerOwner($input: UnassignAccountOwnerInput!) {
    unassignAccountOwner(input: $input) {
      id
      version
      owners {
        id
        name
        team
      }
    }
  }
`);

/** The needs a customer may be linked to, by title. */
export const NeedOptions = graphql(`
  query CustomerNeedOptions {
    needs(first: 100, orderBy: { field: TITLE, direction: ASC }) {
      edges {
        node {
          id
          title
          status
        }
      }
    }
  }
`);

export const LinkNeedToCustomer = graphql(`
  mutation LinkNeedToCustomer($input: LinkNeedInput!) {
    linkNeed(input: $input) {
      id
      version
      title
      kind
      status
      priority
      customerCount
    }
  }
`);

export const UnlinkNeedFromCustomer = graphql(`
  mutation UnlinkNeedFromCustomer($input: UnlinkNeedInput!) {
    unlinkNeed(input: $input) {
      id
      version
      needCount
      heldNeeds {
        intensity
        since
        need {
          id
          version
          title
          kind
          status
          priority
        }
      }
    }
  }
`);

export const ChangeNeedStatus = graphql(`
  mutation ChangeNeedStatus($input: UpdateNeedInput!) {
    updateNeed(input: $input) {
      id
      version
      title
      kind
      status
      priority
      updatedAt
    }
  }
`);
