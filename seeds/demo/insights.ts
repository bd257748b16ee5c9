import type { AnnotationKind, InsightOrigin, InsightStatus, SeedAnnotation, SeedInsight } from '../types';
import { at } from './calendar';
import type { CustomerKey } from './customers';
import type { EmployeeKey } from './employees';
import type { NeedKey } from './needs';
import type { DemoInteraction } from './storylines';
import type { SegmentKey, TopicName } from './taxonomy';

/**
 * What Fieldline has learned: knowledge about individual customers (ABOUT_CUSTOMER) and
 * knowledge that customers gave us (FROM_CUSTOMER), each linked to the interactions it rests on.
 * Insights move through DRAFT -> PROPOSED -> VALIDATED / REFUTED, and are ARCHIVED when
 * superseded or out of date. Validation and refutation are always someone else's annotation.
 */

/** Extra evidence chosen from all interactions: the latest matching ones up to a moment. */
interface EvidenceQuery {
  needs?: NeedKey[];
  customers?: CustomerKey[];
  topics?: TopicName[];
  before: string;
  limit: number;
}

interface Note {
  by: EmployeeKey;
  kind: AnnotationKind;
  at: string;
  body: string;
}

interface InsightSpec {
  key: string;
  title: string;
  body: string;
  origin: InsightOrigin;
  status: InsightStatus;
  confidence: number;
  version?: number;
  created: string;
  updated?: string;
  validUntil?: string;
  author: EmployeeKey;
  customers?: CustomerKey[];
  needs?: NeedKey[];
  segments?: SegmentKey[];
  /** Short interaction ids, e.g. 'nw-07' for 'int-nw-07'. */
  evidence?: string[];
  moreEvidence?: EvidenceQuery;
  topics: TopicName[];
  supersedes?: string;
  notes?: Note[];
}

const SPECS: InsightSpec[] = [
  // ================================================================ Northwind
  {
    key: 'ins-nw-price-sensitive',
    title: 'Northwind is price-sensitive at renewal',
    body:
      'At the December renewal Northwind pushed back hard on the 7% uplift and asked for a multi-year discount. Expect them to negotiate on price at every renewal; ' +
      'prepare a discount mandate before the meeting.',
    origin: 'ABOUT_CUSTOMER',
    status: 'ARCHIVED',
    confidence: 0.6,
    created: '2024-12-11 09:00',
    updated: '2025-01-20 10:00',
    author: 'emp-lukas',
    customers: ['cust-northwind'],
    evidence: ['nw-01'],
    topics: ['pricing', 'renewal'],
    notes: [
      {
        by: 'emp-priya',
        kind: 'COMMENT',
        at: '2024-12-13 11:20',
        body: 'Worth checking whether this is price or a lack of visible new value: the CFO quote ("not justified by anything new") points to the latter.',
      },
    ],
  },
  {
    key: 'ins-nw-value-over-price',
    title: 'Northwind trades price for influence: it accepts an uplift when it gets visibility and a say in the roadmap',
    body:
      'Northwind signed three years at 3% instead of fighting the uplift once we offered a joint case study and two roadmap sessions a year. ' +
      'Since then their planners co-designed the emissions report. Lead renewal talks with what they get to shape, not with discounts.',
    origin: 'ABOUT_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.85,
    version: 2,
    created: '2025-01-20 10:00',
    updated: '2025-10-22 16:00',
    author: 'emp-lukas',
    customers: ['cust-northwind', 'cust-anke-schulz'],
    needs: ['need-feel-heard'],
    evidence: ['nw-01', 'nw-02', 'nw-11'],
    topics: ['pricing', 'renewal', 'account-management'],
    supersedes: 'ins-nw-price-sensitive',
    notes: [
      {
        by: 'emp-elena',
        kind: 'COMMENT',
        at: '2025-10-15 09:10',
        body: 'Their emissions session was one of the best we have run. They clearly value being early.',
      },
      {
        by: 'emp-maren',
        kind: 'ENDORSEMENT',
        at: '2025-10-22 15:30',
        body: 'Validated: the renewal closed at 3% with the case study, and the co-design sessions kept the relationship warm through the peak incident. Use this framing for the 2028 price-lock talk.',
      },
    ],
  },
  {
    key: 'ins-nw-peak-tolerance',
    title: 'Northwind tolerates almost no planning downtime in its July and December peaks',
    body:
      'A two-hour delay in the Hamburg peak week turned into a formal complaint from the COO and an SLA claim within two weeks, although the relationship is otherwise strong. ' +
      "Any change to Northwind's planning capacity must be load-tested before June and November.",
    origin: 'ABOUT_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.9,
    created: '2025-08-05 09:00',
    updated: '2025-08-18 14:00',
    validUntil: '2027-08-31 23:59',
    author: 'emp-jonas',
    customers: ['cust-northwind', 'cust-anke-schulz'],
    needs: ['need-peace-of-mind-peak'],
    evidence: ['nw-07', 'nw-09', 'nw-10'],
    topics: ['performance', 'route-planning'],
    notes: [
      {
        by: 'emp-aisha',
        kind: 'ENDORSEMENT',
        at: '2025-08-18 13:40',
        body: 'Confirmed from the support side: both P1 tickets of the year fell in peak weeks. The peak-readiness check is now in our runbook.',
      },
    ],
  },
  {
    key: 'ins-nw-telematics-if-emissions',
    title: 'Northwind will put telematics on 120 more trucks if CO2 reporting comes from the same data',
    body:
      'After the emissions beta matched their fuel cards within 4%, Northwind asked for FL-Box on the trucks that still use a third-party tracker, on the condition ' +
      'that CO2 figures come from one source. The quote is in their November budget round.',
    origin: 'ABOUT_CUSTOMER',
    status: 'PROPOSED',
    confidence: 0.7,
    created: '2026-09-16 09:00',
    updated: '2026-10-29 10:00',
    author: 'emp-lukas',
    customers: ['cust-northwind'],
    needs: ['need-emissions-reporting'],
    evidence: ['nw-16', 'nw-17', 'nw-18'],
    topics: ['telematics', 'sustainability', 'pricing'],
    notes: [
      {
        by: 'emp-elena',
        kind: 'COMMENT',
        at: '2026-09-18 10:00',
        body: 'Emissions reporting is planned for general availability in Q1 2027. We can commit to the methodology note now.',
      },
    ],
  },
  // ================================================================ Baltic Cold Chain
  {
    key: 'ins-bc-teething',
    title: "Baltic's sensor problems are first-wave teething issues",
    body: 'The sensors that dropped offline on the northern routes belong to the first installation wave. Expect the problems to fade once the workshop has more practice.',
    origin: 'ABOUT_CUSTOMER',
    status: 'ARCHIVED',
    confidence: 0.5,
    created: '2025-05-02 10:00',
    updated: '2025-11-27 09:00',
    author: 'emp-jonas',
    customers: ['cust-baltic'],
    evidence: ['bc-03', 'bc-04'],
    topics: ['hardware-devices', 'temperature-monitoring'],
    notes: [
      {
        by: 'emp-aisha',
        kind: 'CHALLENGE',
        at: '2025-05-06 14:15',
        body: 'Battery drain below -15 °C is a hardware specification issue, not installation practice. The northern routes will keep failing with the standard sensor.',
      },
    ],
  },
  {
    key: 'ins-bc-churn-risk',
    title: 'Baltic Cold Chain will leave at the December decision unless alert latency and trust are both restored',
    body:
      'The lost vaccine load made alert latency the only measure Baltic uses for us. Firmware 3.2 closed the technical gap (median alert 3 minutes), ' +
      'but the board ordered a tender and Ingeborg Lund has criticised us publicly. Keeping Baltic needs contractual latency guarantees, ' +
      'visible ownership on site and a commercial gesture, not only the fix.',
    origin: 'ABOUT_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.8,
    version: 3,
    created: '2025-11-27 09:00',
    updated: '2026-10-21 09:00',
    validUntil: '2026-12-31 23:59',
    author: 'emp-jonas',
    customers: ['cust-baltic', 'cust-ingeborg-lund'],
    needs: ['need-cold-chain-alerts', 'need-trust-support'],
    evidence: ['bc-08', 'bc-10', 'bc-12', 'bc-15', 'bc-16'],
    topics: ['temperature-monitoring', 'renewal', 'account-management'],
    supersedes: 'ins-bc-teething',
    notes: [
      {
        by: 'emp-maren',
        kind: 'ENDORSEMENT',
        at: '2025-12-01 10:00',
        body: 'Validated. The account is flagged at risk and on the leadership watch list.',
      },
      {
        by: 'emp-lukas',
        kind: 'COMMENT',
        at: '2026-03-06 09:30',
        body: 'Revised to v2 after the pilot: the technical gap is closed, the trust gap is not.',
      },
      {
        by: 'emp-priya',
        kind: 'COMMENT',
        at: '2026-10-07 08:45',
        body: 'v3: the LinkedIn post makes this a reputation issue in the cold-chain segment, not only one account.',
      },
    ],
  },
  {
    key: 'ins-bc-price-driven',
    title: "Baltic's 2027 tender is mainly a price exercise",
    body: 'Procurement asks for a price at least 15% below today, so the tender will be decided on price. Prepare the lowest possible offer.',
    origin: 'ABOUT_CUSTOMER',
    status: 'REFUTED',
    confidence: 0.2,
    created: '2026-05-15 09:00',
    updated: '2026-06-02 11:00',
    author: 'emp-lukas',
    customers: ['cust-baltic'],
    evidence: ['bc-13', 'bc-12'],
    topics: ['pricing', 'renewal'],
    notes: [
      {
        by: 'emp-priya',
        kind: 'CHALLENGE',
        at: '2026-05-20 10:10',
        body: "Ingeborg's March email says the board wants a tender because of the vaccine loss. Price is what procurement writes down; trust is why they are looking.",
      },
      {
        by: 'emp-jonas',
        kind: 'COMMENT',
        at: '2026-06-02 10:50',
        body: 'Agree with Priya, marking as refuted. Keep the 15% in mind but lead with latency guarantees and the sensor swap.',
      },
    ],
  },
  // ================================================================ Tidewater
  {
    key: 'ins-tw-champion',
    title: "Fiona Gallagher is Tidewater's internal champion; compliance wins carry the account",
    body:
      'Tidewater buys and renews on compliance. Fiona trained her QA team herself, reviewed our audit export design and credited Fieldline when the inspection passed. ' +
      'Keep her close: involve her early in anything that touches delivery records.',
    origin: 'ABOUT_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.85,
    created: '2025-12-10 09:00',
    updated: '2025-12-15 12:00',
    author: 'emp-lukas',
    customers: ['cust-tidewater', 'cust-fiona-gallagher'],
    needs: ['need-audit-trail'],
    evidence: ['tw-02', 'tw-04', 'tw-07'],
    topics: ['compliance', 'account-management'],
    notes: [
      {
        by: 'emp-jonas',
        kind: 'ENDORSEMENT',
        at: '2025-12-12 16:00',
        body: 'Agreed. She also answers our product questions faster than anyone else at Tidewater.',
      },
    ],
  },
  {
    key: 'ins-tw-sso-condition',
    title: 'Tidewater will make single sign-on for drivers a condition of staying compliant',
    body: 'Their IT security policy rejects local passwords from January. Office users are live on SSO; if drivers on shared tablets are not, the app becomes an audit exception.',
    origin: 'ABOUT_CUSTOMER',
    status: 'PROPOSED',
    confidence: 0.65,
    created: '2026-06-04 09:00',
    updated: '2026-09-30 09:00',
    validUntil: '2027-02-28 23:59',
    author: 'emp-jonas',
    customers: ['cust-tidewater'],
    needs: ['need-sso'],
    evidence: ['tw-08', 'tw-09', 'tw-10'],
    topics: ['integration-api', 'compliance', 'data-privacy'],
    notes: [
      {
        by: 'emp-elena',
        kind: 'COMMENT',
        at: '2026-06-05 09:30',
        body: 'SSO for drivers on shared tablets needs a kiosk mode; that cannot ship before November.',
      },
    ],
  },
  // ================================================================ Helio
  {
    key: 'ins-he-promoter',
    title: 'Helio turned from detractor to promoter once offline mode reached their roofs',
    body:
      'Helio scored onboarding 7/10 with offline gaps as the main complaint. After joining the beta, the same operations manager praised offline mode publicly ' +
      'and the owner named it as the reason to expand. Being asked mattered to them as much as the feature.',
    origin: 'ABOUT_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.9,
    created: '2026-03-11 09:00',
    updated: '2026-03-18 15:00',
    author: 'emp-sofia',
    customers: ['cust-helio', 'cust-joost-van-dijk'],
    needs: ['need-offline-routing', 'need-feel-heard'],
    evidence: ['he-05', 'he-07', 'he-08', 'he-10', 'he-12'],
    topics: ['offline-mode', 'account-management'],
    notes: [
      { by: 'emp-elena', kind: 'COMMENT', at: '2026-03-12 10:00', body: 'Asked Joost whether we may quote his post in the release notes.' },
      {
        by: 'emp-maren',
        kind: 'ENDORSEMENT',
        at: '2026-03-18 14:30',
        body: 'Validated: survey, beta notes and the expansion all point the same way.',
      },
    ],
  },
  {
    key: 'ins-he-heatpump',
    title: "Helio's heat-pump division could double its seat count again in 2027",
    body: 'The heat-pump division started with 25 technicians and Helio renewed early with room to grow. Worth a growth conversation in Q1.',
    origin: 'ABOUT_CUSTOMER',
    status: 'DRAFT',
    confidence: 0.4,
    created: '2026-07-22 09:00',
    author: 'emp-sofia',
    customers: ['cust-helio'],
    evidence: ['he-10', 'he-13'],
    topics: ['pricing', 'dispatch-scheduling'],
  },
  // ================================================================ Vantage
  {
    key: 'ins-va-churn-cause',
    title: 'Vantage churned over API pricing and limits it could not forecast, not over routing quality',
    body:
      'Vantage met a rate limit and a paid tier only after go-live, then an overage bill it had not seen coming. Their CTO ranked unpredictable cost first, ' +
      'limits second and ETA accuracy third, and said routing quality was never the problem.',
    origin: 'ABOUT_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.85,
    created: '2025-06-13 09:00',
    updated: '2025-06-20 16:00',
    author: 'emp-priya',
    customers: ['cust-vantage', 'cust-dmitri-volkov'],
    needs: ['need-no-billing-surprises'],
    evidence: ['va-03', 'va-05', 'va-07', 'va-08'],
    topics: ['pricing', 'integration-api', 'billing'],
    notes: [
      { by: 'emp-lukas', kind: 'ENDORSEMENT', at: '2025-06-16 09:15', body: 'Matches what procurement told me in April.' },
      {
        by: 'emp-elena',
        kind: 'CHALLENGE',
        at: '2025-06-20 15:40',
        body: "ETA accuracy in traffic was their third reason and the one we can fix in the product. Don't let the pricing story hide it.",
      },
    ],
  },
  {
    key: 'ins-va-winback',
    title: 'Vantage would come back for a flat-rate API tier',
    body: 'The exit interview suggested Vantage would reconsider "if the API were priced like infrastructure". The flat-rate tier launched in September answers exactly that.',
    origin: 'ABOUT_CUSTOMER',
    status: 'REFUTED',
    confidence: 0.15,
    version: 2,
    created: '2025-07-02 09:00',
    updated: '2025-11-05 10:00',
    author: 'emp-lukas',
    customers: ['cust-vantage'],
    evidence: ['va-08', 'va-09'],
    topics: ['pricing', 'integration-api'],
    notes: [
      {
        by: 'emp-priya',
        kind: 'COMMENT',
        at: '2025-07-03 11:00',
        body: 'Plausible, but they signed elsewhere only a month ago. Timing matters.',
      },
      {
        by: 'emp-maren',
        kind: 'CHALLENGE',
        at: '2025-11-05 09:45',
        body: 'Two follow-ups, no reply, and they are in a two-year contract elsewhere. Refuted for now; revisit before their renewal in 2027.',
      },
    ],
  },
  // ================================================================ Kestrel
  {
    key: 'ins-ke-cost-to-serve',
    title: 'Kestrel costs more to serve than it brings in, because its dispatchers were never trained',
    body:
      'Most of Kestrel\'s contacts are "how do I" questions from dispatchers who joined after the 2023 onboarding. Support time and billing corrections push ' +
      'the cost to serve above the revenue. Training, not more support, is the lever.',
    origin: 'ABOUT_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.8,
    created: '2025-10-09 09:00',
    updated: '2025-10-14 15:00',
    author: 'emp-priya',
    customers: ['cust-kestrel'],
    needs: ['need-fast-onboarding'],
    evidence: ['ke-01', 'ke-04'],
    moreEvidence: {
      customers: ['cust-kestrel'],
      topics: ['mobile-app', 'dispatch-scheduling', 'training'],
      before: '2025-10-09 09:00',
      limit: 3,
    },
    topics: ['support-responsiveness', 'training'],
    notes: [
      {
        by: 'emp-aisha',
        kind: 'ENDORSEMENT',
        at: '2025-10-14 14:30',
        body: 'Ticket data agrees: about 30 contacts in nine months, mostly "how do I" questions.',
      },
    ],
  },
  {
    key: 'ins-ke-dunning',
    title: "Automated dunning hurt Kestrel's trust more than the billing errors that came before",
    body:
      'Kestrel forgave a wrong invoice and a slow credit, but a suspension without a phone call after three years of payments felt like being switched off. ' +
      'Accounts with an owner now get a call before any suspension.',
    origin: 'ABOUT_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.85,
    created: '2026-04-06 09:00',
    updated: '2026-04-15 11:00',
    author: 'emp-sofia',
    customers: ['cust-kestrel'],
    needs: ['need-no-billing-surprises', 'need-trust-support'],
    evidence: ['ke-02', 'ke-06', 'ke-07'],
    topics: ['billing', 'account-management'],
    notes: [
      {
        by: 'emp-jonas',
        kind: 'ENDORSEMENT',
        at: '2026-04-09 10:00',
        body: "Same pattern as with Lena Vogel's price change, on a bigger scale.",
      },
      {
        by: 'emp-maren',
        kind: 'COMMENT',
        at: '2026-04-15 10:40',
        body: 'The dunning rule change is a good example of the learning loop. Linked to the billing-surprise insight.',
      },
    ],
  },
  {
    key: 'ins-ke-renewal-risk',
    title: 'Kestrel will not renew in January without a cheaper plan',
    body: 'Kestrel asked for a plan without hardware at the last renewal and has had two competitor demos. Without a cheaper plan the renewal is lost.',
    origin: 'ABOUT_CUSTOMER',
    status: 'PROPOSED',
    confidence: 0.7,
    created: '2026-09-09 09:00',
    updated: '2026-11-06 09:00',
    validUntil: '2027-01-31 23:59',
    author: 'emp-sofia',
    customers: ['cust-kestrel'],
    needs: ['need-simple-pricing'],
    evidence: ['ke-05', 'ke-09', 'ke-10'],
    topics: ['renewal', 'pricing'],
    notes: [
      {
        by: 'emp-priya',
        kind: 'CHALLENGE',
        at: '2026-11-06 08:40',
        body: "The recent calls are about support effort and sync failures, not price. A cheaper plan with the same sync bug won't save it.",
      },
    ],
  },
  // ================================================================ independents
  {
    key: 'ins-lv-referral-hub',
    title: "Lena Vogel is a referral hub among Leipzig's independent couriers",
    body:
      'Lena brought Marco Bellini and Yara Costa within a week, and Marco later brought Omar Farouk. Her public posts reach other couriers. ' +
      'Treat her as a community voice: answer fast, and tell her about changes before they happen.',
    origin: 'ABOUT_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.8,
    created: '2025-08-14 09:00',
    updated: '2026-01-25 10:00',
    author: 'emp-jonas',
    customers: ['cust-lena-vogel'],
    segments: ['seg-independents'],
    evidence: ['lv-04', 'lv-06'],
    topics: ['user-community', 'account-management'],
    notes: [
      {
        by: 'emp-priya',
        kind: 'ENDORSEMENT',
        at: '2026-01-25 09:30',
        body: 'Third-level referral now: Omar came through Marco. Three paying couriers trace back to Lena.',
      },
    ],
  },
  {
    key: 'ins-pd-phone-training',
    title: 'Pim de Boer uses phone support as training; short videos would make him profitable',
    body:
      'Pim calls several times a month with friendly "how do I" questions of 20 to 40 minutes. His cost to serve is four times his subscription. ' +
      'A handful of short videos for sole traders would serve him better and cost less.',
    origin: 'ABOUT_CUSTOMER',
    status: 'PROPOSED',
    confidence: 0.7,
    created: '2025-10-23 09:00',
    updated: '2026-05-14 09:00',
    author: 'emp-priya',
    customers: ['cust-pim-de-boer'],
    needs: ['need-fast-onboarding'],
    evidence: ['pd-02', 'pd-03', 'pd-04'],
    topics: ['training', 'support-responsiveness'],
    notes: [
      {
        by: 'emp-jonas',
        kind: 'ENDORSEMENT',
        at: '2025-10-28 10:00',
        body: 'Yes. The same videos would help every sole trader who onboards by phone.',
      },
    ],
  },
  {
    key: 'ins-te-seasonal',
    title: 'Tobias Engel would stay if he could pause over the winter',
    body: 'A mobile bike mechanic with almost no jobs from November to February. He is not unhappy with the app, only with paying for months he does not use it.',
    origin: 'ABOUT_CUSTOMER',
    status: 'DRAFT',
    confidence: 0.5,
    created: '2026-10-01 09:00',
    author: 'emp-jonas',
    customers: ['cust-tobias-engel'],
    needs: ['need-seasonal-pause'],
    evidence: ['te-01', 'te-02'],
    topics: ['pricing', 'billing'],
  },
  // ================================================================ other accounts
  {
    key: 'ins-me-board-kpis',
    title: "Meridian's year-two call-off depends on proving lower overtime to its board",
    body: 'Dispatch is convinced; the board is not yet. A monthly KPI pack with overtime and first-time fix, built from our data and their payroll, is what keeps the framework growing.',
    origin: 'ABOUT_CUSTOMER',
    status: 'PROPOSED',
    confidence: 0.75,
    created: '2026-01-16 09:00',
    updated: '2026-03-27 09:00',
    author: 'emp-sofia',
    customers: ['cust-meridian'],
    needs: ['need-board-visibility', 'need-fleet-reporting'],
    evidence: ['me-07', 'me-08'],
    topics: ['reporting-analytics', 'renewal'],
    notes: [
      {
        by: 'emp-priya',
        kind: 'COMMENT',
        at: '2026-03-27 08:30',
        body: 'The KPI pack is built. Suggest we make it a standard monthly deliverable for public-sector accounts.',
      },
    ],
  },
  {
    key: 'ins-me-in-country',
    title: 'Meridian requires in-country hosting, not only EU hosting',
    body: 'The framework conditions mention data hosting; we assumed a national data centre would be required.',
    origin: 'ABOUT_CUSTOMER',
    status: 'ARCHIVED',
    confidence: 0.5,
    created: '2024-12-13 09:00',
    updated: '2025-02-10 10:00',
    validUntil: '2025-03-31 23:59',
    author: 'emp-sofia',
    customers: ['cust-meridian'],
    needs: ['need-data-residency'],
    evidence: ['me-01'],
    topics: ['data-privacy', 'compliance'],
    notes: [
      {
        by: 'emp-maren',
        kind: 'COMMENT',
        at: '2025-02-10 09:50',
        body: 'Their DPA template says EU/EEA. Archived; see the insight on EU hosting.',
      },
    ],
  },
  {
    key: 'ins-or-cost-per-drop',
    title: "Orchard's board decides on cost per drop, not on service quality",
    body:
      'Members love the ETA texts and late deliveries fell 18%, yet the board asked only one question: cost per drop against the old courier contract. ' +
      'Every Orchard proposal should open with that number.',
    origin: 'ABOUT_CUSTOMER',
    status: 'PROPOSED',
    confidence: 0.7,
    created: '2026-09-23 09:00',
    updated: '2026-11-11 09:00',
    author: 'emp-lukas',
    customers: ['cust-orchard', 'cust-megan-oneill'],
    needs: ['need-board-visibility'],
    evidence: ['or-03', 'or-06', 'or-07'],
    topics: ['pricing', 'reporting-analytics'],
    notes: [
      {
        by: 'emp-jonas',
        kind: 'COMMENT',
        at: '2026-11-12 09:00',
        body: 'Megan is on our side; give her a one-pager she can present without us in the room.',
      },
    ],
  },
  {
    key: 'ins-or-irish',
    title: 'Orchard may require Irish-language ETA texts before a full rollout',
    body: 'The co-op has a bilingual communications policy and members in Irish-speaking areas have asked. Not a pilot blocker, possibly a rollout condition.',
    origin: 'ABOUT_CUSTOMER',
    status: 'DRAFT',
    confidence: 0.45,
    created: '2026-08-12 09:00',
    author: 'emp-aisha',
    customers: ['cust-orchard'],
    needs: ['need-realtime-eta'],
    evidence: ['or-05'],
    topics: ['customer-notifications'],
  },
  {
    key: 'ins-ca-emissions-tender',
    title: 'Castellan won a retail tender because it could report CO2 per delivery',
    body: 'Beatriz Santos asked for emissions data in October, tested the beta, and won a supermarket tender in which CO2 per delivery was scored. She now refers us to others.',
    origin: 'ABOUT_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.9,
    created: '2026-02-25 09:00',
    updated: '2026-03-02 12:00',
    author: 'emp-elena',
    customers: ['cust-castellan', 'cust-beatriz-santos'],
    needs: ['need-emissions-reporting', 'need-sustainability-image'],
    evidence: ['ca-02', 'ca-03', 'ca-04'],
    topics: ['sustainability', 'account-management'],
    notes: [
      {
        by: 'emp-lukas',
        kind: 'ENDORSEMENT',
        at: '2026-03-02 11:30',
        body: 'Confirmed with Beatriz directly. She also introduced us to Orchard Grocers.',
      },
    ],
  },
  {
    key: 'ins-au-works-council',
    title: 'At Aurora, the works council decides on any tracking feature',
    body:
      "Live ETAs for Aurora's subscribers waited five months for the works council. Job-scoped tracking with deletion after 30 days was approved at once. " +
      'Bring the works council in at the design stage.',
    origin: 'ABOUT_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.85,
    created: '2025-06-05 09:00',
    updated: '2025-10-30 14:00',
    author: 'emp-elena',
    customers: ['cust-aurora'],
    needs: ['need-driver-fairness'],
    evidence: ['au-02', 'au-03'],
    topics: ['data-privacy', 'customer-notifications'],
    notes: [
      {
        by: 'emp-sofia',
        kind: 'ENDORSEMENT',
        at: '2025-10-30 13:30',
        body: 'Approved in one meeting once they saw the design. Validated.',
      },
    ],
  },
  {
    key: 'ins-gw-speaker-referrals',
    title: 'Greywell refers peers when we give it a stage',
    body: "Greywell's operations lead introduced Helio and looks for meetups to speak at. Invitations to speak are worth more to him than referral fees.",
    origin: 'ABOUT_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.7,
    created: '2025-05-08 09:00',
    updated: '2025-05-12 12:00',
    author: 'emp-sofia',
    customers: ['cust-greywell'],
    needs: ['need-peer-community'],
    evidence: ['gw-01', 'gw-02', 'he-01'],
    topics: ['user-community', 'account-management'],
    notes: [
      {
        by: 'emp-jonas',
        kind: 'ENDORSEMENT',
        at: '2025-05-12 11:00',
        body: 'He asked me about regional meetups twice after the user day.',
      },
    ],
  },
  {
    key: 'ins-lu-logins-lead',
    title: "Lumen's drop in logins came two months before its complaints",
    body:
      'Engineer logins fell 40% from March; complaints about checklists followed in July and a downgrade request in October. ' +
      'If this holds elsewhere, a falling login trend is an early churn signal worth putting into the health score.',
    origin: 'ABOUT_CUSTOMER',
    status: 'PROPOSED',
    confidence: 0.65,
    created: '2026-07-23 09:00',
    updated: '2026-10-05 09:00',
    author: 'emp-priya',
    customers: ['cust-lumen'],
    evidence: ['lu-01', 'lu-02', 'lu-03'],
    topics: ['reporting-analytics', 'mobile-app'],
    notes: [
      {
        by: 'emp-maren',
        kind: 'COMMENT',
        at: '2026-10-05 08:50',
        body: 'If this holds for two more accounts, the login trend belongs in the health score.',
      },
    ],
  },
  {
    key: 'ins-qu-minimum-plan',
    title: 'Quarry Lane left because the five-user minimum was too big for three builders',
    body: 'Quarry Lane used calendar and invoicing only and paid for two users it did not have. It moved to a simple calendar app at a quarter of the price.',
    origin: 'ABOUT_CUSTOMER',
    status: 'ARCHIVED',
    confidence: 0.8,
    created: '2025-07-30 09:00',
    updated: '2025-09-16 09:00',
    author: 'emp-priya',
    customers: ['cust-quarry'],
    needs: ['need-simple-pricing'],
    evidence: ['qu-01', 'qu-02'],
    topics: ['pricing'],
    notes: [
      {
        by: 'emp-sofia',
        kind: 'COMMENT',
        at: '2025-09-15 16:00',
        body: 'Folded into the segment insight on a plan for small trades firms; archiving.',
      },
    ],
  },
  // ================================================================ from customers: needs and segments
  {
    key: 'ins-offline-v1',
    title: 'Rural installers ask for an offline job list',
    body: 'Installers on rural roofs lose signal and cannot load their next job. A downloadable day plan would cover most of it.',
    origin: 'FROM_CUSTOMER',
    status: 'ARCHIVED',
    confidence: 0.6,
    created: '2025-03-24 09:00',
    updated: '2025-07-03 09:00',
    author: 'emp-elena',
    customers: ['cust-helio'],
    needs: ['need-offline-routing'],
    evidence: ['he-05', 'he-06'],
    topics: ['offline-mode', 'mobile-app'],
    notes: [
      {
        by: 'emp-priya',
        kind: 'COMMENT',
        at: '2025-03-26 10:00',
        body: 'Couriers on Fieldline Go ask for the same thing. This is wider than installers.',
      },
    ],
  },
  {
    key: 'ins-offline-demand',
    title: 'Customers want offline route planning, not just offline maps',
    body:
      'Installers, landscapers and couriers all lose signal during the day. Offline maps and a pre-loaded day plan removed the worst of it; what they ask for now ' +
      'is to re-order and re-plan stops without signal and sync without duplicates. It is the most widely held need across mid-market and independents.',
    origin: 'FROM_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.9,
    version: 2,
    created: '2025-07-03 09:00',
    updated: '2026-03-15 09:00',
    author: 'emp-elena',
    needs: ['need-offline-routing'],
    segments: ['seg-midmarket', 'seg-independents'],
    evidence: ['he-05', 'he-09', 'lv-07'],
    moreEvidence: { needs: ['need-offline-routing'], before: '2026-03-15 09:00', limit: 3 },
    topics: ['offline-mode', 'route-planning', 'mobile-app'],
    supersedes: 'ins-offline-v1',
    notes: [
      {
        by: 'emp-maren',
        kind: 'ENDORSEMENT',
        at: '2025-07-10 09:00',
        body: 'Seventeen customers hold this need, across three segments. Validated.',
      },
      {
        by: 'emp-aisha',
        kind: 'COMMENT',
        at: '2025-11-03 14:00',
        body: 'Duplicate photo uploads after reconnecting are now the top offline ticket.',
      },
      { by: 'emp-sofia', kind: 'ENDORSEMENT', at: '2026-03-12 10:30', body: "Helio's public post says it better than we could." },
    ],
  },
  {
    key: 'ins-billing-proration',
    title: 'Prorated seat and licence changes are the top source of billing complaints',
    body:
      'Greywell, Helio, Northwind and Baltic all disputed invoices for the same reason: mid-period additions billed without dates and rates, or from the order date ' +
      'instead of the go-live date. Invoices should show the calculation and start billing at go-live.',
    origin: 'FROM_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.85,
    created: '2026-02-02 09:00',
    updated: '2026-05-05 09:00',
    author: 'emp-priya',
    needs: ['need-clear-invoices'],
    evidence: ['gw-03', 'he-11', 'bc-06', 'nw-14'],
    topics: ['billing', 'contract-terms'],
    notes: [
      { by: 'emp-lukas', kind: 'ENDORSEMENT', at: '2026-05-01 09:00', body: "Northwind's Leipzig invoice is the same pattern." },
      {
        by: 'emp-maren',
        kind: 'COMMENT',
        at: '2026-05-05 08:30',
        body: 'Finance has agreed to bill new licences from the go-live date for all accounts from Q3.',
      },
    ],
  },
  {
    key: 'ins-billing-surprise-trust',
    title: 'For small customers an unexpected charge reads as a breach of trust, not as an error',
    body:
      'A courier whose annual price rose without a notice she saw, a service firm suspended by dunning, an API customer hit by overage: the money was small, ' +
      'the reaction was about being treated as a number. Announce changes personally and call before any switch-off.',
    origin: 'FROM_CUSTOMER',
    status: 'PROPOSED',
    confidence: 0.7,
    created: '2026-04-07 09:00',
    author: 'emp-maren',
    needs: ['need-no-billing-surprises'],
    segments: ['seg-independents', 'seg-smb'],
    evidence: ['lv-08', 'ke-06', 'va-05'],
    topics: ['billing', 'pricing'],
    notes: [
      {
        by: 'emp-jonas',
        kind: 'COMMENT',
        at: '2026-04-10 11:00',
        body: 'Lena asked for price changes by text message. Cheap to do for the whole independents segment.',
      },
    ],
  },
  {
    key: 'ins-alert-latency',
    title: 'Cold-chain customers judge us by alert latency in minutes, not by uptime',
    body:
      'Baltic never complained about availability; it complained about 50 minutes between an excursion and an alert, and about false alarms that drivers ignore. ' +
      'Default polling intervals chosen for battery life are a product decision with commercial consequences.',
    origin: 'FROM_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.9,
    created: '2025-11-20 09:00',
    updated: '2026-03-10 09:00',
    author: 'emp-elena',
    customers: ['cust-baltic'],
    needs: ['need-cold-chain-alerts'],
    evidence: ['bc-05', 'bc-08', 'bc-09', 'bc-12'],
    topics: ['temperature-monitoring', 'hardware-devices'],
    notes: [
      { by: 'emp-jonas', kind: 'ENDORSEMENT', at: '2025-11-28 09:00', body: 'Validated; the incident bridge showed exactly this.' },
      {
        by: 'emp-aisha',
        kind: 'COMMENT',
        at: '2026-03-10 08:40',
        body: 'Pilot median is 3 minutes. Worth publishing the latency figure in the product sheet.',
      },
    ],
  },
  {
    key: 'ins-hw-replacement',
    title: 'The next-day device replacement promise fails outside Germany',
    body: 'Cold-rated sensors and handhelds ship from Hamburg; to Scandinavia and for special variants it takes days, not one. Either stock locally or stop promising next day.',
    origin: 'FROM_CUSTOMER',
    status: 'PROPOSED',
    confidence: 0.75,
    created: '2025-05-05 09:00',
    updated: '2026-08-27 09:00',
    author: 'emp-aisha',
    needs: ['need-device-replacement'],
    evidence: ['bc-03', 'bc-04', 'bc-13', 'bc-14'],
    topics: ['hardware-devices', 'support-responsiveness'],
    notes: [
      {
        by: 'emp-lukas',
        kind: 'COMMENT',
        at: '2026-05-15 09:00',
        body: "Baltic's tender asks for 48 hours anywhere in Scandinavia. We cannot promise that today.",
      },
    ],
  },
  {
    key: 'ins-smb-small-plan',
    title: 'Small trades firms and sole traders need a plan for one to three users',
    body:
      'Three-person builders and one-person plumbers use calendar, quotes and invoices, not routing, and pay for a five-user minimum or for Go Plus. ' +
      'They leave or ask for discounts. A light plan would keep them at a lower cost to serve.',
    origin: 'FROM_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.85,
    created: '2025-09-16 09:00',
    updated: '2026-05-20 09:00',
    author: 'emp-priya',
    needs: ['need-simple-pricing'],
    segments: ['seg-smb', 'seg-independents'],
    evidence: ['qu-01', 'qu-02', 'pd-04'],
    topics: ['pricing'],
    supersedes: 'ins-qu-minimum-plan',
    notes: [
      { by: 'emp-sofia', kind: 'ENDORSEMENT', at: '2025-09-20 10:00', body: 'I hear this from every small firm at renewal.' },
      { by: 'emp-elena', kind: 'COMMENT', at: '2026-05-20 08:30', body: 'A light plan at EUR 19 is in the 2027 pricing proposal.' },
    ],
  },
  {
    key: 'ins-emissions-demand',
    title: "Shippers' own clients now ask them for CO2 per delivery",
    body:
      'Northwind compiles CO2 figures by hand for a retail client; Castellan needed them for a supermarket tender; Orchard wants to print them for members. ' +
      'Emissions reporting has moved from nice-to-have to a tender criterion in enterprise logistics.',
    origin: 'FROM_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.9,
    created: '2025-10-22 09:00',
    updated: '2026-06-17 09:00',
    author: 'emp-elena',
    needs: ['need-emissions-reporting'],
    segments: ['seg-enterprise'],
    evidence: ['ca-02', 'nw-11', 'ca-03', 'nw-16'],
    topics: ['sustainability', 'reporting-analytics'],
    notes: [
      { by: 'emp-lukas', kind: 'ENDORSEMENT', at: '2025-10-24 09:00', body: 'Every enterprise renewal this year has asked about it.' },
      { by: 'emp-maren', kind: 'ENDORSEMENT', at: '2026-06-17 08:30', body: 'The Northwind beta numbers make this concrete.' },
    ],
  },
  {
    key: 'ins-sso-hygiene',
    title: 'Single sign-on is becoming a must-have for enterprise and public-sector buyers',
    body: 'Tidewater made it an audit matter, Meridian changed identity providers mid-year, and tender questionnaires ask for it. SSO now decides shortlists rather than deals.',
    origin: 'FROM_CUSTOMER',
    status: 'PROPOSED',
    confidence: 0.7,
    created: '2026-06-10 09:00',
    author: 'emp-elena',
    needs: ['need-sso'],
    segments: ['seg-enterprise', 'seg-public'],
    evidence: ['tw-09', 'me-09'],
    moreEvidence: { needs: ['need-sso'], before: '2026-06-10 09:00', limit: 2 },
    topics: ['integration-api', 'data-privacy'],
    notes: [{ by: 'emp-sofia', kind: 'COMMENT', at: '2026-06-12 09:00', body: "Harbour City's tender questionnaire asks for it as well." }],
  },
  {
    key: 'ins-eta-professional',
    title: 'Independent couriers value ETA texts because they make them look like a big company',
    body: 'Couriers and sole traders talk about the arrival text with their own name and photo more than about any routing feature. It is a social benefit, not a functional one.',
    origin: 'FROM_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.8,
    created: '2026-08-21 09:00',
    updated: '2026-09-01 09:00',
    author: 'emp-priya',
    needs: ['need-look-professional'],
    segments: ['seg-independents'],
    evidence: ['lv-10'],
    moreEvidence: { needs: ['need-look-professional'], before: '2026-08-21 09:00', limit: 3 },
    topics: ['customer-notifications', 'user-community'],
    notes: [
      {
        by: 'emp-jonas',
        kind: 'ENDORSEMENT',
        at: '2026-08-25 10:00',
        body: 'Matches the app store reviews. Worth leading the Go marketing with it.',
      },
    ],
  },
  {
    key: 'ins-peak-reliability',
    title: 'Customers judge our reliability by the busiest week of their year',
    body:
      "A slow morning in an ordinary week is a ticket; the same slowdown in peak week is a formal complaint. Capacity planning should follow customers' peak calendars, " +
      'and we should contact them before their peak, not after.',
    origin: 'FROM_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.85,
    created: '2025-08-06 09:00',
    updated: '2026-07-10 09:00',
    author: 'emp-jonas',
    needs: ['need-peace-of-mind-peak'],
    evidence: ['nw-07', 'nw-09', 'ca-05'],
    topics: ['performance', 'account-management'],
    notes: [
      {
        by: 'emp-maren',
        kind: 'ENDORSEMENT',
        at: '2025-08-12 09:00',
        body: 'Validated. Peak calendars are now a field on enterprise accounts.',
      },
      {
        by: 'emp-aisha',
        kind: 'COMMENT',
        at: '2026-07-10 08:45',
        body: "Castellan's Valencia slowdown in July: the same pattern on a smaller scale.",
      },
    ],
  },
  {
    key: 'ins-social-fast-reply',
    title: 'A public reply within the hour turns a social complaint into advocacy',
    body:
      'Lena\'s battery complaint became "fixed in 40 minutes, respect" after a fast public answer, and Joost\'s post was thanked within the hour. ' +
      'Social posts need an owner and a one-hour target, evenings included.',
    origin: 'FROM_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.75,
    created: '2025-04-11 09:00',
    updated: '2026-03-12 09:00',
    author: 'emp-maren',
    customers: ['cust-lena-vogel', 'cust-joost-van-dijk'],
    needs: ['need-trust-support'],
    evidence: ['lv-03', 'lv-04', 'he-12'],
    topics: ['support-responsiveness', 'user-community'],
    notes: [
      { by: 'emp-jonas', kind: 'ENDORSEMENT', at: '2025-04-15 10:00', body: 'Seen it twice now. Validated.' },
      { by: 'emp-priya', kind: 'COMMENT', at: '2026-03-12 08:30', body: "Joost's post is the positive version of the same effect." },
    ],
  },
  {
    key: 'ins-battery-old-phones',
    title: 'Battery complaints come from couriers with old phones',
    body: 'Battery drain reports cluster among independents, who tend to use older phones. Recommend minimum device specifications.',
    origin: 'FROM_CUSTOMER',
    status: 'REFUTED',
    confidence: 0.2,
    created: '2025-04-09 15:30',
    updated: '2025-04-16 09:00',
    author: 'emp-aisha',
    customers: ['cust-lena-vogel'],
    needs: ['need-control-own-day'],
    evidence: ['lv-03', 'lv-04'],
    topics: ['mobile-app', 'performance'],
    notes: [
      {
        by: 'emp-elena',
        kind: 'CHALLENGE',
        at: '2025-04-10 09:00',
        body: "Lena's phone is a current model. The cause is the high-accuracy GPS default; we change the default in 4.6.",
      },
    ],
  },
  {
    key: 'ins-native-videos',
    title: 'Short training videos in the local language cut onboarding tickets',
    body: 'Helio asked for a Dutch video; after it, status-flow questions stopped. Aurora uses in-app videos for 210 installers. Text guides in English are not read in vans.',
    origin: 'FROM_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.8,
    created: '2025-05-15 09:00',
    updated: '2025-09-01 09:00',
    author: 'emp-jonas',
    needs: ['need-fast-onboarding'],
    evidence: ['he-04', 'he-07', 'au-01'],
    topics: ['onboarding', 'training'],
    notes: [
      { by: 'emp-sofia', kind: 'ENDORSEMENT', at: '2025-06-01 09:00', body: 'Helio brought it up unprompted in the renewal pre-talk.' },
    ],
  },
  {
    key: 'ins-peer-events',
    title: 'Fleet managers value peer events more than product webinars',
    body: 'Customers who spoke or met peers at our events (Anke, Fiona, Greywell, Samir) came back as advocates. Webinars get little interaction.',
    origin: 'FROM_CUSTOMER',
    status: 'PROPOSED',
    confidence: 0.65,
    created: '2025-06-25 09:00',
    updated: '2026-10-14 09:00',
    author: 'emp-jonas',
    needs: ['need-peer-community'],
    evidence: ['nw-06', 'tw-04', 'gw-02', 'me-10'],
    topics: ['user-community', 'training'],
    notes: [
      {
        by: 'emp-elena',
        kind: 'CHALLENGE',
        at: '2025-07-01 09:00',
        body: 'Webinar attendance is low, but we never asked whether the content was the problem.',
      },
    ],
  },
  {
    key: 'ins-beta-renew-early',
    title: 'Customers who take part in betas renew earlier',
    body: 'Helio renewed five months early after the offline beta; Meridian co-designed emergency dispatch and is expanding. Check against renewal dates across all beta participants.',
    origin: 'FROM_CUSTOMER',
    status: 'DRAFT',
    confidence: 0.5,
    created: '2026-07-25 09:00',
    author: 'emp-maren',
    customers: ['cust-helio', 'cust-meridian'],
    needs: ['need-feel-heard'],
    evidence: ['he-08', 'he-13', 'me-06'],
    topics: ['account-management', 'renewal'],
  },
  {
    key: 'ins-api-rate-limit',
    title: 'Integration customers are fine with the default API rate limit',
    body: 'Few customers have hit 60 requests per minute, so the default can stay for new API customers.',
    origin: 'FROM_CUSTOMER',
    status: 'REFUTED',
    confidence: 0.25,
    created: '2024-12-04 09:00',
    updated: '2025-02-01 09:00',
    author: 'emp-elena',
    needs: ['need-erp-integration'],
    evidence: ['va-01', 'va-02'],
    topics: ['integration-api', 'performance'],
    notes: [
      { by: 'emp-lukas', kind: 'CHALLENGE', at: '2025-01-17 09:00', body: 'Vantage hit the limit with their first real batch.' },
      { by: 'emp-priya', kind: 'COMMENT', at: '2025-02-01 08:45', body: 'Refuted. Limits should scale with the contracted volume.' },
    ],
  },
  {
    key: 'ins-public-tenders',
    title: 'Public-sector buyers only buy through full tenders',
    body: 'Meridian came through a full tender. Expect every public-sector deal to need one, with a long sales cycle.',
    origin: 'ABOUT_CUSTOMER',
    status: 'ARCHIVED',
    confidence: 0.6,
    created: '2024-12-15 09:00',
    updated: '2026-06-05 09:00',
    author: 'emp-sofia',
    segments: ['seg-public'],
    evidence: ['me-01'],
    topics: ['contract-terms', 'compliance'],
    notes: [{ by: 'emp-maren', kind: 'COMMENT', at: '2026-06-05 08:30', body: 'Superseded by the framework insight; archiving.' }],
  },
  {
    key: 'ins-public-frameworks',
    title: 'Public-sector buyers buy through frameworks and grow through call-offs',
    body:
      "Meridian bought a four-year framework and each year's call-off depends on proven results. Harbour City, which saw Meridian present at the user day, " +
      'has now sent a supplier questionnaire under a regional framework. ' +
      'Win the framework once, then sell evidence every year.',
    origin: 'ABOUT_CUSTOMER',
    status: 'PROPOSED',
    confidence: 0.7,
    version: 2,
    created: '2026-06-05 09:00',
    updated: '2026-11-18 09:00',
    author: 'emp-sofia',
    customers: ['cust-meridian', 'cust-harbourcity'],
    segments: ['seg-public'],
    evidence: ['me-01', 'me-07', 'me-10'],
    moreEvidence: { customers: ['cust-harbourcity'], topics: ['compliance'], before: '2026-11-18 09:00', limit: 1 },
    topics: ['contract-terms', 'renewal'],
    supersedes: 'ins-public-tenders',
    notes: [
      {
        by: 'emp-priya',
        kind: 'COMMENT',
        at: '2026-10-14 08:30',
        body: 'Meridian presenting at the user day with Harbour City in the room is exactly the call-off dynamic.',
      },
    ],
  },
  {
    key: 'ins-eu-hosting',
    title: 'EU-only hosting is a must-have for public-sector and healthcare customers',
    body: 'Meridian made EU hosting a framework condition; Tidewater wrote it into its data processing agreement, backups included. Without it we are not shortlisted.',
    origin: 'FROM_CUSTOMER',
    status: 'VALIDATED',
    confidence: 0.9,
    created: '2025-02-10 09:00',
    updated: '2026-02-20 09:00',
    validUntil: '2027-12-31 23:59',
    author: 'emp-maren',
    needs: ['need-data-residency'],
    segments: ['seg-public'],
    customers: ['cust-tidewater'],
    evidence: ['me-01', 'tw-08'],
    topics: ['data-privacy', 'compliance'],
    supersedes: 'ins-me-in-country',
    notes: [{ by: 'emp-lukas', kind: 'ENDORSEMENT', at: '2026-02-18 09:00', body: 'Tidewater wrote it into the DPA annex at renewal.' }],
  },
  {
    key: 'ins-emergency-override',
    title: 'Utilities need emergency jobs that displace the plan automatically',
    body: 'A burst main means moving 30 jobs by hand. Utilities need an emergency job class with rules for which planned work gives way.',
    origin: 'FROM_CUSTOMER',
    status: 'DRAFT',
    confidence: 0.55,
    created: '2025-06-19 09:00',
    author: 'emp-elena',
    customers: ['cust-meridian', 'cust-samir-haddou'],
    needs: ['need-skills-scheduling'],
    evidence: ['me-05'],
    topics: ['dispatch-scheduling'],
  },
  {
    key: 'ins-consumer-winter',
    title: 'Seasonal independents churn silently in winter',
    body: 'Hypothesis: bike mechanics, gardeners and groomers stop using the app in November and cancel in January without contacting us. Needs a look at usage by month.',
    origin: 'ABOUT_CUSTOMER',
    status: 'DRAFT',
    confidence: 0.4,
    created: '2026-10-03 09:00',
    author: 'emp-priya',
    segments: ['seg-independents'],
    needs: ['need-seasonal-pause'],
    topics: ['pricing', 'reporting-analytics'],
  },
  {
    key: 'ins-callback-goodwill',
    title: 'A missed callback costs more goodwill than the fault itself',
    body:
      'Customers forgive a bug that is owned; they do not forgive waiting for a callback that was promised. "Every call is a new person" is the most common ' +
      'phrase in negative survey comments.',
    origin: 'FROM_CUSTOMER',
    status: 'PROPOSED',
    confidence: 0.7,
    created: '2026-07-16 09:00',
    author: 'emp-aisha',
    needs: ['need-trust-support'],
    evidence: ['bc-04', 'ke-08'],
    moreEvidence: { needs: ['need-trust-support'], topics: ['support-responsiveness'], before: '2026-07-16 09:00', limit: 2 },
    topics: ['support-responsiveness'],
    notes: [
      {
        by: 'emp-jonas',
        kind: 'ENDORSEMENT',
        at: '2026-07-20 09:00',
        body: 'Kestrel said almost exactly that. Named support contacts for at-risk accounts would help.',
      },
    ],
  },
  {
    key: 'ins-eta-traffic',
    title: 'ETA complaints come from traffic-heavy cities at evening peaks',
    body: 'ETA errors cluster between 16:00 and 19:00 in large cities, where the 15-minute traffic refresh is too slow.',
    origin: 'FROM_CUSTOMER',
    status: 'ARCHIVED',
    confidence: 0.6,
    created: '2025-03-05 09:00',
    updated: '2025-10-01 09:00',
    validUntil: '2025-09-30 23:59',
    author: 'emp-elena',
    needs: ['need-realtime-eta'],
    evidence: ['va-04', 'va-08'],
    topics: ['customer-notifications', 'route-planning'],
    notes: [
      {
        by: 'emp-priya',
        kind: 'COMMENT',
        at: '2025-10-01 08:30',
        body: 'Archived: the new ETA engine refreshes traffic every minute since September.',
      },
    ],
  },
];

function matches(i: DemoInteraction, q: EvidenceQuery): boolean {
  if (i.occurredAt > at(q.before)) return false;
  if (q.needs && !q.needs.some((n) => i.needKeys.includes(n))) return false;
  if (q.customers && !q.customers.includes(i.customerKey)) return false;
  if (q.topics && !q.topics.some((t) => i.topicNames.includes(t))) return false;
  return true;
}

/** Builds the insights; extra evidence is chosen from `interactions` (most recent matches first). */
export function buildInsights(interactions: readonly DemoInteraction[]): SeedInsight[] {
  const known = new Set(interactions.map((i) => i.key));
  return SPECS.map((spec) => {
    const evidenceKeys = (spec.evidence ?? []).map((id) => `int-${id}`);
    for (const key of evidenceKeys) {
      if (!known.has(key)) throw new Error(`demo data: insight ${spec.key} cites unknown interaction ${key}`);
    }
    if (spec.moreEvidence) {
      const query = spec.moreEvidence;
      const extra = interactions
        .filter((i) => !evidenceKeys.includes(i.key) && matches(i, query))
        .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || a.key.localeCompare(b.key))
        .slice(0, query.limit)
        .map((i) => i.key);
      evidenceKeys.push(...extra);
    }
    const createdAt = at(spec.created);
    const annotations: SeedAnnotation[] = (spec.notes ?? []).map((n) => ({
      authorKey: n.by,
      kind: n.kind,
      body: n.body,
      createdAt: at(n.at),
    }));
    return {
      key: spec.key,
      title: spec.title,
      body: spec.body,
      origin: spec.origin,
      status: spec.status,
      confidence: spec.confidence,
      version: spec.version ?? 1,
      ...(spec.validUntil ? { validUntil: at(spec.validUntil) } : {}),
      authorKey: spec.author,
      aboutCustomerKeys: spec.customers ?? [],
      aboutNeedKeys: spec.needs ?? [],
      aboutSegmentKeys: spec.segments ?? [],
      evidenceKeys,
      topicNames: spec.topics,
      ...(spec.supersedes ? { supersedesKey: spec.supersedes } : {}),
      createdAt,
      updatedAt: spec.updated ? at(spec.updated) : createdAt,
      annotations,
    };
  });
}
