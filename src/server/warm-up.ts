import type { ApolloServer } from '@apollo/server';
import { existsSync, readFileSync } from 'node:fs';
import { parse, type OperationDefinitionNode } from 'graphql';
import neo4j from 'neo4j-driver';
import type { Logger } from 'pino';
import type { Graph } from '../db/graph';
import { AccessRole, type AuthUser } from '../graphql/access';
import type { Context } from '../graphql/context';
import { parseManifest } from './trusted-documents';
import { signInEmployee, signInEmployees } from './workbench';

/**
 * The warm-up at start. Neo4j plans each statement shape the first time it sees it, graphql-jit
 * compiles an operation on its second run, and Neo4j's page cache starts empty: after a restart the
 * first person to sign in paid for all of it (the first customer list and 360 took seconds, the
 * same requests later tens of milliseconds). So before `/readyz` says ready, the server runs what
 * the workbench's first pages run: the development sign-in's reads, the employee check of a token,
 * and the pages' own GraphQL operations (the documents of the workbench's trusted-documents
 * manifest, found by operation name, with the variables the pages send) through Apollo, for each
 * role whose statements differ, on the first customer of the list when there is one. Bounded by a
 * time limit; a failure is logged and never stops the start.
 */

/** One operation of the workbench's first pages, with the variables the page sends. */
export interface FirstPageOperation {
  /** The operation's name in the workbench's documents. */
  operation: string;
  variables(on: { customerId: string; personalData: boolean }): Record<string, unknown> | Promise<Record<string, unknown>>;
}

/** The customer list (sign-in lands there) and the customer 360 with its tabs, as web/src sends them. */
export const FIRST_PAGES: readonly FirstPageOperation[] = [
  // web/src/pages/Customers.tsx: no filter, 20 to a page.
  { operation: 'FindCustomers', variables: () => ({ filter: {}, orderBy: { field: 'NAME', direction: 'ASC' }, first: 20 }) },
  { operation: 'FinderOptions', variables: () => ({}) },
  // web/src/components/lists/SavedViews.tsx: the person's saved views, beside the list.
  { operation: 'MySavedViews', variables: () => ({}) },
  // web/src/components/inbox/InboxLink.tsx: the header's "For me" count, on every page.
  { operation: 'InboxCounts', variables: () => ({}) },
  // web/src/pages/Customer360.tsx: personal data for the roles that may read it.
  { operation: 'Customer360', variables: ({ customerId, personalData }) => ({ id: customerId, withPersonalData: personalData }) },
  // Its timeline tab (web/src/components/customer/Timeline.tsx). The neighbourhood is a tab of its own now, not on the
  // first page: left to its first use (3 s cold), which would otherwise delay readiness.
  { operation: 'CustomerTimeline', variables: ({ customerId }) => ({ customerId, first: 10 }) },
];

/** The roles whose statements differ (personal data read or not; a VIEWER reviews nothing). An ADMIN's are an ANALYST's. */
export const WARM_UP_ROLES: readonly AccessRole[][] = [[AccessRole.ANALYST], [AccessRole.VIEWER]];

/**
 * After the pages, each distinct read statement they sent is planned again (`EXPLAIN`, with
 * `replan=force`: planned, never run) this many rounds, within the time limit. Neo4j's planner is
 * JVM code that the first statements run cold (interpreted, then compiled by the JIT as it gets
 * hot): the statements of a request the warm-up did not run are planned at first use, and they
 * plan faster once the planner's code is compiled. The plans of the pages stay cached as they were.
 */
export const PLANNER_ROUNDS = 5;

/**
 * The rounds of planning again take at most this share of the time the pages took (and end at the
 * time limit): on a busy machine they would otherwise double the wait for readiness.
 */
export const REPLAN_SHARE = 0.5;

/** A customer id that names no customer: the 360 of an empty graph is still run (its look-up statements). */
const NO_CUSTOMER = '00000000-0000-4000-8000-000000000000';

export interface WarmUpReport {
  /** Operations and reads run. */
  ran: number;
  /** Those that failed or answered with errors (each logged). */
  failed: number;
  /** Workbench operations not found in the manifest (none when the workbench is built). */
  missing: string[];
  /** The customer whose 360 was run; null on a graph without customers. */
  customerId: string | null;
  ms: number;
  /** The time limit ended it before everything ran. */
  timedOut: boolean;
  /** Statements planned again (see {@link PLANNER_ROUNDS}), in all rounds. */
  replanned: number;
  /** The time those rounds took, ms. */
  replanMs: number;
}

export interface WarmUpDependencies {
  apollo: ApolloServer<Context>;
  graph: Graph;
  logger: Logger;
  /** The context of one request for `user`, as the transport makes it. */
  context(user: AuthUser): Context;
  /** The check every request's token goes through (src/modules/employee). */
  isEmployee(id: string): Promise<unknown>;
  /** The workbench's trusted-documents manifest (dist/web/trusted-documents.json). */
  manifest: string;
  limitMs: number;
  /** Whether to stop (the server is stopping). */
  stopped(): boolean;
  pages?: readonly FirstPageOperation[];
  /** Rounds of planning again (WARM_UP_PLANNER_ROUNDS); default {@link PLANNER_ROUNDS}. */
  plannerRounds?: number;
  /** Their share of the pages' time; default {@link REPLAN_SHARE}. */
  replanShare?: number;
}

/** The documents of the manifest by operation name; empty when there is no manifest. */
export function workbenchOperations(manifest: string): Map<string, string> {
  const byName = new Map<string, string>();
  if (!existsSync(manifest)) return byName;
  for (const document of parseManifest(readFileSync(manifest, 'utf8'), manifest)) {
    for (const definition of parse(document.body).definitions) {
      const name = (definition as OperationDefinitionNode).name?.value;
      if (definition.kind === 'OperationDefinition' && name && !byName.has(name)) byName.set(name, document.body);
    }
  }
  return byName;
}

/** Runs the warm-up; never throws (a failure is logged and counted). */
export async function warmUp(deps: WarmUpDependencies): Promise<WarmUpReport> {
  const started = Date.now();
  const deadline = started + deps.limitMs;
  const report: WarmUpReport = { ran: 0, failed: 0, missing: [], customerId: null, ms: 0, timedOut: false, replanned: 0, replanMs: 0 };
  const overdue = () => {
    if (Date.now() < deadline) return false;
    report.timedOut = true;
    return true;
  };
  const attempt = async (what: string, run: () => Promise<readonly { message: string }[] | undefined | void>) => {
    report.ran++;
    try {
      const errors = await run();
      if (errors?.length) {
        report.failed++;
        deps.logger.warn({ what, errors: errors.map((e) => e.message) }, 'warm-up: answered with errors');
      }
    } catch (err) {
      report.failed++;
      deps.logger.warn({ what, err }, 'warm-up: failed');
    }
  };

  // The statements sent meanwhile (by the warm-up, and by any request already served), to plan again.
  const sent = new Set<string>();
  const timed = deps.graph.timed;
  deps.graph.timed = (statement) => {
    if (sent.size < MAX_REPLANNED) sent.add(statement.cypher);
    timed?.(statement);
  };

  try {
    // The sign-in page's list and the token it mints, and the check of the token on each request.
    let employees: { id: string; accessRoles: string[] }[] = [];
    await attempt('GET /auth/dev/employees', async () => {
      employees = (await signInEmployees(deps.graph)) as typeof employees;
    });
    const someone = employees[0]?.id ?? NO_CUSTOMER;
    await attempt('POST /auth/dev/token', async () => void (await signInEmployee(deps.graph, someone)));
    await attempt('employee check', async () => void (await deps.isEmployee(someone)));

    const documents = workbenchOperations(deps.manifest);
    const pages = deps.pages ?? FIRST_PAGES;
    report.missing = pages.filter((p) => !documents.has(p.operation)).map((p) => p.operation);
    for (const roles of WARM_UP_ROLES) {
      // Someone who has the role when the graph has them (a resolver may read the caller), else the first employee.
      const employee = employees.find((e) => roles.every((r) => e.accessRoles?.includes(r)))?.id ?? someone;
      const user: AuthUser = { employeeId: employee, roles };
      const personalData = roles.some((r) => r === AccessRole.ANALYST || r === AccessRole.ADMIN);
      for (const page of pages) {
        if (overdue() || deps.stopped()) return report;
        const query = documents.get(page.operation);
        if (!query) continue;
        await attempt(`${page.operation} as ${roles.join(', ')}`, async () => {
          const variables = await page.variables({ customerId: report.customerId ?? NO_CUSTOMER, personalData });
          const response = await deps.apollo.executeOperation(
            { query, variables, operationName: page.operation },
            { contextValue: { ...deps.context(user), requestId: 'warm-up' } },
          );
          if (response.body.kind !== 'single') return [{ message: 'an incremental answer' }];
          const { data, errors } = response.body.singleResult;
          // The 360 is run on the first customer of the list, as a person opens it.
          const first = (data as { customers?: { edges?: { node?: { id?: string } }[] } } | null | undefined)?.customers?.edges?.[0]?.node
            ?.id;
          if (page.operation === 'FindCustomers' && first) report.customerId ??= first;
          return errors;
        });
      }
    }
    deps.graph.timed = timed;
    const replanUntil = Date.now() + (deps.replanShare ?? REPLAN_SHARE) * (Date.now() - started);
    await replan(deps, [...sent], deps.plannerRounds ?? PLANNER_ROUNDS, report, () => overdue() || Date.now() >= replanUntil);
    return report;
  } catch (err) {
    report.failed++;
    deps.logger.warn({ err }, 'warm-up: failed');
    return report;
  } finally {
    deps.graph.timed = timed;
    report.ms = Date.now() - started;
  }
}

/** The most distinct statements kept to plan again. */
const MAX_REPLANNED = 200;

/**
 * Plans each statement again `rounds` times without running it (see {@link PLANNER_ROUNDS}). The
 * statements are the server's own (made in code from fixed fragments), sent moments ago; only
 * reads plan in a read session, and a statement that does not (a write) is left out.
 */
async function replan(
  deps: WarmUpDependencies,
  statements: string[],
  rounds: number,
  report: WarmUpReport,
  overdue: () => boolean,
): Promise<void> {
  const started = Date.now();
  const session = deps.graph.driver.session({ database: deps.graph.database, defaultAccessMode: neo4j.session.READ });
  try {
    let left = statements;
    for (let round = 0; round < rounds && left.length; round++) {
      const planned: string[] = [];
      for (const statement of left) {
        if (overdue() || deps.stopped()) return;
        try {
          await session.run(`EXPLAIN CYPHER replan=force ${statement}`);
          planned.push(statement);
          report.replanned++;
        } catch {
          // A write, or a statement that does not plan alone: not planned again.
        }
      }
      left = planned;
    }
  } finally {
    report.replanMs = Date.now() - started;
    await session.close();
  }
}
