import { CustomerKind, LifecycleStage, RelationshipType } from '../../src/modules/customer/customer.type';
import { EmployeeRole } from '../../src/modules/employee/employee.type';
import { NeedStatus, Priority } from '../../src/modules/need/need.type';
import { AliasTable, Rng, clamp, inverseNormal, round2 } from './random';
import { PLANT_PARAMETERS, WINDOW_END, WINDOW_START, type PlantName, type SizeSpec } from './sizes';
import {
  FIRST_NAMES,
  LAST_NAMES,
  NEED_CONTEXTS,
  NEED_STEMS,
  ORGANIZATION_SEGMENTS,
  ORGANIZATION_SEGMENT_WEIGHTS,
  ORG_FIRST,
  ORG_SUFFIX,
  ORG_TRADE,
  SEGMENTS,
  TEAMS,
} from './vocabulary';

/**
 * The part of a generated data set that is held in memory: employees, customers and needs as
 * compact per-entity arrays (a few numbers each), the need holdings, and the choices of the
 * planted patterns. Interactions and insights are never held: they are streamed from this.
 */

const DAY = 86_400_000;
const YEAR = 365 * DAY;

/** Lifecycle stages by number (the order of the `stage` array values). */
export const STAGES = [LifecycleStage.PROSPECT, LifecycleStage.ACTIVE, LifecycleStage.AT_RISK, LifecycleStage.CHURNED] as const;
/** Stage number of PROSPECT (an index into STAGES). */
export const PROSPECT = 0;
/** Stage number of ACTIVE. */
export const ACTIVE = 1;
/** Stage number of AT_RISK. */
export const AT_RISK = 2;
/** Stage number of CHURNED. */
export const CHURNED = 3;
const STAGE_WEIGHTS = [12, 63, 13, 12];

/** Employee roles by number, and the share of employees in each. */
export const ROLES = [
  EmployeeRole.ACCOUNT_MANAGER,
  EmployeeRole.CUSTOMER_SUCCESS,
  EmployeeRole.SUPPORT_AGENT,
  EmployeeRole.ANALYST,
  EmployeeRole.PRODUCT_MANAGER,
  EmployeeRole.EXECUTIVE,
] as const;
const ROLE_SHARES = [0.22, 0.18, 0.34, 0.1, 0.1, 0.06];

/** Median yearly revenue of a paying customer (EUR) and the spread of its logarithm (Pareto-like 80/20). */
const REVENUE_MEDIAN = 6_000;
const REVENUE_SIGMA = 1.62;

/** A time (ms) rounded down to the second, as written in the file. */
export function toSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** An ISO-8601 date-time in UTC without milliseconds ("2025-03-01T09:30:00Z"). */
export function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** External id with a prefix and a zero-padded number (1-based). */
export function externalId(prefix: string, index: number, width: number): string {
  return `${prefix}-${String(index + 1).padStart(width, '0')}`;
}

/** External id of customer number i (0-based): c-000001. */
export const customerId = (i: number): string => externalId('c', i, 6);
/** External id of employee number i: e-0001. */
export const employeeId = (i: number): string => externalId('e', i, 4);
/** External id of need number i: n-0001. */
export const needId = (i: number): string => externalId('n', i, 4);
/** External id of interaction number i: x-0000001. */
export const interactionId = (i: number): string => externalId('x', i, 7);
/** External id of insight number i: s-000001. */
export const insightId = (i: number): string => externalId('s', i, 6);

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Splits `total` into whole numbers proportional to `shares` (largest remainder), each at least `min`. */
function apportion(total: number, shares: readonly number[], min: number): number[] {
  const exact = shares.map((s) => s * total);
  const out = exact.map((x) => Math.max(min, Math.floor(x)));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k].i] += 1;
  for (let i = out.length - 1; left < 0; i = (i - 1 + out.length) % out.length) {
    if (out[i] > min) {
      out[i] -= 1;
      left++;
    }
  }
  return out;
}

/** The in-memory population of a data set (see the file comment). */
export class Population {
  readonly customers: number;
  readonly employees: number;
  readonly needs: number;

  // ---- employees
  readonly employeeRole: Uint8Array;
  readonly employeeFirst: Uint8Array;
  readonly employeeLast: Uint8Array;
  readonly employeeTeam: string[];
  /** Employee numbers by role number. */
  readonly byRole: number[][];
  /** Employees who may own accounts (ACCOUNT_MANAGER, CUSTOMER_SUCCESS). */
  readonly ownerPool: number[];
  /** Employees who write insights (account managers, customer success, analysts, product managers). */
  readonly authorPool: number[];
  /** Employees who annotate insights (the authors and support agents). */
  readonly annotatorPool: number[];

  // ---- customers
  readonly kind: Uint8Array; // 0 person, 1 organization
  readonly stage: Uint8Array;
  readonly collaborative: Uint8Array;
  readonly segment: Int8Array;
  readonly organization: Int32Array;
  readonly referrer: Int32Array;
  readonly revenue: Float64Array;
  readonly costToServe: Float64Array;
  readonly lifetimeValue: Float64Array;
  readonly createdAt: Float64Array;
  readonly activeFrom: Float64Array;
  readonly activeTo: Float64Array;
  readonly owner1: Int32Array;
  readonly owner2: Int32Array;
  /** Personal sentiment offset of each customer. */
  readonly mood: Float32Array;
  /** Name parts: persons (first, last), organizations (first, trade, suffix). */
  readonly nameA: Uint8Array;
  readonly nameB: Uint8Array;
  readonly nameC: Uint8Array;
  /** Bit 1 e-mail, 2 phone, 4 consent to contact, 8 consent to analytics. */
  readonly flags: Uint8Array;
  /** Weight of each customer in the choice of who an interaction is with. */
  readonly activity: AliasTable;

  // ---- needs
  readonly needStem: Int32Array;
  readonly needContext: Int32Array;
  readonly needPriority: Uint8Array;
  readonly needStatus: Uint8Array;
  /** When each need was first recorded, unless a holder had it earlier. */
  readonly needCreated: Float64Array;
  /** Need popularity (Zipf-like weights over a random order of the needs). */
  readonly needPopularity: AliasTable;
  /** Popularity rank of each need (0 = most popular). */
  readonly needRank: Int32Array;

  // ---- holdings (customer → needs, and need → customers)
  // (not readonly: the nicheNeedPair plant adds holdings once the plans are made, see plantHoldings)
  holdStart: Int32Array;
  holdNeed: Int32Array;
  holdSince: Float64Array;
  holdIntensity: Float64Array;
  /** Per holding: 0 drawn, 1 added by the needCooccurrence or atRiskSharedNeed plant, 2 by nicheNeedPair (never expressed). */
  holdPlanted: Uint8Array;
  holderStart!: Int32Array;
  holderCustomer!: Int32Array;
  holderSince!: Float64Array;
  holderIntensity!: Float64Array;

  // ---- plants (chosen for every data set, so that ids do not depend on which plants are on)
  readonly plants: ReadonlySet<PlantName>;
  readonly plantNeedA: number;
  readonly plantNeedB: number;
  readonly plantNeedX: number;
  /** 1 for customers in the needCooccurrence group. */
  readonly cooccurrenceGroup: Uint8Array;
  /** Customers the atRiskSharedNeed plant makes holders of X (when the plant is on). */
  readonly atRiskPlanted: Uint8Array;

  constructor(spec: SizeSpec, plants: ReadonlySet<PlantName>, rng: { people: Rng; needs: Rng; plants: Rng }) {
    this.customers = spec.customers;
    this.employees = spec.employees;
    this.needs = spec.needs;
    this.plants = plants;
    const n = spec.customers;

    // ------------------------------------------------------------------ employees
    const er = rng.people;
    const roleCounts = apportion(spec.employees, ROLE_SHARES, 1);
    const roleSlots: number[] = [];
    roleCounts.forEach((count, role) => {
      for (let k = 0; k < count; k++) roleSlots.push(role);
    });
    const order = er.permutation(roleSlots.length);
    this.employeeRole = new Uint8Array(spec.employees);
    this.employeeFirst = new Uint8Array(spec.employees);
    this.employeeLast = new Uint8Array(spec.employees);
    this.employeeTeam = [];
    this.byRole = ROLES.map(() => []);
    for (let e = 0; e < spec.employees; e++) {
      const role = roleSlots[order[e]];
      this.employeeRole[e] = role;
      this.employeeFirst[e] = er.int(0, FIRST_NAMES.length - 1);
      this.employeeLast[e] = er.int(0, LAST_NAMES.length - 1);
      this.employeeTeam.push(er.pick(TEAMS[ROLES[role]]));
      this.byRole[role].push(e);
    }
    const [am, cs, support, analyst, pm] = this.byRole;
    this.ownerPool = [...am, ...cs].sort((a, b) => a - b);
    this.authorPool = [...am, ...cs, ...analyst, ...pm].sort((a, b) => a - b);
    this.annotatorPool = [...this.authorPool, ...support].sort((a, b) => a - b);

    // ------------------------------------------------------------------ customers
    const cr = rng.people;
    this.kind = new Uint8Array(n);
    this.stage = new Uint8Array(n);
    this.collaborative = new Uint8Array(n);
    this.segment = new Int8Array(n);
    this.organization = new Int32Array(n).fill(-1);
    this.referrer = new Int32Array(n).fill(-1);
    this.revenue = new Float64Array(n);
    this.costToServe = new Float64Array(n);
    this.lifetimeValue = new Float64Array(n);
    this.createdAt = new Float64Array(n);
    this.activeFrom = new Float64Array(n);
    this.activeTo = new Float64Array(n);
    this.owner1 = new Int32Array(n);
    this.owner2 = new Int32Array(n).fill(-1);
    this.mood = new Float32Array(n);
    this.nameA = new Uint8Array(n);
    this.nameB = new Uint8Array(n);
    this.nameC = new Uint8Array(n);
    this.flags = new Uint8Array(n);
    // Stages first; then the paying customers (all but prospects) get the revenue quantiles
    // (i + 0.5) / paying in a random order: the 80/20 shape then holds for every seed, not
    // only on average. `size` is where a customer sits in that order (prospects: drawn).
    for (let i = 0; i < n; i++) this.stage[i] = cr.weighted(STAGE_WEIGHTS);
    let paying = 0;
    for (let i = 0; i < n; i++) if (this.stage[i] !== PROSPECT) paying++;
    const quantile = cr.permutation(paying);
    const size = new Float64Array(n);
    for (let i = 0, q = 0; i < n; i++) size[i] = this.stage[i] === PROSPECT ? cr.next() : (quantile[q++] + 0.5) / paying;
    const organizations: number[] = [];
    const weights = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const stage = this.stage[i];
      const u = size[i];
      const isOrg = cr.chance(0.05 + 0.6 * u);
      this.kind[i] = isOrg ? 1 : 0;
      if (isOrg) {
        this.nameA[i] = cr.int(0, ORG_FIRST.length - 1);
        this.nameB[i] = cr.int(0, ORG_TRADE.length - 1);
        this.nameC[i] = cr.int(0, ORG_SUFFIX.length - 1);
      } else {
        this.nameA[i] = cr.int(0, FIRST_NAMES.length - 1);
        this.nameB[i] = cr.int(0, LAST_NAMES.length - 1);
      }

      // Membership, segment and relationship type.
      const joins = !isOrg && organizations.length > 0 && cr.chance(0.4);
      const org = joins ? organizations[cr.int(0, organizations.length - 1)] : -1;
      const segmentDraw = cr.next();
      const collabDraw = cr.next();
      if (org >= 0) {
        this.organization[i] = org;
        this.segment[i] = this.segment[org];
        this.collaborative[i] = collabDraw < 0.7 ? this.collaborative[org] : 0;
      } else if (isOrg) {
        this.segment[i] =
          segmentDraw < 0.04 ? -1 : u > 0.85 && segmentDraw < 0.7 ? 0 : ORGANIZATION_SEGMENTS[cr.weighted(ORGANIZATION_SEGMENT_WEIGHTS)];
        this.collaborative[i] = collabDraw < 0.15 + 0.6 * u ? 1 : 0;
      } else {
        this.segment[i] = segmentDraw < 0.05 ? -1 : segmentDraw < 0.45 ? 6 : 7;
        this.collaborative[i] = collabDraw < 0.05 + 0.2 * u ? 1 : 0;
      }
      if (isOrg) organizations.push(i);
      if (i > 0 && cr.chance(0.1)) this.referrer[i] = cr.int(0, i - 1);

      // Life: when created, when active.
      const created = this.lifeOf(i, stage, cr);
      this.createdAt[i] = created;

      // Money.
      const revenue = stage === PROSPECT ? 0 : Math.round(REVENUE_MEDIAN * Math.exp(REVENUE_SIGMA * inverseNormal(u)));
      const base = isOrg ? cr.between(500, 3_000) : cr.between(100, 700);
      const ratio = Math.exp(Math.log(0.3) + 0.45 * cr.normal()) * (this.collaborative[i] ? 1.15 : 1);
      const years =
        stage === CHURNED
          ? Math.max(0.25, (this.activeTo[i] - created) / YEAR)
          : (this.collaborative[i] ? 5 : 3) * (stage === AT_RISK ? 0.5 : 1) * cr.between(0.7, 1.3);
      this.revenue[i] = revenue;
      this.costToServe[i] = Math.round(base + revenue * ratio);
      this.lifetimeValue[i] = Math.round(revenue * years);

      // Owners: one, bigger accounts often two.
      const o1 = cr.int(0, this.ownerPool.length - 1);
      this.owner1[i] = this.ownerPool[o1];
      if (this.ownerPool.length > 1 && cr.chance(0.1 + 0.5 * u)) {
        const o2 = (o1 + cr.int(1, this.ownerPool.length - 1)) % this.ownerPool.length;
        this.owner2[i] = this.ownerPool[o2];
      }
      this.mood[i] = 0.12 * cr.normal() + (stage === AT_RISK ? -0.25 : stage === CHURNED ? -0.15 : stage === PROSPECT ? 0.05 : 0);
      this.flags[i] =
        (cr.chance(isOrg ? 0.75 : 0.9) ? 1 : 0) | (cr.chance(0.6) ? 2 : 0) | (cr.chance(0.92) ? 4 : 0) | (cr.chance(0.85) ? 8 : 0);
      weights[i] = Math.sqrt(revenue + 2_500) * (this.collaborative[i] ? 1.5 : 1);
    }
    this.activity = new AliasTable(weights);

    // ------------------------------------------------------------------ needs
    const nr = rng.needs;
    const m = spec.needs;
    this.needStem = new Int32Array(m);
    this.needContext = new Int32Array(m);
    this.needPriority = new Uint8Array(m);
    this.needStatus = new Uint8Array(m);
    this.needCreated = new Float64Array(m);
    // The first needs are the stems in a random order; further ones are stem + context
    // combinations, each at most once, in a random order.
    const stems = NEED_STEMS.length;
    if (m > stems * (NEED_CONTEXTS.length + 1)) throw new Error(`at most ${stems * (NEED_CONTEXTS.length + 1)} needs`);
    const stemOrder = nr.permutation(stems);
    const comboOrder = nr.permutation(stems * NEED_CONTEXTS.length);
    for (let k = 0; k < m; k++) {
      if (k < stems) {
        this.needStem[k] = stemOrder[k];
        this.needContext[k] = -1;
      } else {
        const combo = comboOrder[k - stems];
        this.needStem[k] = combo % stems;
        this.needContext[k] = Math.floor(combo / stems);
      }
    }
    const byRank = nr.permutation(m);
    this.needRank = new Int32Array(m);
    const popularity = new Float64Array(m);
    for (let r = 0; r < m; r++) {
      const k = byRank[r];
      this.needRank[k] = r;
      popularity[k] = 1 / Math.pow(r + 1, 1.05);
    }
    this.needPopularity = new AliasTable(popularity);
    for (let k = 0; k < m; k++) {
      const rank = this.needRank[k];
      this.needPriority[k] = nr.weighted(rank < m * 0.1 ? [5, 30, 45, 20] : [30, 40, 22, 8]);
      this.needStatus[k] = nr.weighted([50, 25, 15, 10]);
      this.needCreated[k] = toSecond(WINDOW_START - YEAR + nr.next() * (WINDOW_END - WINDOW_START + YEAR - 30 * DAY));
    }

    // ------------------------------------------------------------------ plants (always chosen)
    const pr = rng.plants;
    const lo = Math.floor(m * 0.15);
    const hi = Math.max(lo + 3, Math.floor(m * 0.45));
    const candidates = pr.permutation(hi - lo);
    const ranked = (j: number) => byRank[lo + candidates[j]];
    this.plantNeedA = ranked(0);
    this.plantNeedB = ranked(1);
    this.plantNeedX = ranked(2);
    this.cooccurrenceGroup = new Uint8Array(n);
    const eligible: number[] = [];
    for (let i = 0; i < n; i++) if (this.stage[i] !== PROSPECT) eligible.push(i);
    const groupSize = Math.min(
      eligible.length,
      PLANT_PARAMETERS.needCooccurrence.maxCustomers,
      Math.round(n * PLANT_PARAMETERS.needCooccurrence.customerShare),
    );
    const pickOrder = pr.permutation(eligible.length);
    for (let j = 0; j < groupSize; j++) this.cooccurrenceGroup[eligible[pickOrder[j]]] = 1;
    this.atRiskPlanted = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (this.stage[i] === AT_RISK && pr.chance(PLANT_PARAMETERS.atRiskSharedNeed.holderShare)) this.atRiskPlanted[i] = 1;
    }

    // ------------------------------------------------------------------ holdings
    const hr = rng.needs;
    const cap = 10_000;
    const holderCount = new Int32Array(m);
    const holdStart = new Int32Array(n + 1);
    const holdNeed: number[] = [];
    const holdSince: number[] = [];
    const holdIntensity: number[] = [];
    const holdPlanted: number[] = [];
    let planting = 0;
    const add = (need: number, since: number, intensity: number) => {
      holdNeed.push(need);
      holdSince.push(since);
      holdIntensity.push(intensity);
      holdPlanted.push(planting);
      holderCount[need] += 1;
    };
    const plantRng = rng.plants;
    const held = (i: number, need: number) => {
      for (let h = holdStart[i]; h < holdNeed.length; h++) if (holdNeed[h] === need) return true;
      return false;
    };
    for (let i = 0; i < n; i++) {
      holdStart[i] = holdNeed.length;
      const u = size[i];
      const from = this.activeFrom[i];
      const to = this.activeTo[i];
      const earliest = Math.max(this.createdAt[i], from - YEAR);
      let count = clamp(Math.round(0.6 + 2.5 * u + 1.2 * hr.normal()), 0, 8);
      if (this.stage[i] === PROSPECT) count = Math.floor(count / 2);
      for (let k = 0; k < count; k++) {
        const need = this.needPopularity.draw(hr);
        const since = toSecond(earliest + hr.next() ** 2 * 0.7 * (to - earliest));
        const intensity = round2(clamp(0.55 + 0.2 * hr.normal(), 0.05, 1));
        if (holderCount[need] >= cap || held(i, need)) continue;
        add(need, since, intensity);
      }
      // Planted holdings come after the base ones and draw from the plants' stream, so that
      // switching a plant on changes nothing else about the customer. They are held from the
      // start of the customer's activity, so every planted interaction is by a holder.
      planting = 1;
      const plantSince = from;
      const plantIntensity = round2(plantRng.between(0.7, 1));
      if (plants.has('needCooccurrence') && this.cooccurrenceGroup[i]) {
        for (const need of [this.plantNeedA, this.plantNeedB]) {
          if (holderCount[need] < cap && !held(i, need)) add(need, plantSince, plantIntensity);
        }
      }
      if (plants.has('atRiskSharedNeed') && this.atRiskPlanted[i]) {
        const need = this.plantNeedX;
        if (holderCount[need] < cap && !held(i, need)) add(need, plantSince, plantIntensity);
      }
      planting = 0;
    }
    holdStart[n] = holdNeed.length;
    this.holdStart = holdStart;
    this.holdNeed = Int32Array.from(holdNeed);
    this.holdSince = Float64Array.from(holdSince);
    this.holdIntensity = Float64Array.from(holdIntensity);
    this.holdPlanted = Uint8Array.from(holdPlanted);
    this.invert();
  }

  /** The need → holders arrays (in customer order) from the customer → needs ones. */
  private invert(): void {
    const m = this.needs;
    const n = this.customers;
    const holdStart = this.holdStart;
    const holderCount = new Int32Array(m);
    for (const need of this.holdNeed) holderCount[need]++;
    this.holderStart = new Int32Array(m + 1);
    for (let k = 0; k < m; k++) this.holderStart[k + 1] = this.holderStart[k] + holderCount[k];
    const fill = this.holderStart.slice(0, m);
    const total = this.holdNeed.length;
    this.holderCustomer = new Int32Array(total);
    this.holderSince = new Float64Array(total);
    this.holderIntensity = new Float64Array(total);
    for (let i = 0; i < n; i++) {
      for (let h = holdStart[i]; h < holdStart[i + 1]; h++) {
        const need = this.holdNeed[h];
        const at = fill[need]++;
        this.holderCustomer[at] = i;
        this.holderSince[at] = this.holdSince[h];
        this.holderIntensity[at] = this.holdIntensity[h];
      }
    }
  }

  /**
   * Adds planted holdings (the nicheNeedPair plant's: made once the plans are chosen, so after
   * the constructor): each of `customers` holds each of `needs` from the start of its activity,
   * with intensity `intensity[j]` for customers[j]. Marked as never expressed (holdPlanted 2).
   */
  plantHoldings(needs: readonly number[], customers: readonly number[], intensity: readonly number[]): void {
    const n = this.customers;
    const extra = new Map<number, number>();
    customers.forEach((c, j) => extra.set(c, j));
    const holdStart = new Int32Array(n + 1);
    const need: number[] = [];
    const since: number[] = [];
    const strength: number[] = [];
    const planted: number[] = [];
    for (let i = 0; i < n; i++) {
      holdStart[i] = need.length;
      for (let h = this.holdStart[i]; h < this.holdStart[i + 1]; h++) {
        need.push(this.holdNeed[h]);
        since.push(this.holdSince[h]);
        strength.push(this.holdIntensity[h]);
        planted.push(this.holdPlanted[h]);
      }
      const j = extra.get(i);
      if (j === undefined) continue;
      for (const k of needs) {
        if (need.slice(holdStart[i]).includes(k)) continue;
        need.push(k);
        since.push(this.activeFrom[i]);
        strength.push(intensity[j]);
        planted.push(2);
      }
    }
    holdStart[n] = need.length;
    this.holdStart = holdStart;
    this.holdNeed = Int32Array.from(need);
    this.holdSince = Float64Array.from(since);
    this.holdIntensity = Float64Array.from(strength);
    this.holdPlanted = Uint8Array.from(planted);
    this.invert();
  }

  /** Draws when customer i was created and when it is active in the window; returns createdAt. */
  private lifeOf(i: number, stage: number, r: Rng): number {
    let created: number;
    let to = WINDOW_END;
    const existing = r.chance(0.6);
    const a = r.next();
    const b = r.next();
    if (stage === PROSPECT) {
      created = WINDOW_END - (5 + 265 * a) * DAY;
    } else if (stage === CHURNED) {
      to = WINDOW_START + 60 * DAY + b * (WINDOW_END - WINDOW_START - 80 * DAY);
      created =
        existing || to - WINDOW_START < 150 * DAY
          ? WINDOW_START - (30 + 1_500 * a) * DAY
          : WINDOW_START + a * (to - WINDOW_START - 120 * DAY);
    } else {
      const latest = WINDOW_END - (stage === AT_RISK ? 150 : 30) * DAY;
      created = existing ? WINDOW_START - (30 + 1_800 * a) * DAY : WINDOW_START + a * (latest - WINDOW_START);
    }
    created = toSecond(created + b * 0.4 * DAY);
    this.activeFrom[i] = Math.max(created, WINDOW_START);
    this.activeTo[i] = toSecond(to);
    return created;
  }

  // ------------------------------------------------------------------ names and texts

  /** Display name of customer i. */
  customerName(i: number): string {
    if (this.kind[i]) return `${ORG_FIRST[this.nameA[i]]} ${ORG_TRADE[this.nameB[i]]} ${ORG_SUFFIX[this.nameC[i]]}`;
    return `${FIRST_NAMES[this.nameA[i]]} ${LAST_NAMES[this.nameB[i]]}`;
  }

  /** Short name of customer i for texts: an organization's first word(s), a person's full name. */
  customerShortName(i: number): string {
    if (this.kind[i]) return `${ORG_FIRST[this.nameA[i]]} ${ORG_TRADE[this.nameB[i]]}`;
    return this.customerName(i);
  }

  /** First name of the contact person of customer i (the person, or a drawn contact of an organization). */
  contactFirstName(i: number, draw: number): string {
    if (!this.kind[i]) return FIRST_NAMES[this.nameA[i]] as string;
    return FIRST_NAMES[Math.floor(draw * FIRST_NAMES.length)];
  }

  /** E-mail address of customer i. */
  customerEmail(i: number): string {
    if (this.kind[i]) return `contact.${i + 1}@${slug(`${ORG_FIRST[this.nameA[i]]} ${ORG_TRADE[this.nameB[i]]}`)}.example.com`;
    return `${slug(FIRST_NAMES[this.nameA[i]])}.${slug(LAST_NAMES[this.nameB[i]])}.${i + 1}@example.net`;
  }

  /** Display name of employee e. */
  employeeName(e: number): string {
    return `${FIRST_NAMES[this.employeeFirst[e]]} ${LAST_NAMES[this.employeeLast[e]]}`;
  }

  /** E-mail address of employee e. */
  employeeEmail(e: number): string {
    return `${slug(FIRST_NAMES[this.employeeFirst[e]])}.${slug(LAST_NAMES[this.employeeLast[e]])}.${e + 1}@fieldline.example.com`;
  }

  /** Title of need k. */
  needTitle(k: number): string {
    const stem = NEED_STEMS[this.needStem[k]].title;
    const context = this.needContext[k];
    return context < 0 ? stem : `${stem} ${NEED_CONTEXTS[context]}`;
  }

  /** Holders of need k as [start, end) into the holder arrays. */
  holders(k: number): [number, number] {
    return [this.holderStart[k], this.holderStart[k + 1]];
  }

  /** The plain-language value of the stage of customer i. */
  stageOf(i: number): LifecycleStage {
    return STAGES[this.stage[i]];
  }

  /** Kind of customer i as the enum value. */
  kindOf(i: number): CustomerKind {
    return this.kind[i] ? CustomerKind.ORGANIZATION : CustomerKind.PERSON;
  }

  /** Relationship type of customer i as the enum value. */
  relationshipOf(i: number): RelationshipType {
    return this.collaborative[i] ? RelationshipType.COLLABORATIVE : RelationshipType.TRANSACTIONAL;
  }

  /** Priority of need k as the enum value. */
  priorityOf(k: number): Priority {
    return [Priority.LOW, Priority.MEDIUM, Priority.HIGH, Priority.CRITICAL][this.needPriority[k]];
  }

  /** Status of need k as the enum value. */
  statusOf(k: number): NeedStatus {
    return [NeedStatus.OPEN, NeedStatus.IN_PROGRESS, NeedStatus.MET, NeedStatus.DROPPED][this.needStatus[k]];
  }

  /** Segment external id of customer i, if it has one. */
  segmentOf(i: number): string | undefined {
    const s = this.segment[i];
    return s < 0 ? undefined : SEGMENTS[s].externalId;
  }
}
