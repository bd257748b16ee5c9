import { ApolloArmor } from '@escape.tech/graphql-armor';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  parse,
  GraphQLError,
  isListType,
  isNonNullType,
  type DocumentNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  type ValidationRule,
  visit,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../common/connection';

/**
 * Limits on one operation, the same over HTTP and WebSocket. Sized for real front ends: the
 * customer 360 page is about depth 7 and cost 5,000; a page of 50 customers with five nested
 * interactions each about 4,000.
 */
export const LIMITS = Object.freeze({
  /** Nesting of fields (fragments flattened). */
  maxDepth: 12,
  /** Aliases in one operation. */
  maxAliases: 15,
  /** Directives in one operation. */
  maxDirectives: 10,
  /** Lexical tokens in one document. */
  maxTokens: 3000,
  /**
   * Estimated cost: 1 per field; a connection multiplies what it contains by its page size
   * (`first`, default 20), and so does a plain list that takes `first` (an insight's `history`,
   * `similarCustomers`); another plain list (topics, owners) by 5; an analytic adds its price from
   * {@link ANALYTIC_FIELD_COSTS} (its measured Neo4j time). A page of 50 customers with their
   * default pages of insights and of each insight's annotations costs about 110,000.
   */
  maxCost: 200_000,
  /**
   * Nesting of lists and objects in one variable's value. No input of the schema nests deeper than
   * a few levels; a value nested thousands deep overflowed the stack of the first recursive walk
   * over it (JSON.stringify of the cost check's memo key) and was answered with a 500.
   */
  maxVariableDepth: 32,
});

const LIMIT_CODE = 'GRAPHQL_VALIDATION_FAILED';
const limitError = (message: string, extra: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code: LIMIT_CODE, ...extra, http: { status: 400 } } });

/** Apollo's side: graphql-armor's plugins and rules (cost is ours, page-size aware). */
export function armorForApollo(hideFieldSuggestions: boolean) {
  return new ApolloArmor({
    costLimit: { enabled: false },
    maxDepth: { n: LIMITS.maxDepth, flattenFragments: true },
    maxAliases: { n: LIMITS.maxAliases },
    maxDirectives: { n: LIMITS.maxDirectives },
    // Tokens are limited by graphql-js' own parser option (see parseOptions), which Apollo reports
    // as a parse failure (400); armor's token plugin would turn every early error into a 500.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: hideFieldSuggestions },
  }).protect();
}

/** The WebSocket side: the same limits as validation rules, and a token-limited parse. */
export const armorValidationRules: ValidationRule[] = [
  maxDepthRule({ n: LIMITS.maxDepth, flattenFragments: true }),
  maxAliasesRule({ n: LIMITS.maxAliases }),
  maxDirectivesRule({ n: LIMITS.maxDirectives }),
];

/** graphql-js parse options: a document of more than {@link LIMITS.maxTokens} tokens is refused. */
export const parseOptions = { maxTokens: LIMITS.maxTokens };

/** Parses a document with {@link parseOptions}. */
export function parseWithLimits(query: string): DocumentNode {
  return parse(query, parseOptions);
}

/**
 * What the analytics cost, in cost units per item on top of the 1 every field costs: per customer
 * for the fields of Customer (a page of 100 customers asking for `health` pays 100 times its
 * price), per call for the queries. Measured, not guessed: `npm run bench:analytics` (or
 * `BENCH_ONLY=costs npm run bench:analytics`, a few minutes) times each one's Neo4j statements on
 * the generated `10k` data set and fails when a price is out of line with the time it measures
 * (see bench/analytics-cost.ts). The prices follow the measured times at about
 * {@link COST_UNITS_PER_MS} units per millisecond of Neo4j time, cold (without the analytics
 * cache), so that {@link LIMITS.maxCost} lets one request ask for about two seconds of it:
 * a page of 100 customers with all six per-customer analytics costs about 444,000 and is refused;
 * the workbench's customer 360, its page of 20 customers with their health and its dashboards stay
 * well under the limit.
 */
export const ANALYTIC_FIELD_COSTS: Readonly<Record<string, number>> = Object.freeze({
  'Customer.health': 15,
  'Customer.knownBy': 55,
  'Customer.similarCustomers': 1_700,
  'Customer.recommendedInsights': 2_600,
  'Customer.experienceGap': 9,
  'Customer.valueQuadrant': 24,
  'Query.needTrends': 29_000,
  'Query.expertsOn': 400,
  'Query.atRiskCustomers': 4_300,
  'Query.portfolio': 7_100,
  'Query.experienceByTouchpoint': 20_000,
  'Query.search': 800,
});

/** The scale of {@link ANALYTIC_FIELD_COSTS}: cost units per millisecond of measured Neo4j time. */
export const COST_UNITS_PER_MS = 100;

/** Prices an analytic field: its price from the table, plus what it holds (as the estimators below count it). */
const analyticsEstimator: ComplexityEstimator = (options) => {
  const price = ANALYTIC_FIELD_COSTS[`${options.type.name}.${options.field.name}`];
  if (price === undefined) return undefined;
  return price + (pageAwareEstimator(options) ?? 1 + options.childComplexity);
};

/** What a plain (unpaginated, short) list such as an interaction's topics is assumed to hold. */
const PLAIN_LIST_SIZE = 5;

function unwrapList(type: GraphQLOutputType): boolean {
  const inner = isNonNullType(type) ? type.ofType : type;
  return isListType(inner);
}

/** The `first` a field is asked for (its default applied), or null when it takes none. */
const firstOf = (args: Record<string, unknown>): number | null => (typeof args.first === 'number' && args.first >= 0 ? args.first : null);

/** How many items a plain list is asked for: its `first`, or the number of `ids` it looks up (`nodes(ids:)`), else null. */
const sizeOf = (args: Record<string, unknown>): number | null => firstOf(args) ?? (Array.isArray(args.ids) ? args.ids.length : null);

const pageAwareEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (getNamedType(field.type).name.endsWith('Connection')) {
    return 1 + Math.max(1, firstOf(args) ?? DEFAULT_PAGE_SIZE) * childComplexity;
  }
  // A connection's edges are already counted by its page size.
  if (type.name.endsWith('Connection')) return 1 + childComplexity;
  // A list that takes `first` holds up to that many (history(first: 100) is not 5 versions), one
  // that looks up `ids` as many as it is given (nodes(ids:) of 100 ids is 100 records).
  if (unwrapList(field.type)) return 1 + Math.max(1, sizeOf(args) ?? PLAIN_LIST_SIZE) * childComplexity;
  return undefined;
};

/** The estimated cost of an operation (see {@link LIMITS.maxCost}). */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> = {},
  operationName?: string | null,
): number {
  return getComplexity({
    schema,
    query: document,
    variables,
    operationName: operationName ?? undefined,
    estimators: [analyticsEstimator, pageAwareEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
}

/**
 * The names of the variables an operation's cost depends on: those in a `first` or `ids` argument
 * (the only arguments the estimators read) and those of directives (`@skip`/`@include` remove fields).
 */
function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (node: Parameters<typeof visit>[0]) => visit(node, { Variable: (v) => void names.add(v.name.value) });
  visit(document, {
    Argument: (arg) => (arg.name.value === 'first' || arg.name.value === 'ids' ? (collect(arg.value), false) : false),
    Directive: (directive) => (collect(directive), false),
  });
  return [...names];
}

/** Operations known to be affordable, per document (Apollo keeps one document per query text), by operation name and the values of its cost variables. */
const affordable = new WeakMap<DocumentNode, { variables: string[]; keys: Set<string> }>();
/** Distinct cost-variable values remembered per document; the memo starts over past that. */
const AFFORDABLE_PER_DOCUMENT = 100;

/**
 * Throws BAD_USER_INPUT (400) naming the first variable whose value nests lists and objects more
 * than {@link LIMITS.maxVariableDepth} levels deep. Walks without recursion, so that no value can
 * overflow the stack here.
 */
export function assertShallowVariables(variables: unknown): void {
  if (!variables || typeof variables !== 'object') return;
  for (const [name, value] of Object.entries(variables)) {
    const stack: [unknown, number][] = [[value, 0]];
    while (stack.length) {
      const [v, depth] = stack.pop()!;
      if (!v || typeof v !== 'object') continue;
      if (depth + 1 > LIMITS.maxVariableDepth) {
        throw new GraphQLError(
          `The variable $${name} is nested too deeply: at most ${LIMITS.maxVariableDepth} levels of lists and objects are accepted in a variable.`,
          // Only the code: an HTTP answer keeps nothing else of a request error (see format-error.ts); the message names the variable.
          { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } },
        );
      }
      for (const inner of Array.isArray(v) ? v : Object.values(v)) stack.push([inner, depth + 1]);
    }
  }
}

/**
 * Throws a coded error when a variable is nested too deeply (see {@link assertShallowVariables})
 * or the operation costs more than {@link LIMITS.maxCost}.
 */
export function assertAffordable(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> = {},
  operationName?: string | null,
): void {
  assertShallowVariables(variables);
  // The same operation with the same page sizes costs the same: the walk over the document is
  // done once (it was the costliest step of a request's preparation).
  let memo = affordable.get(document);
  if (!memo) affordable.set(document, (memo = { variables: costVariables(document), keys: new Set() }));
  const key = JSON.stringify([operationName ?? null, ...memo.variables.map((v) => (v in variables ? variables[v] : { absent: true }))]);
  if (memo.keys.has(key)) return;
  let cost: number;
  try {
    cost = operationCost(schema, document, variables, operationName);
  } catch {
    // Variables that do not fit the operation: execution reports that, with its own code.
    return;
  }
  if (cost > LIMITS.maxCost) {
    throw limitError(
      `The operation is too expensive: estimated cost ${cost}, at most ${LIMITS.maxCost}. Ask for smaller pages (first) or fewer nested lists.`,
      { cost, maxCost: LIMITS.maxCost },
    );
  }
  if (memo.keys.size >= AFFORDABLE_PER_DOCUMENT) memo.keys.clear();
  memo.keys.add(key);
}

/** Apollo plugin enforcing the cost limit once the operation and its variables are known. */
export function costLimitPlugin(schema: GraphQLSchema): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operationName }) {
          assertAffordable(schema, document, request.variables, operationName);
        },
      };
    },
  };
}
