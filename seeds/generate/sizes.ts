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
 * The named sizes of generated data sets. `small` is for tests (well under a second), `10k` for
 * realistic local work and benchmarks, `100k` for load tests (ten times `10k`). Every size has
 * the same segments and topic vocabulary.
 */
export const SIZES = {
  small: { customers: 200, employees: 20, interactions: 2_000, insights: 200, needs: 40 },
  '10k': { customers: 10_000, employees: 500, interactions: 200_000, insights: 20_000, needs: 400 },
  '100k': { customers: 100_000, employees: 5_000, interactions: 2_000_000, insights: 200_000, needs: 2_000 },
} as const satisfies Record<string, SizeSpec>;

/** The name of a size: `small`, `10k` or `100k`. */
export type SizeName = keyof typeof SIZES;

/** Every size name, smallest first. */
export const SIZE_NAMES = Object.keys(SIZES) as SizeName[];

/**
 * Patterns the generator can plant in a data set so that tests of insight mining know what
 * mining must find:
 * - `needCooccurrence`: a group of customers express two needs A and B together in the same
 *   interactions, far more often than chance.
 * - `touchpointSentimentDrop`: from a date on, interactions at one touchpoint through one channel
 *   are strongly negative, where before they were neutral to positive.
 * - `atRiskSharedNeed`: customers in lifecycle stage AT_RISK hold one need far more often than
 *   the others.
 * - `emergingNeed`: one need is expressed by many more customers in the last 90 days than in the
 *   90 days before (the emergingNeed miner), next to decoy needs that must not be found.
 * - `sentimentDecline`: a few customers' sentiment in the last 90 days is far below their own
 *   baseline (the sentimentDecline miner), next to decoy customers.
 * - `touchpointQualityGap`: at one touchpoint through one channel, perceived quality falls far
 *   short of expected quality in the last 90 days (the touchpointGap miner), next to decoy pairs.
 * - `singleThreadedAccount`: a few high-value customers are known by a single employee (the
 *   singleThreaded miner), next to decoy customers.
 *
 * The `needCooccurrence` plant also serves the needsTogether miner (association rules over need
 * holdings). The miners and the thresholds the plants are made for are MINER_DEFAULTS; the data
 * without a plant for a miner keeps clear of that miner's thresholds (see stream.ts), so that a
 * test can check precision as well as recall.
 */
export const PLANT_NAMES = [
  'needCooccurrence',
  'touchpointSentimentDrop',
  'atRiskSharedNeed',
  'emergingNeed',
  'sentimentDecline',
  'touchpointQualityGap',
  'singleThreadedAccount',
] as const;

/** The name of a plantable pattern. */
export type PlantName = (typeof PLANT_NAMES)[number];

/** End of the time window of every data set (exclusive of nothing: timestamps are at most this). */
export const WINDOW_END = Date.UTC(2026, 9, 31);
/** Start of the time window: two years before WINDOW_END. */
export const WINDOW_START = Date.UTC(2024, 9, 31);

const DAY = 86_400_000;

/**
 * The insight miners the plants are made for, with their default thresholds, at the reference
 * time `asOf` (WINDOW_END: tests of the miners pass it). Only customers with analytics consent
 * count for any miner. Windows are half-open: [from, to).
 * - emergingNeed: a need expressed by at least `minCustomers` distinct customers in the recent
 *   window [asOf − 90 d, asOf), at least `growth` times as many as in the previous window
 *   [asOf − 180 d, asOf − 90 d) (none before counts as growth).
 * - needsTogether: association rules over the needs customers hold (need records, and every need
 *   a customer expressed in an interaction: the graph links those too): support(A∪B), customers
 *   holding both, confidence and lift at least the minimums, reported per unordered pair.
 * - sentimentDecline: a customer with at least `minInteractions` interactions carrying a
 *   sentiment in the recent window and in the baseline window [asOf − 455 d, asOf − 90 d), whose
 *   recent mean is at least `minDecline` below the baseline mean.
 * - touchpointGap: a touchpoint and channel with at least `minInteractions` interactions in the
 *   recent window carrying both qualities, whose mean perceived − expected is at most `maxMeanGap`.
 * - singleThreaded: a customer whose lifetime value is at least the `percentile` (percentileDisc)
 *   of consenting customers' lifetime values, known by exactly one employee: the owners and the
 *   handlers of their interactions in [asOf − 365 d, asOf).
 */
export const MINER_DEFAULTS = {
  asOf: WINDOW_END,
  recentFrom: WINDOW_END - 90 * DAY,
  previousFrom: WINDOW_END - 180 * DAY,
  baselineFrom: WINDOW_END - 455 * DAY,
  knownFrom: WINDOW_END - 365 * DAY,
  emergingNeed: { minCustomers: 5, growth: 2 },
  needsTogether: { minSupport: 0.02, minCustomers: 10, minConfidence: 0.6, minLift: 2 },
  sentimentDecline: { minInteractions: 3, minDecline: 0.5 },
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
     * with no growth, too few customers, too little growth, and customers without consent.
     */
    need: { previous: 3, recent: 8 },
    decoys: {
      noGrowth: { previous: 8, recent: 8 },
      fewCustomers: { previous: 0, recent: 4 },
      slowGrowth: { previous: 5, recent: 9 },
      withoutConsent: { previous: 0, recent: 6 },
    },
  },
  sentimentDecline: {
    /** Customers whose sentiment declines: a share of all, at least `minCustomers`. */
    customerShare: 1 / 400,
    minCustomers: 5,
    /** Customers of each decoy kind. */
    decoysPerKind: 2,
    /** Recent sentiments: the customer's baseline mean minus this (about), at least -1. */
    decline: 0.9,
    /** The same for the smallDecline decoys (below the miner's 0.5). */
    smallDecline: 0.3,
    /** Sentiment of the constantlyLow decoys in both windows (about). */
    lowSentiment: -0.6,
  },
  touchpointQualityGap: {
    /** Perceived quality is about this much below expected quality at the planted pair. */
    gap: -2,
    /** Interactions carrying both qualities at the tooFewInteractions decoy pair (below the miner's 20). */
    decoyInteractions: 12,
  },
  singleThreadedAccount: {
    /** Single-threaded high-value customers: a share of all, at least `minCustomers`. */
    customerShare: 1 / 1_000,
    minCustomers: 3,
    /** Customers of each decoy kind. */
    decoysPerKind: 2,
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
}

/** A need the emergingNeed miner must not find, and why. */
export interface NeedGrowthDecoy extends NeedGrowthFigure {
  kind: 'noGrowth' | 'fewCustomers' | 'slowGrowth' | 'withoutConsent';
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
  kind: 'constantlyLow' | 'smallDecline' | 'tooFewRecent' | 'withoutConsent';
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

/** What the manifest says about the `touchpointQualityGap` plant. */
export interface TouchpointQualityGapPlant extends TouchpointChannelFigure {
  description: string;
  asOf: string;
  /** Pairs the miner must not find. */
  decoys: TouchpointChannelDecoy[];
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

/** A customer the singleThreaded miner must not find, and why. */
export interface SingleThreadedDecoy extends SingleThreadedFigure {
  kind: 'lowValue' | 'secondOwner' | 'secondHandler' | 'withoutConsent';
  description: string;
}

/** What the manifest says about the `singleThreadedAccount` plant. */
export interface SingleThreadedAccountPlant {
  description: string;
  asOf: string;
  /** percentileDisc(0.8) of the lifetime values of customers with analytics consent. */
  lifetimeValueThreshold: number;
  /** The customers the miner must find (in file order). */
  customers: SingleThreadedFigure[];
  /** Customers it must not find. */
  decoys: SingleThreadedDecoy[];
}

/** The planted patterns of a data set, one entry per plant asked for. */
export interface PlantedPatterns {
  needCooccurrence?: NeedCooccurrencePlant;
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
  /** Set by writeDataSet: the file written. */
  output?: { file: string; bytes: number; sha256: string };
}
