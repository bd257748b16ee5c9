import type { ApolloServerPlugin } from '@apollo/server';
import { getArgumentValues, Kind, type FieldNode, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { Graph } from '../db/graph';
import { appendAudit, type AuditRecord } from '../modules/audit/audit.repository';
import type { Context } from './context';

/**
 * The target of a mutation is the id its input names (these fields, in this order); when it names
 * none (a creation), the id of what it created.
 */
const TARGET_FIELDS = ['id', 'insightId', 'targetId', 'needId', 'customerId', 'interactionId'] as const;

function targetFromArgs(args: Record<string, unknown>): string | null {
  const input = (args.input ?? args) as Record<string, unknown>;
  for (const f of TARGET_FIELDS) if (typeof input?.[f] === 'string') return (input[f] as string).slice(0, 100);
  return null;
}

function targetFromResult(value: unknown): string | null {
  const id = value && typeof value === 'object' ? (value as Record<string, unknown>).id : null;
  return typeof id === 'string' ? id : null;
}

/**
 * The audit trail: after every mutation operation over HTTP, one `(:AuditEntry)` per root field
 * with the actor, the action, the target id, the time and the outcome (the error code when it
 * failed), written before the response leaves. Input values are never kept.
 */
export function auditPlugin(graph: Graph, schema: GraphQLSchema, logger: Logger): ApolloServerPlugin<Context> {
  const mutationType = schema.getMutationType();
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, contextValue, request, response }) {
          if (operation?.operation !== 'mutation' || !mutationType || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const records: AuditRecord[] = [];
          for (const selection of operation.selectionSet.selections) {
            if (selection.kind !== Kind.FIELD) continue;
            const field = selection as FieldNode;
            const responseKey = field.alias?.value ?? field.name.value;
            const def = mutationType.getFields()[field.name.value];
            if (!def) continue;
            const error = result.errors?.find((e) => e.path?.[0] === responseKey);
            let args: Record<string, unknown> = {};
            try {
              args = getArgumentValues(def, field, request.variables ?? {});
            } catch {
              /* arguments that did not coerce: no target */
            }
            const data = (result.data as Record<string, unknown> | null | undefined)?.[responseKey];
            records.push({
              actorId: contextValue.user?.employeeId ?? null,
              action: field.name.value,
              targetId: targetFromArgs(args) ?? targetFromResult(data),
              outcome: error ? 'FAILED' : 'SUCCEEDED',
              code: error ? String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') : null,
            });
          }
          try {
            await appendAudit(graph, records);
          } catch (e) {
            logger.error({ err: e, records }, 'could not write the audit trail');
          }
        },
      };
    },
  };
}
