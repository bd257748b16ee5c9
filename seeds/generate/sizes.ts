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
 */
export const PLANT_NAMES = ['needCooccurrence', 'touchpointSentimentDrop', 'atRiskSharedNeed'] as const;

/** The name of a plantable pattern. */
export type PlantName = (typeof PLANT_NAMES)[number];

/** End of the time window of every data set (exclusive of nothing: timestamps are at most this). */
export const WINDOW_END = Date.UTC(2026, 9, 31);
/** Start of the time window: two years before WINDOW_END. */
export const WINDOW_START = Date.UTC(2024, 9, 31);

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

/** The planted patterns of a data set, one entry per plant asked for. */
export interface PlantedPatterns {
  needCooccurrence?: NeedCooccurrencePlant;
  touchpointSentimentDrop?: TouchpointSentimentDropPlant;
  atRiskSharedNeed?: AtRiskSharedNeedPlant;
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
