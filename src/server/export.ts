import type express from 'express';
import { execute, parse, validate, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { DomainError, ErrorCode } from '../common/errors';
import type { Graph } from '../db/graph';
import type { AuthUser, EmployeeCheck } from '../graphql/access';
import type { Context } from '../graphql/context';
import type { Services } from '../modules/services';
import type { EventBus } from '../realtime/event-bus';
import { withClientAddress } from './audit-plugin';
import { authenticate } from './auth';
import type { Config } from '../config';
import { createContext } from './context';
import type { RateLimiter } from './rate-limit';

/**
 * `GET /export/customers.csv`: the customer list as CSV, streamed. The rows are the API's own: the
 * `customers` query (or, for chosen rows, `nodes`) runs through the schema with a context made for
 * the caller exactly as a `/graphql` request's is, one page of 100 at a time, each page written to
 * the response as it arrives (chunked). So everything the API enforces applies unchanged: a caller
 * who may not read personal data (a VIEWER) gets those cells empty, because the API gives them null.
 * See docs/export.md.
 */

/** The most rows one export holds; a view with more is refused (400) before anything is sent. */
export const EXPORT_MAX_ROWS = 10_000;

/** Rows per page read from the API (its largest page). */
const EXPORT_PAGE_SIZE = 100;

/** At most this many chosen rows (`id` parameters) in one export: the API's `nodes` takes 100. */
const MAX_IDS = 100;

/** The sort parameter's values (as the workbench's address has them) and the API's order field of each. */
export const EXPORT_SORTS: Readonly<Record<string, string>> = Object.freeze({
  name: 'NAME',
  revenue: 'REVENUE',
  'lifetime-value': 'LIFETIME_VALUE',
  health: 'HEALTH_SCORE',
  'last-contact': 'LAST_CONTACT_AT',
  created: 'CREATED_AT',
  updated: 'UPDATED_AT',
});

const STAGES = ['PROSPECT', 'ACTIVE', 'AT_RISK', 'CHURNED'];
const RELATIONSHIPS = ['TRANSACTIONAL', 'COLLABORATIVE'];

const CUSTOMER_FIELDS = `id name kind email phone lifecycleStage relationshipType segment { name } revenue lifetimeValue healthScore lastContactAt`;

/** The operations an export runs: the same `customers` (or `nodes`) a client would send. */
const EXPORT_DOCUMENT = parse(`
  query ExportCustomers($filter: CustomerFilter, $orderBy: CustomerOrder, $first: Int!, $after: String) {
    customers(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ${CUSTOMER_FIELDS} } }
    }
  }
  query ExportChosenCustomers($ids: [ID!]!) {
    nodes(ids: $ids) { __typename ... on Customer { ${CUSTOMER_FIELDS} } }
  }
`);

interface ExportedCustomer {
  id: string;
  name: string;
  kind: string;
  email: string | null;
  phone: string | null;
  lifecycleStage: string;
  relationshipType: string;
  segment: { name: string } | null;
  revenue: number;
  lifetimeValue: number;
  healthScore: number | null;
  lastContactAt: string | Date | null;
}

/** The columns: heading and cell of each. Text cells go through the formula guard; the others are the API's own values. */
const COLUMNS: [string, (c: ExportedCustomer) => string | number | null, 'text' | 'value'][] = [
  ['Id', (c) => c.id, 'value'],
  ['Name', (c) => c.name, 'text'],
  ['Kind', (c) => c.kind, 'value'],
  ['Email', (c) => c.email, 'text'],
  ['Phone', (c) => c.phone, 'text'],
  ['Lifecycle stage', (c) => c.lifecycleStage, 'value'],
  ['Relationship', (c) => c.relationshipType, 'value'],
  ['Segment', (c) => c.segment?.name ?? null, 'text'],
  ['Revenue (EUR per year)', (c) => c.revenue, 'value'],
  ['Lifetime value (EUR)', (c) => c.lifetimeValue, 'value'],
  ['Health score', (c) => c.healthScore, 'value'],
  ['Last contact', (c) => (c.lastContactAt instanceof Date ? c.lastContactAt.toISOString() : c.lastContactAt), 'value'],
];

/** The byte order mark the file starts with, so that spreadsheet programs read it as UTF-8. */
export const UTF8_BOM = '\uFEFF';

/**
 * A text cell that a spreadsheet would take for a formula (it starts with `=`, `+`, `-`, `@`, a tab or
 * a carriage return) is prefixed with `'`, which makes it text (OWASP's advice against CSV injection).
 * A spreadsheet set to split on `;` (the list separator of many European locales) starts a cell after
 * each `;` of the line, whatever the quotes: a formula character after a `;` (and any spaces) gets
 * the same `'` before it.
 */
export function guardFormula(text: string): string {
  const inside = text.replace(/;(\s*)(?=[=+\-@\t\r])/g, ";$1'");
  return /^[=+\-@\t\r]/.test(inside) ? `'${inside}` : inside;
}

/** One field as RFC 4180 writes it: in double quotes (doubled inside) when it holds a quote, a comma or a line break. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated (RFC 4180). */
export const csvRecord = (fields: (string | number | null | undefined)[]) => `${fields.map(csvField).join(',')}\r\n`;

const headerLine = () => csvRecord(COLUMNS.map(([heading]) => heading));
const rowLine = (c: ExportedCustomer) =>
  csvRecord(
    COLUMNS.map(([, cell, kind]) => {
      const v = cell(c);
      return kind === 'text' && typeof v === 'string' ? guardFormula(v) : v;
    }),
  );

/** A refusal in the API's error shape (`{ errors: [{ message, extensions: { code } }] }`), with its HTTP status. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const badParameter = (field: string, message: string) => new Refusal(400, ErrorCode.BAD_USER_INPUT, message, { field });

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.BAD_USER_INPUT]: 400,
  INTERNAL_SERVER_ERROR: 500,
};

/** The export's query parameters: those of the workbench's address for the list. */
export interface ExportParameters {
  filter: Record<string, unknown>;
  orderBy: { field: string; direction: 'ASC' | 'DESC' };
  ids: string[] | null;
}

const KNOWN = new Set(['name', 'stage', 'relationship', 'segment', 'need', 'owner', 'sort', 'dir', 'id']);

/** Reads and checks the query parameters (400 `BAD_USER_INPUT` naming the parameter at fault). */
export function exportParameters(query: URLSearchParams): ExportParameters {
  for (const key of query.keys()) {
    if (!KNOWN.has(key)) throw badParameter(key, `Unknown parameter '${key.slice(0, 50)}'; the parameters are ${[...KNOWN].join(', ')}.`);
  }
  const one = (key: string): string | null => {
    const all = query.getAll(key);
    if (all.length > 1) throw badParameter(key, `Give '${key}' at most once.`);
    return all[0] || null;
  };
  const id = (key: string) => {
    const v = one(key);
    if (v !== null && v.length > 100) throw badParameter(key, `'${key}' is an id of at most 100 characters.`);
    return v;
  };
  const filter: Record<string, unknown> = {};
  const name = one('name');
  if (name !== null) {
    if ([...name].length > 200) throw badParameter('name', "'name' may have at most 200 characters.");
    filter.nameContains = name;
  }
  const stage = one('stage');
  if (stage !== null) {
    if (!STAGES.includes(stage)) throw badParameter('stage', `'stage' is one of ${STAGES.join(', ')}.`);
    filter.lifecycleStages = [stage];
  }
  const relationship = one('relationship');
  if (relationship !== null) {
    if (!RELATIONSHIPS.includes(relationship)) throw badParameter('relationship', `'relationship' is one of ${RELATIONSHIPS.join(', ')}.`);
    filter.relationshipTypes = [relationship];
  }
  for (const [key, field] of [
    ['segment', 'segmentId'],
    ['need', 'hasNeedId'],
    ['owner', 'ownerId'],
  ] as const) {
    const v = id(key);
    if (v !== null) filter[field] = v;
  }
  const sort = one('sort') ?? 'name';
  if (!Object.hasOwn(EXPORT_SORTS, sort)) throw badParameter('sort', `'sort' is one of ${Object.keys(EXPORT_SORTS).join(', ')}.`);
  const dir = one('dir') ?? 'asc';
  if (dir !== 'asc' && dir !== 'desc') throw badParameter('dir', "'dir' is asc or desc.");
  const idValues = query.getAll('id');
  if (idValues.length > MAX_IDS) throw badParameter('id', `Choose at most ${MAX_IDS} customers by 'id'.`);
  if (idValues.some((v) => !v || v.length > 100)) throw badParameter('id', "Each 'id' is an id of at most 100 characters.");
  return {
    filter,
    orderBy: { field: EXPORT_SORTS[sort], direction: dir === 'asc' ? 'ASC' : 'DESC' },
    ids: idValues.length ? [...new Set(idValues)] : null,
  };
}

export interface ExportDeps {
  config: Config;
  graph: Graph;
  schema: GraphQLSchema;
  services: Services;
  events: EventBus;
  rateLimiter: RateLimiter;
  isEmployee: EmployeeCheck;
  logger: Logger;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  lookahead?: boolean;
  maxRows?: number;
}

/** Mounts `GET /export/customers.csv` (see the top of this file and docs/export.md). */
export function mountExport(app: express.Express, deps: ExportDeps): void {
  const problems = validate(deps.schema, EXPORT_DOCUMENT);
  if (problems.length) throw new Error(`The export's query no longer fits the schema: ${problems.map((p) => p.message).join('; ')}`);
  const maxRows = deps.maxRows ?? EXPORT_MAX_ROWS;

  app.get('/export/customers.csv', async (req, res) => {
    const started = Date.now();
    const requestId = (req as express.Request & { requestId?: string }).requestId;
    let user: AuthUser | null = null;
    let rows = 0;
    let streaming = false;
    try {
      // Signed in, and rate-limited, as a /graphql request is: a failed sign-in counts for the address.
      try {
        user = await authenticate(deps.config.jwt, req.headers.authorization, deps.isEmployee);
      } catch (e) {
        await deps.rateLimiter.consume(`address:${req.ip}`);
        throw e;
      }
      if (!user) {
        await deps.rateLimiter.consume(`address:${req.ip}`);
        throw new Refusal(401, ErrorCode.UNAUTHENTICATED, 'Sign in first: send the header "Authorization: Bearer <token>".');
      }
      await deps.rateLimiter.consume(`employee:${user.employeeId}`);
      const params = exportParameters(new URL(req.originalUrl, 'http://export.invalid').searchParams);
      const signedIn = user;

      /** One operation of the export, through the schema, with a context made as a /graphql request's is. */
      const run = async (operationName: string, variableValues: Record<string, unknown>) => {
        const contextValue: Context = withClientAddress(
          { ...createContext(deps.graph, deps.services, deps.events, signedIn, { lookahead: deps.lookahead }), requestId },
          req.ip,
        );
        const result = (await execute({
          schema: deps.schema,
          document: EXPORT_DOCUMENT,
          operationName,
          variableValues,
          contextValue,
        })) as ExecutionResult;
        // A field withheld from this caller (personal data for a VIEWER) is null with its own FORBIDDEN: that cell stays
        // empty, as the API's answer has it. Any other error stops the export.
        const fatal = (result.errors ?? [])
          .map((e) => deps.formatError(e.toJSON(), e))
          .filter((f) => !(f.extensions?.code === ErrorCode.FORBIDDEN && (f.path?.length ?? 0) > 2));
        if (fatal.length) {
          const code = String(fatal[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR');
          throw new Refusal(STATUS[code] ?? 400, code, fatal[0].message, { ...(fatal[0].extensions ?? {}), code });
        }
        return result.data as Record<string, any>;
      };

      const begin = (total: number) => {
        res.status(200);
        res.setHeader('content-type', 'text/csv; charset=utf-8; header=present');
        res.setHeader('content-disposition', `attachment; filename="customers-${new Date().toISOString().slice(0, 10)}.csv"`);
        res.setHeader('cache-control', 'no-store');
        res.setHeader('x-content-type-options', 'nosniff');
        res.setHeader('x-total-count', String(total));
        streaming = true;
      };
      /** Writes one page, waiting while the client reads slower than the pages come. */
      const write = async (text: string) => {
        if (!res.write(text)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
      };
      const gone = () => res.destroyed || req.destroyed;

      if (params.ids) {
        const data = await run('ExportChosenCustomers', { ids: params.ids });
        const chosen = (data.nodes as (ExportedCustomer & { __typename: string })[]).filter((n) => n?.__typename === 'Customer');
        begin(chosen.length);
        await write(UTF8_BOM + headerLine() + chosen.map(rowLine).join(''));
        rows = chosen.length;
      } else {
        let after: string | null = null;
        for (;;) {
          const data = await run('ExportCustomers', { filter: params.filter, orderBy: params.orderBy, first: EXPORT_PAGE_SIZE, after });
          const page = data.customers as {
            totalCount: number;
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
            edges: { node: ExportedCustomer }[];
          };
          if (!streaming) {
            if (page.totalCount > maxRows) {
              throw new Refusal(
                400,
                ErrorCode.BAD_USER_INPUT,
                `This list has ${page.totalCount} customers; an export holds at most ${maxRows}. Narrow it with a filter and export again.`,
              );
            }
            begin(page.totalCount);
            await write(UTF8_BOM + headerLine());
          }
          const room = maxRows - rows;
          const nodes = page.edges.slice(0, room).map((e) => e.node);
          if (nodes.length) await write(nodes.map(rowLine).join(''));
          rows += nodes.length;
          if (!page.pageInfo.hasNextPage || rows >= maxRows || gone()) break;
          after = page.pageInfo.endCursor;
        }
      }
      res.end();
      deps.logger.info({ requestId, actorId: user.employeeId, export: 'customers', rows, ms: Date.now() - started }, 'export');
    } catch (e) {
      const refusal = asRefusal(e, deps);
      deps.logger[refusal.status >= 500 ? 'error' : 'info'](
        {
          requestId,
          actorId: user?.employeeId ?? null,
          export: 'customers',
          rows,
          code: refusal.code,
          err: refusal.status >= 500 ? e : undefined,
        },
        'export refused',
      );
      if (streaming) {
        // The file has begun: a CSV has no way to say that it failed, so the response is cut off (the
        // client sees an incomplete transfer, never a file that looks whole).
        res.destroy();
        return;
      }
      if (e instanceof DomainError && e.details.retryAfterSeconds) res.setHeader('retry-after', String(e.details.retryAfterSeconds));
      res
        .status(refusal.status)
        .json({ errors: [{ message: refusal.message, extensions: { ...refusal.extensions, code: refusal.code } }] });
    }
  });
}

function asRefusal(e: unknown, deps: ExportDeps): Refusal {
  if (e instanceof Refusal) return e;
  if (e instanceof DomainError) {
    return new Refusal(STATUS[e.code] ?? 400, e.code, e.message, { ...e.details });
  }
  const formatted = deps.formatError({ message: String(e) }, e);
  const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  return new Refusal(STATUS[code] ?? 500, code, formatted.message);
}
