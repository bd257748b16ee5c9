import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/**
 * Tests switch it off to compare every answer with graphql-js's own, and read how many operations
 * were compiled (test/integration/compiled-executor.test.ts).
 */
export const compiledExecution = { enabled: true, compilations: 0 };

/**
 * Runs each query as a function compiled for it by graphql-jit, instead of graphql-js walking
 * the document for every request. An operation is compiled the second time it is run and kept as
 * long as Apollo keeps its parsed document (its document cache), so a client sending the same
 * query again pays only for resolving it. Its first run is graphql-js's: compiling costs more than
 * it saves on one run (0.6 ms for the search, 2.5 ms for the customer 360 on this machine, about
 * what the whole request costs), so a document sent once, or a flood of distinct ones, does not pay
 * for it. Same resolvers, same answers: only the walk changes.
 *
 * Plugged in through Apollo Server's `gateway` option, the way Apollo documents for a custom
 * executor. Apollo still parses, validates and runs every plugin, and formats the errors; this only
 * executes. Where graphql-jit would answer differently from graphql-js, graphql-js answers:
 * variables are coerced by graphql-js first (so a bad variable is refused with the usual message,
 * and a 400), and an operation name that matches nothing is graphql-js's to refuse.
 */
export function compiledExecutor(schema: GraphQLSchema): GatewayInterface {
  // Per parsed document and operation name: null until its second run, then the compiled
  // operation (or null for good if graphql-jit could not compile it).
  const compiled = new WeakMap<DocumentNode, Map<string, { query: CompiledQuery | null; runs: 1 | 2 }>>();

  const compiledFor = (document: DocumentNode, operationName: string | null): CompiledQuery | null => {
    let byName = compiled.get(document);
    if (!byName) compiled.set(document, (byName = new Map()));
    const key = operationName ?? '';
    const entry = byName.get(key);
    if (!entry) {
      byName.set(key, { query: null, runs: 1 });
      return null;
    }
    if (entry.runs === 1) {
      entry.runs = 2;
      const result = compileQuery(schema, document, operationName ?? undefined);
      entry.query = isCompiledQuery(result) ? result : null;
      compiledExecution.compilations++;
    }
    return entry.query;
  };

  const executor: GatewayExecutor = async (request) => {
    const { document, operation, operationName, context } = request;
    const variables = request.request.variables ?? {};
    // The name the client asked for: when it matches no operation, Apollo's own `operationName` is null.
    const standard = () =>
      execute({ schema, document, operationName: request.request.operationName, contextValue: context, variableValues: variables });
    // Mutations are graphql-js's: graphql-jit went on to run the next root mutation after one failed
    // (the spec stops at a failed non-null root field), so a request answered `data: null` had
    // still erased a customer. Reads are what compiling is for; mutations gain nothing from it.
    if (!operation || operation.operation !== 'query' || !compiledExecution.enabled) return standard();
    const query = compiledFor(document, operationName);
    if (!query) return standard();
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
    if (coerced.errors) return { errors: coerced.errors };
    // graphql-jit is given graphql-js's coerced values: its own coercion leaves out the defaults
    // of required input fields (`content: String! = ""`) and refuses such an input. Coercing again
    // what is already coerced changes nothing: enum values are their names (a test checks every
    // enum), and the custom scalars (DateTimeISO, JSONObject) take their own parsed values back.
    const result = (await query.query(undefined, context, coerced.coerced)) as ExecutionResult;
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  };

  return {
    load: async () => ({ schema, executor }),
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    stop: async () => undefined,
  };
}

/**
 * graphql-jit's errors look like graphql-js's but lack what Apollo and the error formatter rely on
 * (`extensions` may be missing); they are rebuilt as graphql-js errors with the same message, path,
 * locations and original error.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const rebuilt = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions ?? undefined,
  });
  // graphql-js computes locations from AST nodes, which graphql-jit's errors no longer carry.
  return Object.assign(rebuilt, { locations: error.locations });
}
