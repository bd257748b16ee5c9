import type { ApolloServerPlugin } from '@apollo/server';
import {
  defaultFieldResolver,
  getArgumentValues,
  getOperationAST,
  GraphQLError,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Logger } from 'pino';
import { getMetadataStorage } from 'type-graphql';
import { DomainError, ErrorCode } from '../common/errors';
import type { Graph } from '../db/graph';
import { ANONYMOUS_AUDIT_BUDGET, appendAudit, type AuditRecord } from '../modules/audit/audit.repository';
import { authChecker, type AccessRole } from '../graphql/access';
import type { Context } from '../graphql/context';
import { createFormatError } from './format-error';
import { parseWithLimits } from './limits';
import { rootFields } from './root-fields';

/**
 * The audit trail of mutations over HTTP: one `(:AuditEntry)` per root mutation field that ran,
 * with its true outcome, recorded where it runs (see {@link instrumentMutationFields}), and one
 * entry per request refused before any of its mutations ran. Input values are never kept.
 *
 * - A field that ran: `SUCCEEDED` when its resolver returned (its transaction committed; an error
 *   further down, in the selection of what it returns, changes nothing), `FAILED` with the code
 *   the caller got when it threw after its role check let it through (a rule such as four eyes, a
 *   stale version, a missing target, invalid input), `REFUSED` with the code when its role check
 *   (`@Authorized`) refused it. A field the executor never reached (after a refused or failed
 *   field whose type is non-null, the rest of a mutation does not run) or that `@skip` /
 *   `@include` left out is not recorded.
 * - A request refused before it ran (a token that is not valid, a document that does not validate
 *   or is over a limit, variables that do not fit, a mutation over GET), or sent without a token
 *   (every mutation needs one): ONE entry, `REFUSED` with the code, its `action` the mutations it
 *   asked for, comma-separated, its target the one its only mutation names (none when it asked for
 *   several).
 * - Without a valid identity, a caller cannot grow the trail without bound: such entries are kept
 *   up to {@link ANONYMOUS_AUDIT_BUDGET} (per client address and in all, per window, per server
 *   process); the rest are only counted in `/metrics` (`rapport_audit_refusals_unrecorded_total`).
 *   A signed-in caller's entries are all kept: they are accountable, and rate-limited.
 */
export interface AuditTrail {
  plugin: ApolloServerPlugin<Context>;
  /**
   * Records a request refused before Apollo's pipeline started (its token was not valid, or its
   * document is not trusted: the context could not be built), when it asked for a mutation; with
   * the caller when it is known (a signed-in caller's untrusted document).
   */
  refusedBeforePipeline(body: unknown, code: string, clientAddress: string | undefined, actorId?: string | null): Promise<void>;
}

/** The longest target id kept (an id given in the input may be anything). */
const MAX_TARGET_LENGTH = 100;

/**
 * The target of a mutation is the id its input names (these fields, in this order); when it names
 * none (a creation), the id of what it created.
 */
const TARGET_FIELDS = ['id', 'insightId', 'targetId', 'mergedId', 'needId', 'customerId', 'interactionId', 'employeeId'] as const;

function targetFromArgs(args: Record<string, unknown>): string | null {
  const input = (args.input ?? args) as Record<string, unknown>;
  for (const f of TARGET_FIELDS) if (typeof input?.[f] === 'string') return (input[f] as string).slice(0, MAX_TARGET_LENGTH);
  return null;
}

/** Whether the mutation was asked as a dry run (`input.dryRun: true`): it changes nothing. */
const isDryRun = (args: Record<string, unknown>) => (args.input as { dryRun?: unknown } | undefined)?.dryRun === true;

/** The id of what a creation created: its result's, or that of the one record its payload holds (`{ webhook, secret }`). */
function targetFromResult(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const result = value as Record<string, unknown>;
  if (typeof result.id === 'string') return result.id.slice(0, MAX_TARGET_LENGTH);
  const records = Object.values(result).filter(
    (v): v is { id: string } => !!v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string',
  );
  return records.length === 1 ? records[0].id.slice(0, MAX_TARGET_LENGTH) : null;
}

/** The code a client receives for an error a resolver threw: the same mapping as the error formatter's. */
const formatForCode = createFormatError(() => undefined);
function codeOf(error: unknown): string {
  const extensions = error instanceof GraphQLError ? error.extensions : undefined;
  return String(formatForCode({ message: '', extensions }, error).extensions?.code ?? 'INTERNAL_SERVER_ERROR');
}

/** The records of the root mutation fields that ran, per request (keyed by the request's context). */
const fieldRecords = new WeakMap<object, AuditRecord[]>();
/** Where the context's request came from (see {@link withClientAddress}); a symbol survives Apollo's copy of the context. */
const CLIENT_ADDRESS = Symbol('rapport.clientAddress');

/** Marks a request's context with the client's address, which the anonymous budget counts by. */
export function withClientAddress<T extends object>(context: T, address: string | undefined): T {
  return Object.assign(context, { [CLIENT_ADDRESS]: address ?? 'unknown' });
}
const clientAddressOf = (context: object) => ((context as Record<symbol, unknown>)[CLIENT_ADDRESS] as string | undefined) ?? 'unknown';

const instrumented = new WeakSet<object>();

/**
 * Wraps the resolver of every root mutation field (once per field; the schema is built once per
 * process) so that each one records, as it ends, whether it ran and how: the only reliable
 * witness of what the executor did, whichever executor runs it (graphql-js or the compiled one,
 * which both call these resolvers). Fields of other types are left alone. Outside an audited
 * request (the WebSocket, which refuses mutations) the wrapper only passes the call on.
 */
export function instrumentMutationFields(schema: GraphQLSchema): void {
  const mutationType = schema.getMutationType();
  if (!mutationType) return;
  const roles = new Map(getMetadataStorage().mutations.flatMap((m) => (m.roles ? [[m.schemaName, m.roles as AccessRole[]] as const] : [])));
  for (const field of Object.values(mutationType.getFields())) {
    if (instrumented.has(field)) continue;
    instrumented.add(field);
    const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
    const required = roles.get(field.name);
    field.resolve = function audited(source, args, context: Context, info) {
      const records = context ? fieldRecords.get(context) : undefined;
      if (!records) return resolve.call(this, source, args, context, info);
      const record = (outcome: AuditRecord['outcome'], error: unknown, result: unknown) =>
        records.push({
          actorId: context.user?.employeeId ?? null,
          // A dry run changes nothing: its entry says so, so that nobody reads it as the erasure itself.
          action: isDryRun(args) ? `${field.name}:dryRun` : field.name,
          targetId: targetFromArgs(args) ?? targetFromResult(result),
          outcome,
          code: outcome === 'SUCCEEDED' ? null : codeOf(error),
          at: new Date().toISOString(),
        });
      // The role check (type-graphql's @Authorized) runs first in the resolver: asked again for a
      // failure, it tells a refusal by the role check from a failure of what ran after it.
      const failed = (error: unknown) =>
        record(refusedByRoleCheck(mutationType, field.name, context, required, error) ? 'REFUSED' : 'FAILED', error, null);
      let result: unknown;
      try {
        result = resolve.call(this, source, args, context, info);
      } catch (error) {
        failed(error);
        throw error;
      }
      if (isThenable(result)) {
        return result.then(
          (value) => {
            record('SUCCEEDED', null, value);
            return value;
          },
          (error) => {
            failed(error);
            throw error;
          },
        );
      }
      record('SUCCEEDED', null, result);
      return result;
    };
  }
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/**
 * Whether a root mutation field that threw `error` was refused by its role check: the field asks
 * for roles, the error is an UNAUTHENTICATED or FORBIDDEN refusal, and the same check (the one
 * type-graphql runs, {@link authChecker}) refuses this caller.
 */
function refusedByRoleCheck(
  mutationType: GraphQLObjectType,
  fieldName: string,
  context: Context,
  roles: AccessRole[] | undefined,
  error: unknown,
): boolean {
  if (!roles || !(error instanceof DomainError) || (error.code !== ErrorCode.UNAUTHENTICATED && error.code !== ErrorCode.FORBIDDEN))
    return false;
  try {
    const info = { parentType: mutationType, fieldName } as GraphQLResolveInfo;
    return authChecker({ context, info, root: undefined, args: {} }, roles) === false;
  } catch (e) {
    return e instanceof DomainError;
  }
}

/**
 * The one entry of a request refused as a whole: the mutations it asked for (as the executor
 * would collect them), or null when it asked for none of the schema's mutations.
 */
function refusedRequestRecord(
  mutationType: GraphQLObjectType,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  code: string,
  actorId: string | null,
): AuditRecord | null {
  const fields = [...rootFields(document, operation, variables).values()].filter((f) => mutationType.getFields()[f.name.value]);
  if (!fields.length) return null;
  let targetId: string | null = null;
  if (fields.length === 1) {
    try {
      targetId = targetFromArgs(getArgumentValues(mutationType.getFields()[fields[0].name.value], fields[0], variables));
    } catch {
      /* arguments that do not coerce: no target */
    }
  }
  return {
    actorId,
    action: [...new Set(fields.map((f) => f.name.value))].join(','),
    targetId,
    outcome: 'REFUSED',
    code,
    at: new Date().toISOString(),
  };
}

/** Counts, per client address and in all, the entries of callers without a valid identity in the current window. */
function anonymousBudget() {
  let windowStart = 0;
  let total = 0;
  const byAddress = new Map<string, number>();
  return (address: string, now = Date.now()): boolean => {
    if (now - windowStart >= ANONYMOUS_AUDIT_BUDGET.windowMs) {
      windowStart = now;
      total = 0;
      byAddress.clear();
    }
    if (total >= ANONYMOUS_AUDIT_BUDGET.total) return false;
    const used = byAddress.get(address) ?? 0;
    if (used >= ANONYMOUS_AUDIT_BUDGET.perAddress) return false;
    byAddress.set(address, used + 1);
    total++;
    return true;
  };
}

export function createAuditTrail(
  graph: Graph,
  schema: GraphQLSchema,
  logger: Logger,
  metrics: { countUnrecordedRefusal(code: string): void },
): AuditTrail {
  instrumentMutationFields(schema);
  const mutationType = schema.getMutationType();
  const withinBudget = anonymousBudget();

  const write = async (records: AuditRecord[], clientAddress: string) => {
    const kept = records.filter((r) => {
      if (r.actorId !== null || withinBudget(clientAddress)) return true;
      metrics.countUnrecordedRefusal(r.code ?? 'NONE');
      return false;
    });
    try {
      await appendAudit(graph, kept);
    } catch (e) {
      logger.error({ err: e, records: kept }, 'could not write the audit trail');
    }
  };

  const plugin: ApolloServerPlugin<Context> = {
    async requestDidStart({ contextValue }) {
      const ran: AuditRecord[] = [];
      fieldRecords.set(contextValue, ran);
      return {
        async willSendResponse({ document, operation, contextValue: context, request, response }) {
          fieldRecords.delete(context);
          if (!mutationType || !document) return; // not even a document: nothing says it was a mutation
          const actorId = context.user?.employeeId ?? null;
          const address = clientAddressOf(context);
          // Without a token every mutation is refused by its role check: the request is one refusal.
          if (ran.length && !(actorId === null && ran.every((r) => r.outcome === 'REFUSED'))) return write(ran, address);
          const resolved = operation ?? getOperationAST(document, request.operationName) ?? undefined;
          if (resolved?.operation !== 'mutation') return;
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const code = ran[0]?.code ?? errors?.find((e) => !e.path?.length)?.extensions?.code ?? errors?.[0]?.extensions?.code;
          if (code === undefined) return; // nothing ran and nothing was refused (every field skipped)
          const record = refusedRequestRecord(mutationType, document, resolved, request.variables ?? {}, String(code), actorId);
          if (record) await write([record], address);
        },
      };
    },
  };

  return {
    plugin,
    async refusedBeforePipeline(body, code, clientAddress, actorId = null) {
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
      const record = refusedRequestRecord(mutationType, document, operation, given, code, actorId);
      if (record) await write([record], clientAddress ?? 'unknown');
    },
  };
}
