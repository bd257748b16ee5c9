import { Channel, Touchpoint } from '../../src/modules/interaction/interaction.type';

/** How many records of each kind a named size has. */
export interface SizeSpec {
  customers: number;
  employees: number;
  interactions: number;
  insights: number;
  needs: number;
}

/**
 * The named sizes of generated data sets. `small` is for tests (well under a second), `2k` for
 * quick benchmarks of mining (a fifth of `10k`, in the same proportions), `10k` for realistic
 * local work and benchmarks, `100k` for load tests (ten times `10k`). Every size has the same
 * segments and topic vocabulary.
 */
export const SIZES = {
  small: { customers: 200, employees: 20, interactions: 2_000, insights: 200, needs: 40 },
  '2k': { customers: 2_000, employees: 100, interactions: 40_000, insights: 4_000, needs: 80 },
  '10k': { customers: 10_000, employees: 500, interactions: 200_000, insights: 20_000, needs: 400 },
  '100k': { customers: 100_000, employees: 5_000, interactions: 2_000_000, insights: 200_000, needs: 2_000 },
} as const satisfies Record<string, SizeSpec>;

/** The name of a size: `small`, `2k`, `10k` or `100k`. */
export type SizeName = keyof typeof SIZES;

/** Every size name, smallest first. */
export const SIZE_NAMES = Object.keys(SIZES) as SizeName[];

/**
 * Patterns the generator can plant in a data set so that tests of insight mining know what
 * mining must find:
 * - `needCooccurrence`: a group of customers express two needs A and B together in the same
 *   interactions, far more often than chance, and hold both (the NEEDS_TOGETHER miner).
 * - `nicheNeedPair`: a dozen customers hold two otherwise rare needs C and D (lift ≥ 10 at every
 *   size): NEEDS_TOGETHER must find a pair with little support, too.
 * - `touchpointSentimentDrop`: from a date on, interactions at one touchpoint through one channel
 *   are strongly negative, where before they were neutral to positive.
 * - `atRiskSharedNeed`: customers in lifecycle stage AT_RISK hold one need far more often than
 *   the others.
 * - `emergingNeed`: one need is expressed by many more customers in the last 90 days than in the
 *   90 days before, more and more toward asOf (EMERGING_NEED), next to decoy needs that must
 *   not be found (one new but steady).
 * - `sentimentDecline`: a few customers' sentiment in the last 90 days is far below their own
 *   baseline, over many points (SENTIMENT_DECLINE), next to decoy customers (one kind with a
 *   large difference over only 3 + 3 points).
 * - `touchpointQualityGap`: at one touchpoint through one channel, perceived quality falls far
 *   short of expected quality in the last 90 days; at a second touchpoint, through all its
 *   channels, each with few interactions (TOUCHPOINT_GAP); next to decoy pairs.
 * - `singleThreadedAccount`: a few high-value customers with many interactions are known by a
 *   single employee (SINGLE_THREADED_ACCOUNT), next to decoy customers (one kind with only one
 *   or two interactions in the year).
 *
 * The miners and the thresholds the plants are made for are MINER_DEFAULTS. Unless the data set
 * is generated with `quiet: false`, the data without a plant for a miner keeps clear of that
 * miner's effect-size thresholds (the quiet base, see stream.ts), so that a test can check
 * precision as well as recall; with `quiet: false` the background is the plain random draws
 * (pure noise: what a miner proposes there is a false discovery).
 */
export const PLANT_NAMES = [
  'needCooccurrence',
  'touchpointSentimentDrop',
  'atRiskSharedNeed',
  'emergingNeed',
  'sentimentDecline',
  'touchpointQualityGap',
  'singleThreadedAccount',
  'nicheNeedPair',
] as const;

/** The name of a plantable pattern. */
export type PlantName = (typeof PLANT_NAMES)[number];

/** End of the time window of every data set (exclusive of nothing: timestamps are at most this). */
export const WINDOW_END = Date.UTC(2026, 9, 31);
/** Start of the time window: two years before WINDOW_END. */
export const WINDOW_START = Date.UTC(2024, 9, 31);

const DAY = 86_400_000;

/**
 * The insight miners the plants are made for (issue 26: statistical tests, with the
 * Benjamini-Hochberg procedure at false discovery rate `falseDiscoveryRate` over each miner's
 * candidates of a run, and an effect size a proposal must reach), at the reference time `asOf`
 * (WINDOW_END: tests of the miners pass it). Only customers with analytics consent count for any
 * miner. Windows are half-open: [from, to).
 * - EMERGING_NEED (emergingNeed): candidates are the needs expressed by at least `minCustomers`
 *   distinct customers in the recent window [asOf − 90 d, asOf). (a) One-sided binomial test of
 *   the recent-window customers against the previous window's [asOf − 180 d, asOf − 90 d);
 *   (b) rising, not steady: each customer's first expression of the need in [risingFrom, asOf);
 *   the span from the earliest of those to asOf is split in two equal halves; one-sided binomial
 *   test (Bin(n, 0.5)) that the later half has more customers. p = max(pa, pb). Effect: recent ≥
 *   `growth` × previous.
 * - NEEDS_TOGETHER (needsTogether): candidates are the unordered pairs of needs held (HAS_NEED at
 *   asOf: need records' holders, and every need a customer expressed in an interaction) by at
 *   least `minCustomers` common customers; one-sided Fisher exact test (hypergeometric upper
 *   tail). Effect: lift ≥ `minLift` and the stronger rule's confidence ≥ `minConfidence`. No
 *   minimum support.
 * - SENTIMENT_DECLINE (sentimentDecline): candidates are customers with at least
 *   `minInteractions` sentiments in the baseline window [asOf − 455 d, asOf − 90 d) and in the
 *   recent window; moderated two-sample t-test (the customer's variance shrunk toward the variance
 *   pooled over the candidates, worth `priorDf` degrees of freedom). Effect: the mean drops by at
 *   least `minDecline`.
 * - TOUCHPOINT_GAP (touchpointGap): gap = perceived − expected quality of the recent window's
 *   interactions with both qualities. Candidates: every touchpoint (all channels), and every
 *   touchpoint × channel with at least `minInteractions`; one-sample one-sided t-test (mean gap <
 *   0). Effect: mean gap ≤ `maxMeanGap`. A touchpoint found overall is one proposal (key
 *   `touchpoint-gap:<TP>`); channel-level proposals (`touchpoint-gap:<TP>:<CH>`) only where the
 *   touchpoint overall is not found.
 * - SINGLE_THREADED_ACCOUNT (singleThreaded): value = lifetimeValue (revenue where it is not set);
 *   candidates are customers whose value is above the `percentile` (percentileDisc) of consenting
 *   customers' values and above 0, known by exactly one employee (the owners and the handlers of
 *   their interactions in [asOf − 365 d, asOf)). With s the share of the year's interactions (of
 *   consenting customers) handled by someone other than the customer's most frequent handler,
 *   p = (1 − s)^n for a candidate with n interactions in the year (1 for none).
 * The quiet base (stream.ts) holds the background back from the effect sizes.
 */
export const MINER_DEFAULTS = {
  asOf: WINDOW_END,
  recentFrom: WINDOW_END - 90 * DAY,
  previousFrom: WINDOW_END - 180 * DAY,
  baselineFrom: WINDOW_END - 455 * DAY,
  knownFrom: WINDOW_END - 365 * DAY,
  falseDiscoveryRate: 0.05,
  emergingNeed: { minCustomers: 5, growth: 2, risingFrom: WINDOW_END - 180 * DAY },
  needsTogether: { minCustomers: 10, minConfidence: 0.6, minLift: 2 },
  sentimentDecline: { minInteractions: 3, minDecline: 0.5, priorDf: 10 },
  touchpointGap: { minInteractions: 20, maxMeanGap: -1 },
  singleThreaded: { percentile: 0.8 },
} as const;

/** Parameters of the planted patterns (fixed, so that tests and the manifest can name them). */
export const PLANT_PARAMETERS = {
  needCooccurrence: {
    /** Share of customers in the group (capped so that need holder lists stay under 10,000). */
    customerShare: 0.15,
    maxCustomers: 8_000,
    /** Share of the group's interactions that express exactly A and B. */
    interactionShare: 0.6,
  },
  nicheNeedPair: {
    /**
     * Consenting customers who hold both needs C and D: the two needs the fewest consenting
     * customers hold or express (as drawn) apart from the other plants' needs. At least this
     * many, and twice as many as the most other customers either need has, so that both rules'
     * confidence is at least 2/3 (seed 1: 12 on small, 30 on 2k, 16 on 10k; lift 11, 31, 258;
     * support below 2% from 2k on). Held, never expressed: the plant changes only the two need
     * records.
     */
    customers: 12,
  },
  touchpointSentimentDrop: {
    touchpoint: Touchpoint.ONBOARDING,
    channel: Channel.CHAT,
    from: Date.UTC(2026, 2, 1),
    meanSentiment: -0.7,
  },
  atRiskSharedNeed: {
    /** Probability that an AT_RISK customer holds the need. */
    holderShare: 0.7,
  },
  emergingNeed: {
    /**
     * Distinct customers who express each need in the previous and in the recent window (the
     * plant controls these needs' expressions in both windows): the emerging need, and decoys
     * with no growth, too few customers, too little growth, customers without consent, and a
     * new need expressed evenly over the last `steadyNewDays` days only (steady, not rising).
     * The emerging need's counts grow with the size: recent = max(need.recent, customers ×
     * recentShare), previous = max(need.previous, recent × previousShare).
     */
    need: { previous: 3, recent: 20 },
    recentShare: 1 / 200,
    previousShare: 0.15,
    decoys: {
      noGrowth: { previous: 8, recent: 8 },
      fewCustomers: { previous: 0, recent: 4 },
      slowGrowth: { previous: 5, recent: 9 },
      withoutConsent: { previous: 0, recent: 6 },
      steadyNew: { previous: 0, recent: 12 },
    },
    /**
     * Placing: each window's customers express the need once, at the interaction nearest to a
     * target time: evenly spread over the previous window; in the recent window, the emerging
     * need's targets at the quantiles of a density rising linearly from 0 at asOf − 90 d
     * (F(u) = u²), the steadyNew need's evenly over its days, the other decoys' evenly.
     */
    steadyNewDays: 54,
  },
  sentimentDecline: {
    /** Customers whose sentiment declines: a share of all, at least `minCustomers`. */
    customerShare: 1 / 400,
    minCustomers: 5,
    /** Interactions (all given a sentiment) a planted customer has in the baseline and the recent window, at least. */
    minBaseline: 8,
    minRecent: 6,
    /** Where too few customers have that many (small data sets): the others have at least these. */
    fewerBaseline: 6,
    fewerRecent: 5,
    /** Customers of each decoy kind. */
    decoysPerKind: 2,
    /** Recent sentiments: the customer's baseline mean minus this (about), at least -1. */
    decline: 0.9,
    /** The same for the smallDecline decoys (below the miner's 0.5). */
    smallDecline: 0.3,
    /** Sentiment of the constantlyLow decoys in both windows (about). */
    lowSentiment: -0.6,
    /**
     * The fewPointsNoise decoys: exactly 3 sentiments in each window, noisy, whose means differ by
     * 0.64 (0.47 against −0.17): a decline by effect size, not significant on 3 + 3 points.
     */
    fewPoints: { baseline: [0.95, 0.6, -0.14], recent: [0.4, -0.3, -0.61] },
  },
  touchpointQualityGap: {
    /** Perceived quality is about this much below expected quality at the planted pair, and at the splitGap touchpoint. */
    gap: -2,
    /** Interactions carrying both qualities at the tooFewInteractions decoy pair (below the miner's 20). */
    decoyInteractions: 12,
    /** The splitGap touchpoint has at least this many recent interactions of consenting customers carrying both qualities (as drawn). */
    splitGapMinInteractions: 20,
  },
  singleThreadedAccount: {
    /** Single-threaded high-value customers: a share of all, at least `minCustomers`. */
    customerShare: 1 / 1_000,
    minCustomers: 3,
    /**
     * Interactions in the year a planted customer has, at least (all handled by its one owner): enough
     * that the miner's beta-binomial test, which allows for customers who rarely meet a second
     * employee, still finds it among every high-value customer.
     */
    minInteractions: 30,
    /** Customers of each decoy kind. */
    decoysPerKind: 2,
    /** Interactions in the year of the fewContacts decoys (at most). */
    fewContacts: 2,
  },
} as const;

/** Count and mean sentiment of a group of interactions. */
export interface SentimentFigure {
  /** Interactions that carry a sentiment. */
  interactions: number;
  /** Their mean sentiment, rounded to 4 decimals (0 when there are none). */
  meanSentiment: number;
}

/** What the manifest says about the `needCooccurrence` plant. */
export interface NeedCooccurrencePlant {
  description: string;
  /** External ids of the needs A and B. */
  needs: [string, string];
  /** External ids of the customers of the group, in file order. */
  customers: string[];
  /** How many of the group hold A and B (in the need records). */
  groupHoldersOfBoth: number;
  /** Interaction counts over the whole file. */
  interactions: {
    total: number;
    withA: number;
    withB: number;
    withBoth: number;
    /** Interactions expressing both A and B whose customer is in the group. */
    withBothInGroup: number;
  };
  /** withBoth × total / (withA × withB), rounded to 2 decimals: how much more often than chance. */
  lift: number;
  /**
   * The rule between A and B over need holdings of customers with analytics consent (what the
   * needsTogether miner mines): consenting customers, how many hold A, B and both, and the rule's
   * figures (4 decimals). confidenceAB = withBoth / withA, confidenceBA = withBoth / withB.
   */
  holdings: {
    customers: number;
    withA: number;
    withB: number;
    withBoth: number;
    support: number;
    confidenceAB: number;
    confidenceBA: number;
    lift: number;
  };
}

/** What the manifest says about the `nicheNeedPair` plant. */
export interface NicheNeedPairPlant {
  description: string;
  /** External ids of the needs C and D (sorted). */
  needs: [string, string];
  /** External ids of the customers the plant made holders of both (in file order; all consent). */
  customers: string[];
  /**
   * The rule between C and D over consenting customers' holdings as the graph has them (need
   * records and expressed needs: what NEEDS_TOGETHER mines), as in NeedCooccurrencePlant.holdings.
   */
  holdings: NeedCooccurrencePlant['holdings'];
}

/** What the manifest says about the `touchpointSentimentDrop` plant. */
export interface TouchpointSentimentDropPlant {
  description: string;
  touchpoint: Touchpoint;
  channel: Channel;
  /** ISO date-time from which (inclusive) the sentiment is low. */
  from: string;
  /** Interactions at the touchpoint through the channel before `from`. */
  before: SentimentFigure;
  /** The same from `from` on. */
  after: SentimentFigure;
}

/** What the manifest says about the `atRiskSharedNeed` plant. */
export interface AtRiskSharedNeedPlant {
  description: string;
  /** External id of the need. */
  need: string;
  /** External ids of the AT_RISK customers the plant made holders (in file order). */
  plantedHolders: string[];
  /** Customers in stage AT_RISK, and how many of them hold the need. */
  atRisk: { customers: number; holders: number; share: number };
  /** All other customers, and how many of them hold the need. */
  others: { customers: number; holders: number; share: number };
}

/** How many distinct customers expressed a need in the two windows of the emergingNeed miner. */
export interface NeedGrowthFigure {
  /** External id of the need. */
  need: string;
  /** Distinct customers with analytics consent expressing it in [asOf − 180 d, asOf − 90 d). */
  previous: number;
  /** The same in [asOf − 90 d, asOf). */
  recent: number;
  /** recent / previous, 2 decimals; null when previous is 0. */
  growth: number | null;
  /** External ids of the recent ones (sorted). */
  recentCustomers: string[];
  /** Distinct customers without analytics consent expressing it in the recent window. */
  recentWithoutConsent: number;
  /** Rising, not steady (EMERGING_NEED's second test): see NeedRisingFigure. */
  rising: NeedRisingFigure;
}

/**
 * The first expressions of a need by consenting customers in [asOf − 180 d, asOf): the span from
 * the earliest of them to asOf, split in two equal halves, and how many customers' first
 * expression falls in each (the later half's count, under Bin(earlier + later, 0.5), is the test).
 */
export interface NeedRisingFigure {
  /** The earliest first expression (ISO; null when there is none). */
  from: string | null;
  /** Where the span is split (ISO; null when there is none). */
  middle: string | null;
  earlier: number;
  later: number;
}

/** A need the emergingNeed miner must not find, and why. */
export interface NeedGrowthDecoy extends NeedGrowthFigure {
  kind: 'noGrowth' | 'fewCustomers' | 'slowGrowth' | 'withoutConsent' | 'steadyNew';
  description: string;
}

/** What the manifest says about the `emergingNeed` plant. */
export interface EmergingNeedPlant {
  description: string;
  /** The reference time the windows end at (ISO). */
  asOf: string;
  /** The need the miner must find. */
  need: NeedGrowthFigure;
  /** Needs it must not find (each a different need). */
  decoys: NeedGrowthDecoy[];
}

/** A customer's sentiment in the two windows of the sentimentDecline miner. */
export interface SentimentDeclineFigure {
  /** External id of the customer. */
  customer: string;
  consentAnalytics: boolean;
  /** Interactions carrying a sentiment in [asOf − 455 d, asOf − 90 d) and their mean. */
  baseline: SentimentFigure;
  /** The same in [asOf − 90 d, asOf). */
  recent: SentimentFigure;
  /** Baseline mean − recent mean (of the unrounded means), 4 decimals. */
  decline: number;
}

/** A customer the sentimentDecline miner must not find, and why. */
export interface SentimentDeclineDecoy extends SentimentDeclineFigure {
  kind: 'constantlyLow' | 'smallDecline' | 'tooFewRecent' | 'withoutConsent' | 'fewPointsNoise';
  description: string;
}

/** What the manifest says about the `sentimentDecline` plant. */
export interface SentimentDeclinePlant {
  description: string;
  asOf: string;
  /** The customers the miner must find (in file order). */
  customers: SentimentDeclineFigure[];
  /** Customers it must not find. */
  decoys: SentimentDeclineDecoy[];
}

/** Interactions carrying both qualities (of customers with analytics consent) in a window, and their mean gap. */
export interface QualityGapFigure {
  interactions: number;
  /** Mean of perceivedQuality − expectedQuality, 4 decimals (0 when there are none). */
  meanGap: number;
}

/** A touchpoint and channel with its quality figures in the recent and the previous window. */
export interface TouchpointChannelFigure {
  touchpoint: Touchpoint;
  channel: Channel;
  /** [asOf − 90 d, asOf): what the touchpointGap miner looks at. */
  recent: QualityGapFigure;
  /** [asOf − 180 d, asOf − 90 d). */
  previous: QualityGapFigure;
}

/** A touchpoint and channel the touchpointGap miner must not find, and why. */
export interface TouchpointChannelDecoy extends TouchpointChannelFigure {
  kind: 'tooFewInteractions' | 'beforeRecentWindow';
  description: string;
}

/**
 * The splitGap part of the `touchpointQualityGap` plant: a second touchpoint whose recent
 * interactions fall short through every channel, each channel with few of them (fewer than 20 on
 * small data sets), so that only the touchpoint-level test finds it.
 */
export interface SplitGapFigure {
  description: string;
  touchpoint: Touchpoint;
  /** All channels, [asOf − 90 d, asOf) and [asOf − 180 d, asOf − 90 d). */
  recent: QualityGapFigure;
  previous: QualityGapFigure;
  /** Per channel with recent interactions carrying both qualities: the recent figure (channel order). */
  channels: { channel: Channel; recent: QualityGapFigure }[];
}

/** What the manifest says about the `touchpointQualityGap` plant. */
export interface TouchpointQualityGapPlant extends TouchpointChannelFigure {
  description: string;
  asOf: string;
  /** The planted pair's touchpoint over all its channels in the recent window (its mean gap stays above −1: found by channel only). */
  touchpointRecent: QualityGapFigure;
  /** Pairs the miner must not find. */
  decoys: TouchpointChannelDecoy[];
  /** The second touchpoint, found as a whole. */
  splitGap: SplitGapFigure;
}

/** Who knows a customer, for the singleThreaded miner. */
export interface SingleThreadedFigure {
  /** External id of the customer. */
  customer: string;
  consentAnalytics: boolean;
  lifetimeValue: number;
  /** External ids of the owners and of the handlers of its interactions in [asOf − 365 d, asOf), sorted. */
  knownBy: string[];
  /** Its interactions in that year. */
  interactions: number;
}

/** The insight miners, by the names proposals carry. */
export type MinerName = 'EMERGING_NEED' | 'NEEDS_TOGETHER' | 'SENTIMENT_DECLINE' | 'TOUCHPOINT_GAP' | 'SINGLE_THREADED_ACCOUNT';

/**
 * One thing a miner must propose (planted) or must not (decoy), by the subjects' external ids:
 * EMERGING_NEED [need]; NEEDS_TOGETHER [needA, needB] sorted; SENTIMENT_DECLINE and
 * SINGLE_THREADED_ACCOUNT [customer]; TOUCHPOINT_GAP [touchpoint] (found as a whole, key
 * `touchpoint-gap:<TP>`) or [touchpoint, channel] (key `touchpoint-gap:<TP>:<CH>`). `label` is
 * 'planted', 'nicheNeedPair', 'splitGap' or the decoy's kind.
 */
export interface Expectation {
  miner: MinerName;
  kind: 'planted' | 'decoy';
  label: string;
  subjects: string[];
}

/** A customer the singleThreaded miner must not find, and why. */
export interface SingleThreadedDecoy extends SingleThreadedFigure {
  kind: 'lowValue' | 'secondOwner' | 'secondHandler' | 'withoutConsent' | 'fewContacts';
  description: string;
}

/** What the manifest says about the `singleThreadedAccount` plant. */
export interface SingleThreadedAccountPlant {
  description: string;
  asOf: string;
  /** percentileDisc(0.8) of the lifetime values of customers with analytics consent. */
  lifetimeValueThreshold: number;
  /**
   * Share of the year's interactions of consenting customers handled by someone other than the
   * customer's most frequent handler (SINGLE_THREADED_ACCOUNT's s; p = (1 − s)^n), 4 decimals.
   */
  otherHandlerShare: number;
  /** The customers the miner must find (in file order). */
  customers: SingleThreadedFigure[];
  /** Customers it must not find. */
  decoys: SingleThreadedDecoy[];
}

/** The planted patterns of a data set, one entry per plant asked for. */
export interface PlantedPatterns {
  needCooccurrence?: NeedCooccurrencePlant;
  nicheNeedPair?: NicheNeedPairPlant;
  touchpointSentimentDrop?: TouchpointSentimentDropPlant;
  atRiskSharedNeed?: AtRiskSharedNeedPlant;
  emergingNeed?: EmergingNeedPlant;
  sentimentDecline?: SentimentDeclinePlant;
  touchpointQualityGap?: TouchpointQualityGapPlant;
  singleThreadedAccount?: SingleThreadedAccountPlant;
}

/** Record counts of a data set. */
export interface RecordCounts {
  segment: number;
  employee: number;
  customer: number;
  need: number;
  interaction: number;
  insight: number;
  /** Annotations nested in insights. */
  annotation: number;
  /** Holders nested in needs. */
  needHolder: number;
}

/**
 * Describes a generated data set: what was asked for, how many records of each type it holds,
 * a few figures of its shape, and every planted pattern with the external ids involved and the
 * figures mining should find. Written next to the data file as `<file>.manifest.json`.
 */
export interface Manifest {
  format: 'rapport-generated-data-set/1';
  size: SizeName;
  seed: number;
  plants: PlantName[];
  /** Whether the quiet base was on (GenerateOptions.quiet): false, the background is the plain draws. */
  quiet: boolean;
  /**
   * Whether the background was flat (GenerateOptions.flat): no touchpoint or channel sentiment
   * offsets, perceived quality = expected + symmetric noise, no trends over time.
   */
  flat: boolean;
  /** The time window: every timestamp in the file is within it. */
  window: { from: string; to: string };
  counts: RecordCounts;
  figures: {
    /** Share of total revenue held by the top 20% of customers by revenue (4 decimals). */
    topFifthRevenueShare: number;
    /** Holders of the most popular need and of the median need. */
    needHolders: { max: number; median: number };
    /** Mean sentiment by touchpoint and by channel. */
    sentimentByTouchpoint: Record<string, SentimentFigure>;
    sentimentByChannel: Record<string, SentimentFigure>;
    /** Calendar months (of the 24 or 25 the window touches) with at least one interaction. */
    monthsWithInteractions: number;
  };
  planted: PlantedPatterns;
  /** What the miners must propose (planted) and must not (decoy), by the subjects' external ids; empty without plants. */
  expectations: Expectation[];
  /** Set by writeDataSet: the file written. */
  output?: { file: string; bytes: number; sha256: string };
}
