import { refreshHealthSnapshots, withSnapshot } from '../analytics/health-snapshot';
import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../../graphql/access';
import { requireActor } from '../employee/actor';
import { badInput, conflict, DomainError, ErrorCode, notFound, sentence } from '../../common/errors';
import { missingIds, type Graph, type Tx } from '../../db/graph';
import type { EventRecorder } from '../../realtime/topics';
import { keep } from '../history/history.service';
import { changedFields, checkVersion, versionOf } from '../history/version';
import type { AssignAccountOwnerInput, CreateCustomerInput, UpdateCustomerInput } from './customer.inputs';
import * as repo from './customer.repository';
import {
  AN_ORGANIZATION,
  erasedCustomer,
  isAnOrganization,
  mayBeAMember,
  MEMBER_OF_ITSELF,
  ONLY_PERSONS_ARE_MEMBERS,
} from './customer.rules';
import type { Customer } from './customer.type';

/** Rules for creating and changing customers. Each method is one transaction. */
export class CustomerService {
  constructor(
    private readonly graph: Graph,
    private readonly events: EventRecorder,
  ) {}

  async create(input: CreateCustomerInput, user: AuthUser): Promise<Customer> {
    return this.graph.writeTx(async (tx) => {
      await requireActor(tx, user);
      if (input.organizationId && !mayBeAMember(input.kind)) throw onlyPersonsAreMembers();
      await this.checkLinks(tx, input.segmentId, input.organizationId, input.ownerIds, input.referredById);
      const id = randomUUID();
      const node = await repo.createCustomer(tx, id, {
        name: input.name.trim(),
        kind: input.kind,
        email: input.email ?? null,
        phone: input.phone ?? null,
        lifecycleStage: input.lifecycleStage,
        relationshipType: input.relationshipType,
        revenue: input.revenue,
        costToServe: input.costToServe,
        lifetimeValue: input.lifetimeValue,
        consentContact: input.consent?.contact ?? false,
        consentAnalytics: input.consent?.analytics ?? false,
      });
      if (input.segmentId) await repo.setSegment(tx, id, input.segmentId);
      if (input.organizationId) await repo.setOrganization(tx, id, input.organizationId);
      if (input.referredById) await repo.linkReferrer(tx, id, input.referredById);
      if (input.ownerIds.length) await repo.addOwners(tx, id, input.ownerIds);
      // Its health snapshot from the start (a customer never contacted has a health too, with consent).
      return withSnapshot(node as Customer, await refreshHealthSnapshots(tx, { customerIds: [id] }));
    }, 'createCustomer');
  }

  /**
   * Changes a customer's profile, if `expectedVersion` (when given) is still the current version.
   * What it replaced is kept in the customer's history and announced (`recordChanged`); the version
   * moves on when anything the history keeps changed.
   */
  async update(input: UpdateCustomerInput, user: AuthUser): Promise<Customer> {
    const { customer, kept } = await this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      // Write-locks the customer: what is read next is what this edit replaces.
      await assertCustomersWritable(tx, [input.id], 'id');
      if (!(await repo.findCustomer(tx, input.id))) throw notFound('customer', input.id);
      const found = await repo.customerForEdit(tx, input.id);
      if (!found) throw notFound('customer', input.id);
      const existing = found.customer;
      checkVersion('customer', versionOf(existing), input.expectedVersion);
      if (input.organizationId === input.id) throw badInput('organizationId', sentence(MEMBER_OF_ITSELF));
      if (input.organizationId && !mayBeAMember(existing.kind)) throw onlyPersonsAreMembers();
      await this.checkLinks(tx, input.segmentId ?? undefined, input.organizationId ?? undefined, [], undefined);
      const changes: Partial<repo.CustomerProps> = {};
      if (input.name != null) changes.name = input.name.trim();
      if (input.email !== undefined) changes.email = input.email;
      if (input.phone !== undefined) changes.phone = input.phone;
      if (input.lifecycleStage != null) changes.lifecycleStage = input.lifecycleStage;
      if (input.relationshipType != null) changes.relationshipType = input.relationshipType;
      if (input.revenue != null) changes.revenue = input.revenue;
      if (input.costToServe != null) changes.costToServe = input.costToServe;
      if (input.lifetimeValue != null) changes.lifetimeValue = input.lifetimeValue;
      if (input.consent?.contact != null) changes.consentContact = input.consent.contact;
      if (input.consent?.analytics != null) changes.consentAnalytics = input.consent.analytics;
      const consent = { contact: existing.consentContact === true, analytics: existing.consentAnalytics === true };
      const { before, after, fields } = changedFields(
        { ...existing, consent, segmentId: found.segmentId, organizationId: found.organizationId },
        {
          name: changes.name,
          email: changes.email,
          phone: changes.phone,
          lifecycleStage: changes.lifecycleStage,
          relationshipType: changes.relationshipType,
          revenue: changes.revenue,
          costToServe: changes.costToServe,
          lifetimeValue: changes.lifetimeValue,
          consent: input.consent
            ? { contact: changes.consentContact ?? consent.contact, analytics: changes.consentAnalytics ?? consent.analytics }
            : undefined,
          segmentId: input.segmentId,
          organizationId: input.organizationId,
        },
      );
      if (input.segmentId !== undefined) await repo.setSegment(tx, input.id, input.segmentId);
      if (input.organizationId !== undefined) await repo.setOrganization(tx, input.id, input.organizationId);
      let customer = (await repo.updateCustomer(tx, input.id, changes, fields.length > 0)) as Customer;
      // With consent given, the customer has a health score; withdrawn, none is kept.
      if (changes.consentAnalytics !== undefined) {
        customer = withSnapshot(customer, await refreshHealthSnapshots(tx, { customerIds: [input.id] }));
      }
      const kept = fields.length
        ? await keep(tx, this.events, [
            {
              recordType: 'Customer',
              recordId: input.id,
              kind: 'EDITED',
              actorId,
              before,
              after,
              version: versionOf(customer),
              customerIds: [input.id],
            },
          ])
        : [];
      return { customer, kept };
    }, 'updateCustomer');
    return customer;
  }

  async assignOwner(input: AssignAccountOwnerInput, user: AuthUser): Promise<Customer> {
    return this.graph.writeTx(async (tx) => {
      await requireActor(tx, user);
      await assertCustomersWritable(tx, [input.customerId], 'customerId');
      if (!(await repo.findCustomer(tx, input.customerId))) throw notFound('customer', input.customerId);
      if ((await missingIds(tx, 'Employee', [input.employeeId])).length) {
        throw badInput('employeeId', `No employee has the id '${input.employeeId}'.`);
      }
      await repo.addOwners(tx, input.customerId, [input.employeeId]);
      return (await repo.findCustomer(tx, input.customerId)) as Customer;
    }, 'assignAccountOwner');
  }

  async unassignOwner(input: AssignAccountOwnerInput, user: AuthUser): Promise<Customer> {
    return this.graph.writeTx(async (tx) => {
      await requireActor(tx, user);
      if (!(await repo.findCustomer(tx, input.customerId))) throw notFound('customer', input.customerId);
      if (!(await repo.removeOwner(tx, input.customerId, input.employeeId))) {
        throw badInput('employeeId', `Employee '${input.employeeId}' does not own this account.`);
      }
      return (await repo.findCustomer(tx, input.customerId)) as Customer;
    }, 'unassignAccountOwner');
  }

  /** Referenced ids must exist (an unknown one is `BAD_USER_INPUT` naming the field) and not be erased (`CONFLICT`). */
  private async checkLinks(
    tx: Tx,
    segmentId: string | undefined,
    organizationId: string | undefined,
    ownerIds: string[],
    referredById: string | undefined,
  ): Promise<void> {
    if (segmentId && (await missingIds(tx, 'Segment', [segmentId])).length) {
      throw badInput('segmentId', `No segment has the id '${segmentId}'.`);
    }
    if (organizationId && !isAnOrganization(await repo.customerKind(tx, organizationId))) {
      throw badInput('organizationId', `No organization (${AN_ORGANIZATION}) has the id '${organizationId}'.`);
    }
    if (referredById && (await missingIds(tx, 'Customer', [referredById])).length) {
      throw badInput('referredById', `No customer has the id '${referredById}'.`);
    }
    // Nothing more is recorded about an erased customer: no new member, no new referral.
    if (organizationId) await assertCustomersWritable(tx, [organizationId], 'organizationId');
    if (referredById) await assertCustomersWritable(tx, [referredById], 'referredById');
    const missingOwners = await missingIds(tx, 'Employee', ownerIds);
    if (missingOwners.length) {
      throw badInput('ownerIds', `No employee has the id ${missingOwners.map((m) => `'${m}'`).join(', ')}.`);
    }
  }
}

/** Membership of an organization is for its contact persons: an organization is never a member. */
function onlyPersonsAreMembers() {
  return badInput('organizationId', sentence(ONLY_PERSONS_ARE_MEMBERS));
}

/**
 * Whether knowledge may be recorded about these customers: nothing more is recorded about an
 * erased customer (a `CONFLICT`), a deleted one (BAD_USER_INPUT: an ADMIN may restore it), or one
 * merged into another (BAD_USER_INPUT naming the survivor, `mergedIntoId`). Every service that
 * links knowledge to customers calls this in its transaction, before it writes: it write-locks the
 * customers, so the write and an erasure, deletion or merge of any of them never interleave (see
 * {@link repo.lockCustomersForWrite}).
 */
export async function assertCustomersWritable(
  tx: Tx,
  customerIds: readonly string[],
  field: string | ((id: string) => string),
): Promise<void> {
  const locked = await repo.lockCustomersForWriteState(tx, customerIds);
  const erased = locked.filter((c) => c.erased).map((c) => c.id);
  const fieldOf = (id: string) => (typeof field === 'string' ? field : field(id));
  if (erased.length) {
    throw conflict(sentence(erasedCustomer(`customer '${erased[0]}'`)), {
      field: fieldOf(erased[0]),
    });
  }
  // Deleted while this write waited for the lock: as if it had not been found (an ADMIN can restore it).
  const deleted = locked.find((c) => c.deleted);
  if (deleted) {
    throw badInput(
      fieldOf(deleted.id),
      `Customer '${deleted.id}' has been deleted; nothing more can be recorded about them unless an ADMIN restores them.`,
    );
  }
  // Merged into another while this write waited, or before: the survivor is the customer now.
  const merged = locked.find((c) => c.mergedIntoId);
  if (merged) throw mergedCustomer(merged.id, merged.mergedIntoId!, fieldOf(merged.id));
}

/**
 * Write-locks the customer an interaction is with, as every write about that customer does, and
 * checks it as {@link assertCustomersWritable} does. A merge may move the interaction to the survivor while
 * this waits for the lock: the interaction's customer is read again under the lock until it stays
 * the same. Returns that customer's id (null: none), or undefined when no interaction has the id.
 */
export async function lockCustomerOfInteraction(tx: Tx, interactionId: string, field: string): Promise<string | null | undefined> {
  let customerId = await repo.customerOfInteraction(tx, interactionId);
  for (let round = 0; customerId; round++) {
    await repo.lockCustomersForWrite(tx, [customerId]);
    const now = await repo.customerOfInteraction(tx, interactionId);
    if (now === customerId || round === 3) break;
    customerId = now;
  }
  if (customerId) await assertCustomersWritable(tx, [customerId], field);
  return customerId;
}

/** BAD_USER_INPUT for a write naming a customer merged into another: which one to use instead (`mergedIntoId`). */
export function mergedCustomer(id: string, mergedIntoId: string, field: string): DomainError {
  return new DomainError(
    ErrorCode.BAD_USER_INPUT,
    `Customer '${id}' has been merged into customer '${mergedIntoId}'; write to that customer instead (reads of '${id}' find it too).`,
    { field, mergedIntoId },
  );
}
