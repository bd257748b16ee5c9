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
   * `similarCustomers`); another plain list (topics, owners) by 5. A page of 50 customers with
   * their default pages of insights and of each insight's annotations costs about 110,000.
   */
  maxCost: 200_000,
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

/** What a plain (unpaginated, short) list such as an interaction's topics is assumed to hold. */
const PLAIN_LIST_SIZE = 5;

function unwrapList(type: GraphQLOutputType): boolean {
  const inner = isNonNullType(type) ? type.ofType : type;
  return isListType(inner);
}

/** The `first` a field is asked for (its default applied), or null when it takes none. */
const firstOf = (args: Record<string, unknown>): number | null => (typeof args.first === 'number' && args.first >= 0 ? args.first : null);

const pageAwareEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (getNamedType(field.type).name.endsWith('Connection')) {
    return 1 + Math.max(1, firstOf(args) ?? DEFAULT_PAGE_SIZE) * childComplexity;
  }
  // A connection's edges are already counted by its page size.
  if (type.name.endsWith('Connection')) return 1 + childComplexity;
  // A list that takes `first` holds up to that many (history(first: 100) is not 5 versions).
  if (unwrapList(field.type)) return 1 + Math.max(1, firstOf(args) ?? PLAIN_LIST_SIZE) * childComplexity;
  return undefined;
};

/** The estimated cost of an operation (see {@link LIMITS.maxCost}). */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> = {}, operationName?: string | null): number {
  return getComplexity({
    schema,
    query: document,
    variables,
    operationName: operationName ?? undefined,
    estimators: [pageAwareEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
}

/**
 * The names of the variables an operation's cost depends on: those in a `first` argument (the
 * only argument the estimators read) and those of directives (`@skip`/`@include` remove fields).
 */
function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (node: Parameters<typeof visit>[0]) => visit(node, { Variable: (v) => void names.add(v.name.value) });
  visit(document, {
    Argument: (arg) => (arg.name.value === 'first' ? (collect(arg.value), false) : false),
    Directive: (directive) => (collect(directive), false),
  });
  return [...names];
}

/** Operations known to be affordable, per document (Apollo keeps one document per query text), by operation name and the values of its cost variables. */
const affordable = new WeakMap<DocumentNode, { variables: string[]; keys: Set<string> }>();
/** Distinct cost-variable values remembered per document; the memo starts over past that. */
const AFFORDABLE_PER_DOCUMENT = 100;

/** Throws a coded error when an operation costs more than {@link LIMITS.maxCost}. */
export function assertAffordable(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> = {}, operationName?: string | null): void {
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
