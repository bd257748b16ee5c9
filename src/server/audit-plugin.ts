import type { ApolloServerPlugin } from '@apollo/server';
import { getArgumentValues, getOperationAST, type DocumentNode, type GraphQLObjectType, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Logger } from 'pino';
import type { Graph } from '../db/graph';
import { appendAudit, type AuditRecord } from '../modules/audit/audit.repository';
import type { Context } from './context';
import { parseWithLimits } from './limits';
import { rootFields } from './root-fields';

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

type ResultError = { path?: readonly (string | number)[]; extensions?: Record<string, unknown> };

/**
 * One audit record per root field the mutation ran (see {@link rootFields}: fragments followed,
 * `@skip` / `@include` applied). A field FAILED when the request failed before execution (an
 * error without a path: variables that do not coerce, a mutation over GET, a refused sign-in) or
 * when its own resolver failed (an error at its response key); an error deeper down, in the
 * selection of what it returns, comes after the mutation committed, so it SUCCEEDED.
 */
export function auditRecords(
  mutationType: GraphQLObjectType,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  result: { errors?: readonly ResultError[]; data?: Record<string, unknown> | null },
  actorId: string | null,
): AuditRecord[] {
  const requestError = result.errors?.find((e) => !e.path?.length);
  const records: AuditRecord[] = [];
  for (const [responseKey, field] of rootFields(document, operation, variables)) {
    const def = mutationType.getFields()[field.name.value];
    if (!def) continue;
    const error = requestError ?? result.errors?.find((e) => e.path?.length === 1 && e.path[0] === responseKey);
    let args: Record<string, unknown> = {};
    try {
      args = getArgumentValues(def, field, variables);
    } catch {
      /* arguments that did not coerce: no target */
    }
    records.push({
      actorId,
      action: field.name.value,
      targetId: targetFromArgs(args) ?? targetFromResult(result.data?.[responseKey]),
      outcome: error ? 'FAILED' : 'SUCCEEDED',
      code: error ? String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') : null,
    });
  }
  return records;
}

/**
 * The audit trail: after every mutation operation over HTTP, one `(:AuditEntry)` per root field
 * with the actor, the action, the target id, the time and the outcome (the error code when it
 * failed), written before the response leaves. Input values are never kept. A mutation refused
 * before the pipeline starts (its sign-in failed) is recorded by {@link auditRefusedMutation}.
 */
export function auditPlugin(graph: Graph, schema: GraphQLSchema, logger: Logger): ApolloServerPlugin<Context> {
  const mutationType = schema.getMutationType();
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, document, contextValue, request, response }) {
          if (operation?.operation !== 'mutation' || !document || !mutationType || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const records = auditRecords(mutationType, document, operation, request.variables ?? {}, {
            errors: result.errors,
            data: result.data as Record<string, unknown> | null | undefined,
          }, contextValue.user?.employeeId ?? null);
          await write(graph, logger, records);
        },
      };
    },
  };
}

/**
 * Records a request refused before Apollo's pipeline started (its token was not valid: the
 * context could not be built), when it asked for a mutation: FAILED with the refusal's code and
 * the caller as far as known. Requests refused for the rate limit are not recorded: they are
 * counted in the metrics, and recording them would let a flood of requests write without bound.
 */
export async function auditRefusedMutation(
  graph: Graph,
  schema: GraphQLSchema,
  logger: Logger,
  body: unknown,
  code: string,
  actorId: string | null,
): Promise<void> {
  const mutationType = schema.getMutationType();
  const { query, operationName, variables } = (body ?? {}) as { query?: unknown; operationName?: unknown; variables?: unknown };
  if (!mutationType || typeof query !== 'string') return;
  let document: DocumentNode;
  try {
    document = parseWithLimits(query);
  } catch {
    return; // not a document: no operation to record
  }
  const operation = getOperationAST(document, typeof operationName === 'string' ? operationName : undefined);
  if (operation?.operation !== 'mutation') return;
  const given = variables && typeof variables === 'object' && !Array.isArray(variables) ? (variables as Record<string, unknown>) : {};
  await write(graph, logger, auditRecords(mutationType, document, operation, given, { errors: [{ extensions: { code } }] }, actorId));
}

async function write(graph: Graph, logger: Logger, records: AuditRecord[]): Promise<void> {
  try {
    await appendAudit(graph, records);
  } catch (e) {
    logger.error({ err: e, records }, 'could not write the audit trail');
  }
}
