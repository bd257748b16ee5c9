import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../../graphql/access';
import { requireActor } from '../employee/actor';
import { conflict, notFound } from '../../common/errors';
import type { Graph } from '../../db/graph';
import type { EventRecorder } from '../../realtime/topics';
import * as repo from './segment.repository';
import type { CreateSegmentInput, Segment, UpdateSegmentInput } from './segment.type';
import { keep } from '../history/history.service';
import { changedFields, checkVersion, lockVersioned, versionOf } from '../history/version';

/** Rules for segments: names are unique. */
export class SegmentService {
  constructor(
    private readonly graph: Graph,
    private readonly events: EventRecorder,
  ) {}

  async create(input: CreateSegmentInput, user: AuthUser): Promise<Segment> {
    return this.graph.writeTx(async (tx) => {
      await requireActor(tx, user);
      const name = input.name.trim();
      const segment = await repo.createSegment(tx, randomUUID(), name, input.description);
      if (!segment) throw conflict(`A segment named '${name}' already exists.`, { field: 'name' });
      return segment as Segment;
    }, 'createSegment');
  }

  /**
   * Renames or re-describes a segment, if `expectedVersion` is still the current version; a name
   * another segment has is a `CONFLICT`. What it replaced is kept in its history and announced.
   */
  async update(input: UpdateSegmentInput, user: AuthUser): Promise<Segment> {
    const { segment, kept } = await this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      const current = await lockVersioned(tx, 'Segment', input.id);
      if (!current) throw notFound('segment', input.id);
      checkVersion('segment', versionOf(current), input.expectedVersion);
      const name = input.name?.trim();
      const { before, after, fields } = changedFields(current, { name, description: input.description ?? undefined });
      if (fields.length === 0) return { segment: current as Segment, kept: [] };
      if (after.name !== undefined && (await repo.segmentNameTaken(tx, after.name as string, input.id))) {
        throw conflict(`A segment named '${after.name}' already exists; choose another name.`, { field: 'name' });
      }
      const segment = await repo.editSegment(tx, input.id, after as { name?: string; description?: string });
      const kept = await keep(tx, this.events, [
        { recordType: 'Segment', recordId: input.id, kind: 'EDITED', actorId, before, after, version: versionOf(segment) },
      ]);
      return { segment: segment as Segment, kept };
    }, 'updateSegment');
    return segment;
  }
}
