import { badInput, conflict, notFound } from '../../common/errors';
import type { Graph, Tx } from '../../db/graph';
import type { EventRecorder } from '../../realtime/topics';
import type { AuthUser } from '../../graphql/access';
import { assertCustomersWritable } from '../customer/customer.service';
import { requireActor } from '../employee/actor';
import { keep, type KeptChange } from '../history/history.service';
import { checkVersion, lockVersioned, versionOf } from '../history/version';
import * as repo from './topic.repository';
import { findTaggable, normalizeTopics, tagNode, type TaggableLabel } from './topic.repository';
import type { Topic, UpdateTopicInput } from './topic.type';

/** Tagging interactions, needs and insights with topics of the shared taxonomy. */
export class TopicService {
  constructor(
    private readonly graph: Graph,
    private readonly events: EventRecorder,
  ) {}

  /**
   * Adds topics to the target; returns the target, marked with its label for the union. An
   * interaction or need that gains a topic moves its version on and keeps it in its history (LINKED).
   */
  async tag(targetId: string, topics: string[], user: AuthUser): Promise<Record<string, unknown>> {
    const { target, kept } = await this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      const found = await findTaggable(tx, targetId);
      if (!found) throw notFound('interaction, need or insight', targetId);
      // An archived insight is final, as for its evidence.
      if (found.label === 'Insight' && found.node.status === 'ARCHIVED') {
        throw conflict('Topics cannot be added to an ARCHIVED insight.', { status: 'ARCHIVED' });
      }
      const names = normalizeTopics(topics);
      const before = await repo.topicNamesOf(tx, found.label, targetId);
      await tagNode(tx, found.label, targetId, names);
      const after = [...new Set([...before, ...names])].sort();
      return this.recorded(tx, found.label, found.node, targetId, 'LINKED', actorId, before, after);
    }, 'tag');
    return target;
  }

  /**
   * Takes topics off the target (each must be one it carries, else `BAD_USER_INPUT`); returns the
   * target, marked with its label for the union. An interaction or need moves its version on and
   * keeps the change in its history (UNLINKED); an insight's topics just change (insights keep
   * versions of their content only). Not on an ARCHIVED insight, nor an interaction or need
   * of an erased customer.
   */
  async untag(targetId: string, topics: string[], user: AuthUser): Promise<Record<string, unknown>> {
    const { target, kept } = await this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      const found = await findTaggable(tx, targetId);
      if (!found) throw notFound('interaction, need or insight', targetId);
      if (found.label === 'Insight' && found.node.status === 'ARCHIVED') {
        throw conflict('Topics cannot be taken off an ARCHIVED insight.', { status: 'ARCHIVED' });
      }
      await assertCustomersWritable(tx, await repo.customersOfTaggable(tx, found.label, targetId), 'id');
      const names = normalizeTopics(topics);
      const before = await repo.topicNamesOf(tx, found.label, targetId);
      const missing = names.filter((n) => !before.includes(n));
      if (missing.length) {
        throw badInput(
          'topics',
          `It does not carry the topic ${missing.map((n) => `'${n}'`).join(', ')}; it carries ${before.length ? before.map((n) => `'${n}'`).join(', ') : 'none'}.`,
        );
      }
      await repo.untagNode(tx, found.label, targetId, names);
      const after = before.filter((n) => !names.includes(n));
      return this.recorded(tx, found.label, found.node, targetId, 'UNLINKED', actorId, before, after);
    }, 'untag');
    return target;
  }

  /**
   * For an interaction or need whose topics changed: moves its version on and keeps the change in
   * its history. Returns the target as it now is, marked with its label, and what was kept.
   */
  private async recorded(
    tx: Tx,
    label: TaggableLabel,
    node: Record<string, unknown>,
    id: string,
    kind: 'LINKED' | 'UNLINKED',
    actorId: string,
    before: string[],
    after: string[],
  ): Promise<{ target: Record<string, unknown>; kept: KeptChange[] }> {
    if (label === 'Insight' || before.join('\n') === after.join('\n')) return { target: { ...node, __label: label }, kept: [] };
    const current = await lockVersioned(tx, label, id);
    const version = versionOf(current) + 1;
    await tx.run(`MATCH (x:${label} {id: $id}) SET x.version = $version`, { id, version });
    const kept = await keep(tx, this.events, [
      {
        recordType: label,
        recordId: id,
        kind,
        actorId,
        before: { topics: before },
        after: { topics: after },
        version,
        customerIds: await repo.customersOfTaggable(tx, label, id),
      },
    ]);
    return { target: { ...current, version, __label: label }, kept };
  }

  /**
   * Renames a topic (stored trimmed and in lower case, as every topic name), if `expectedVersion`
   * is still the current version; a name another topic has is a `CONFLICT`. Everything tagged with
   * it keeps it. What it replaced is kept in its history and announced.
   */
  async update(input: UpdateTopicInput, user: AuthUser): Promise<Topic> {
    const { topic, kept } = await this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      const current = await lockVersioned(tx, 'Topic', input.id);
      if (!current) throw notFound('topic', input.id);
      checkVersion('topic', versionOf(current), input.expectedVersion);
      const name = normalizeTopics([input.name])[0];
      if (name === current.name) return { topic: current as Topic, kept: [] };
      if (await repo.topicNameTaken(tx, name, input.id)) {
        throw conflict(`A topic named '${name}' already exists; choose another name, or tag with that topic instead.`, { field: 'name' });
      }
      const topic = await repo.renameTopic(tx, input.id, name);
      const kept = await keep(tx, this.events, [
        {
          recordType: 'Topic',
          recordId: input.id,
          kind: 'EDITED',
          actorId,
          before: { name: current.name },
          after: { name },
          version: versionOf(topic),
        },
      ]);
      return { topic: topic as Topic, kept };
    }, 'updateTopic');
    return topic;
  }
}
