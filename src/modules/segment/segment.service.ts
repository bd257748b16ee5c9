import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../../server/auth';
import { requireActor } from '../employee/actor';
import { conflict } from '../../common/errors';
import type { Graph } from '../../db/graph';
import * as repo from './segment.repository';
import type { CreateSegmentInput, Segment } from './segment.type';

/** Rules for segments: names are unique. */
export class SegmentService {
  constructor(private readonly graph: Graph) {}

  async create(input: CreateSegmentInput, user: AuthUser): Promise<Segment> {
    return this.graph.writeTx(async (tx) => {
      await requireActor(tx, user);
      const name = input.name.trim();
      const segment = await repo.createSegment(tx, randomUUID(), name, input.description);
      if (!segment) throw conflict(`A segment named '${name}' already exists.`, { field: 'name' });
      return segment as Segment;
    }, 'createSegment');
  }
}
