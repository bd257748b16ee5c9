import { NeedKind } from '../../src/modules/need/need.type';

/**
 * The fixed words of generated data sets: segments, the topic taxonomy, names, needs and the
 * sentence templates of summaries and insights. The story is the demo's ("Fieldline", route
 * planning and dispatch software with field hardware), so generated data reads like it.
 * Everything here is constant: randomness only chooses among these.
 */

/** One segment of a generated data set (the same for every size). */
export interface SegmentSpec {
  externalId: string;
  name: string;
  description: string;
}

/** The segments, in file order. Indexes into this list are the generator's segment numbers. */
export const SEGMENTS: readonly SegmentSpec[] = [
  {
    externalId: 'seg-01',
    name: 'Enterprise carriers',
    description: 'Carriers and distributors with 150+ vehicles across several depots; few accounts, most of the revenue.',
  },
  { externalId: 'seg-02', name: 'Mid-market logistics', description: 'Regional carriers and wholesalers with 20 to 150 vehicles.' },
  {
    externalId: 'seg-03',
    name: 'Field service',
    description: 'Installers, maintenance and repair companies scheduling technicians by skill.',
  },
  { externalId: 'seg-04', name: 'Cold chain & pharma', description: 'Temperature-controlled transport: food, vaccines, clinical samples.' },
  { externalId: 'seg-05', name: 'Retail & grocery', description: 'Home delivery and store replenishment for retailers and grocers.' },
  {
    externalId: 'seg-06',
    name: 'Public fleets & utilities',
    description: 'Municipal fleets, water and telecom operators; tenders and strict data protection.',
  },
  {
    externalId: 'seg-07',
    name: 'Small fleets & trades',
    description: 'Couriers, removals and trades with 2 to 20 vehicles; self-service and price-sensitive.',
  },
  {
    externalId: 'seg-08',
    name: 'Independent couriers',
    description: 'One-person businesses on the phone app; social-media voice and peer referrals.',
  },
];

/** Segment numbers (indexes into SEGMENTS) organizations are spread over, with weights, for mid-size and small organizations. */
export const ORGANIZATION_SEGMENTS: readonly number[] = [1, 2, 3, 4, 5, 6];
/** Weights of ORGANIZATION_SEGMENTS. */
export const ORGANIZATION_SEGMENT_WEIGHTS: readonly number[] = [30, 22, 12, 14, 8, 14];

/** The topic taxonomy: lower-case names, shared by needs, interactions and insights. */
export const TOPICS = [
  'route-planning',
  'dispatch',
  'scheduling',
  'offline-mode',
  'mobile-app',
  'driver-app',
  'navigation',
  'eta',
  'proof-of-delivery',
  'customer-notifications',
  'telematics',
  'hardware',
  'handhelds',
  'sensors',
  'temperature-monitoring',
  'cold-chain',
  'fleet',
  'maintenance',
  'fuel',
  'emissions',
  'sustainability',
  'reporting',
  'dashboards',
  'analytics',
  'forecasting',
  'data-export',
  'data-import',
  'integration',
  'api',
  'erp',
  'single-sign-on',
  'user-management',
  'permissions',
  'security',
  'data-privacy',
  'data-residency',
  'compliance',
  'audit',
  'billing',
  'invoices',
  'payments',
  'pricing',
  'discounts',
  'contract',
  'renewal',
  'onboarding',
  'training',
  'documentation',
  'implementation',
  'migration',
  'support-quality',
  'response-time',
  'outage',
  'performance',
  'reliability',
  'usability',
  'accessibility',
  'localization',
  'feature-request',
  'roadmap',
  'automation',
  'workflow',
  'time-tracking',
  'workforce',
  'multi-depot',
  'peak-season',
  'events',
  'community',
  'referral',
  'partnership',
  'cost-control',
  'trust',
] as const;

/** A topic name of the taxonomy. */
export type TopicName = (typeof TOPICS)[number];

/** Given names of generated people (ASCII, so that e-mail addresses can be made from them). */
export const FIRST_NAMES = [
  'Anna',
  'Ben',
  'Clara',
  'David',
  'Elena',
  'Felix',
  'Greta',
  'Hugo',
  'Ines',
  'Jonas',
  'Katja',
  'Lars',
  'Lena',
  'Marco',
  'Nina',
  'Oskar',
  'Paula',
  'Quentin',
  'Rosa',
  'Sami',
  'Tara',
  'Umar',
  'Vera',
  'Wim',
  'Xenia',
  'Yusuf',
  'Zoe',
  'Aino',
  'Bruno',
  'Chiara',
  'Dario',
  'Emil',
  'Fatima',
  'Goran',
  'Hanna',
  'Ivo',
  'Jana',
  'Kofi',
  'Lucia',
  'Mateo',
  'Noor',
  'Olga',
  'Pavel',
  'Rania',
  'Sven',
  'Tomas',
  'Ursula',
  'Vikram',
  'Wanda',
  'Yara',
  'Amir',
  'Birgit',
  'Carlos',
  'Dana',
  'Erik',
  'Farah',
  'Gustav',
  'Helga',
  'Igor',
  'Julia',
] as const;

/** Family names of generated people (ASCII). */
export const LAST_NAMES = [
  'Adler',
  'Berg',
  'Costa',
  'Dahl',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Hansen',
  'Ivanova',
  'Jensen',
  'Keller',
  'Larsen',
  'Moreau',
  'Novak',
  'Okafor',
  'Petrov',
  'Quist',
  'Rossi',
  'Schmidt',
  'Torres',
  'Ulrich',
  'Vogel',
  'Weber',
  'Yilmaz',
  'Zielinski',
  'Andersen',
  'Brandt',
  'Conti',
  'Dubois',
  'Engel',
  'Ferreira',
  'Gruber',
  'Horvath',
  'Iqbal',
  'Jovanovic',
  'Kowalski',
  'Lindqvist',
  'Mendes',
  'Nielsen',
  'Olsen',
  'Pereira',
  'Richter',
  'Santos',
  'Tanaka',
  'Urban',
  'Varga',
  'Wagner',
  'Young',
  'Zimmer',
  'Baker',
  'Carter',
  'Meyer',
  'Koch',
  'Hoffmann',
  'Kaya',
  'Bianchi',
  'Lopez',
  'Haas',
  'Kruger',
  'Nowak',
] as const;

/** First words of organization names. */
export const ORG_FIRST = [
  'Northwind',
  'Baltic',
  'Vantage',
  'Kestrel',
  'Helio',
  'Tidewater',
  'Meridian',
  'Orchard',
  'Granite',
  'Harbor',
  'Alpine',
  'Riverside',
  'Summit',
  'Blue Fjord',
  'Copperline',
  'Evergreen',
  'Falcon',
  'Greenway',
  'Ironbridge',
  'Lakeside',
  'Maple',
  'Nordic',
  'Oakfield',
  'Pioneer',
  'Redwood',
  'Silverline',
  'Starling',
  'Trident',
  'Urban',
  'Westmark',
  'Amber',
  'Beacon',
  'Cobalt',
  'Delta',
  'Eastgate',
  'Fernhill',
  'Gullwing',
  'Highland',
  'Juniper',
  'Lynx',
] as const;

/** Middle words of organization names (what they do). */
export const ORG_TRADE = [
  'Haulage',
  'Logistics',
  'Freight',
  'Cold Chain',
  'Parcel',
  'Couriers',
  'Distribution',
  'Transport',
  'HVAC',
  'Solar',
  'Water',
  'Grocers',
  'Pharma Logistics',
  'Removals',
  'Installations',
  'Maintenance',
  'Facilities',
  'Telecom Services',
  'Fresh Foods',
  'Building Services',
] as const;

/** Legal-form endings of organization names. */
export const ORG_SUFFIX = ['GmbH', 'AG', 'Ltd', 'BV', 'AB', 'SA', 'Oy', 'A/S', 'S.r.l.', 'Group'] as const;

/** Employee teams by employee role (the role's key in EmployeeRole). */
export const TEAMS: Readonly<Record<string, readonly string[]>> = {
  ACCOUNT_MANAGER: ['Sales North', 'Sales South', 'Key Accounts', 'Public Sector Sales'],
  CUSTOMER_SUCCESS: ['Customer Success', 'Onboarding'],
  SUPPORT_AGENT: ['Support First Line', 'Support Second Line', 'Hardware Support'],
  ANALYST: ['Customer Insight'],
  PRODUCT_MANAGER: ['Product'],
  EXECUTIVE: ['Leadership'],
};

/** A need's stem: title, kind and topics. Generated needs are stems, or stems with a context. */
export interface NeedStem {
  title: string;
  kind: NeedKind;
  topics: readonly TopicName[];
}

/** The need stems; the first NEED_STEMS.length needs are these titles as they are. */
export const NEED_STEMS: readonly NeedStem[] = [
  { title: 'Plan routes offline', kind: NeedKind.FUNCTIONAL, topics: ['route-planning', 'offline-mode'] },
  { title: 'Integrate orders with their ERP', kind: NeedKind.FUNCTIONAL, topics: ['erp', 'integration'] },
  { title: 'Give recipients accurate arrival times', kind: NeedKind.FUNCTIONAL, topics: ['eta', 'customer-notifications'] },
  { title: 'Get alerts when a trailer warms up', kind: NeedKind.FUNCTIONAL, topics: ['temperature-monitoring', 'cold-chain'] },
  { title: 'Capture proof of delivery electronically', kind: NeedKind.FUNCTIONAL, topics: ['proof-of-delivery', 'driver-app'] },
  { title: 'Understand every line of the invoice', kind: NeedKind.FUNCTIONAL, topics: ['invoices', 'billing'] },
  { title: 'Plan across several depots', kind: NeedKind.FUNCTIONAL, topics: ['multi-depot', 'route-planning'] },
  { title: 'Schedule technicians by skill', kind: NeedKind.FUNCTIONAL, topics: ['scheduling', 'workforce'] },
  { title: 'Replace broken handhelds fast', kind: NeedKind.FUNCTIONAL, topics: ['handhelds', 'hardware'] },
  { title: 'Report fleet utilisation', kind: NeedKind.FUNCTIONAL, topics: ['reporting', 'fleet'] },
  { title: 'Keep data hosted in the EU', kind: NeedKind.FUNCTIONAL, topics: ['data-residency', 'compliance'] },
  { title: 'Keep an audit trail of changes', kind: NeedKind.FUNCTIONAL, topics: ['audit', 'compliance'] },
  { title: 'Report emissions per delivery', kind: NeedKind.FUNCTIONAL, topics: ['emissions', 'reporting'] },
  { title: 'Sign in with the company account', kind: NeedKind.FUNCTIONAL, topics: ['single-sign-on', 'security'] },
  { title: 'Onboard new drivers in a day', kind: NeedKind.FUNCTIONAL, topics: ['onboarding', 'training'] },
  { title: 'Pause the plan in the off season', kind: NeedKind.FUNCTIONAL, topics: ['pricing', 'contract'] },
  { title: 'Export data for their own analysis', kind: NeedKind.FUNCTIONAL, topics: ['data-export', 'analytics'] },
  { title: 'Re-plan routes when an order changes', kind: NeedKind.FUNCTIONAL, topics: ['dispatch', 'route-planning'] },
  { title: 'Track vehicle maintenance', kind: NeedKind.FUNCTIONAL, topics: ['maintenance', 'fleet'] },
  { title: 'Cut fuel costs', kind: NeedKind.FUNCTIONAL, topics: ['fuel', 'cost-control'] },
  { title: 'Manage user permissions by depot', kind: NeedKind.FUNCTIONAL, topics: ['permissions', 'user-management'] },
  { title: 'Connect their own systems by API', kind: NeedKind.FUNCTIONAL, topics: ['api', 'integration'] },
  { title: "Forecast next month's bill", kind: NeedKind.FUNCTIONAL, topics: ['forecasting', 'billing'] },
  { title: 'Record working time of drivers', kind: NeedKind.FUNCTIONAL, topics: ['time-tracking', 'workforce'] },
  { title: 'Handle the peak season without overtime', kind: NeedKind.FUNCTIONAL, topics: ['peak-season', 'scheduling'] },
  { title: 'Automate recurring deliveries', kind: NeedKind.FUNCTIONAL, topics: ['automation', 'workflow'] },
  { title: 'Use the app in their own language', kind: NeedKind.FUNCTIONAL, topics: ['localization', 'mobile-app'] },
  { title: 'Migrate history from the old system', kind: NeedKind.FUNCTIONAL, topics: ['migration', 'data-import'] },
  { title: 'See live dashboards of the day', kind: NeedKind.FUNCTIONAL, topics: ['dashboards', 'dispatch'] },
  { title: 'Navigate trucks around low bridges', kind: NeedKind.FUNCTIONAL, topics: ['navigation', 'route-planning'] },
  { title: 'Pay by direct debit', kind: NeedKind.FUNCTIONAL, topics: ['payments', 'billing'] },
  { title: 'Get answers from support within the hour', kind: NeedKind.FUNCTIONAL, topics: ['response-time', 'support-quality'] },
  { title: 'Keep the system up during the peak', kind: NeedKind.FUNCTIONAL, topics: ['reliability', 'outage'] },
  { title: 'Find documentation without calling', kind: NeedKind.FUNCTIONAL, topics: ['documentation', 'usability'] },
  { title: 'Make the driver app usable with gloves', kind: NeedKind.FUNCTIONAL, topics: ['accessibility', 'driver-app'] },
  { title: 'Feel in control of costs', kind: NeedKind.EMOTIONAL, topics: ['cost-control', 'pricing'] },
  { title: 'Trust the arrival estimates', kind: NeedKind.EMOTIONAL, topics: ['eta', 'trust'] },
  { title: 'Feel heard when something breaks', kind: NeedKind.EMOTIONAL, topics: ['support-quality', 'trust'] },
  { title: 'Not be surprised by invoices', kind: NeedKind.EMOTIONAL, topics: ['invoices', 'trust'] },
  { title: 'Have peace of mind in peak weeks', kind: NeedKind.EMOTIONAL, topics: ['peak-season', 'reliability'] },
  { title: 'Feel safe about their data', kind: NeedKind.EMOTIONAL, topics: ['security', 'data-privacy'] },
  { title: 'Be in control of their own day', kind: NeedKind.EMOTIONAL, topics: ['scheduling', 'driver-app'] },
  { title: 'Feel the product grows with them', kind: NeedKind.EMOTIONAL, topics: ['roadmap', 'partnership'] },
  { title: 'Feel confident on the first day', kind: NeedKind.EMOTIONAL, topics: ['onboarding', 'training'] },
  { title: 'Trust that sensors tell the truth', kind: NeedKind.EMOTIONAL, topics: ['sensors', 'trust'] },
  { title: 'Avoid stress at month end', kind: NeedKind.EMOTIONAL, topics: ['billing', 'reporting'] },
  { title: 'Look reliable to their own clients', kind: NeedKind.SOCIAL, topics: ['customer-notifications', 'reliability'] },
  { title: 'Be seen as a sustainability leader', kind: NeedKind.SOCIAL, topics: ['sustainability', 'emissions'] },
  { title: 'Impress their board with clear reporting', kind: NeedKind.SOCIAL, topics: ['reporting', 'dashboards'] },
  { title: 'Be a fair employer to drivers', kind: NeedKind.SOCIAL, topics: ['workforce', 'time-tracking'] },
  { title: 'Belong to a community of peers', kind: NeedKind.SOCIAL, topics: ['community', 'events'] },
  { title: 'Recommend a supplier they are proud of', kind: NeedKind.SOCIAL, topics: ['referral', 'trust'] },
  { title: 'Pass audits without findings', kind: NeedKind.SOCIAL, topics: ['audit', 'compliance'] },
  { title: 'Look modern to young drivers', kind: NeedKind.SOCIAL, topics: ['mobile-app', 'usability'] },
  { title: 'Shape the product roadmap', kind: NeedKind.SOCIAL, topics: ['roadmap', 'feature-request'] },
];

/** Contexts that make further needs from the stems ("Plan routes offline" + " in rural areas"). */
export const NEED_CONTEXTS = [
  'in rural areas',
  'across borders',
  'for night shifts',
  'for subcontractors',
  'for new depots',
  'in the peak season',
  'for the finance team',
  'for regulated loads',
  'on older phones',
  'for weekend work',
  'per cost centre',
  'for seasonal staff',
  'for multi-drop routes',
  'for same-day orders',
  'for returns',
  'for hazardous goods',
  'for city centres',
  'for electric vans',
  'for large accounts',
  'for the planning team',
  'for temporary drivers',
  'in the mobile app',
  'for public tenders',
  'for franchise partners',
  'for key customers',
  'for the board',
  'for two-person crews',
  'for pallet freight',
  'for chilled goods',
  'for bulky items',
  'during system migrations',
  'for new hires',
  'for cross-docking',
  'for recurring routes',
  'for spot orders',
  'for rush hours',
  'for long-haul trips',
  'for service contracts',
  'for urgent repairs',
  'for small depots',
] as const;

/** Topics each touchpoint brings up, besides the needs' topics. Keyed by Touchpoint value. */
export const TOUCHPOINT_TOPICS: Readonly<Record<string, readonly TopicName[]>> = {
  SALES: ['pricing', 'contract', 'discounts', 'roadmap', 'partnership'],
  ONBOARDING: ['onboarding', 'training', 'implementation', 'data-import', 'user-management'],
  SUPPORT: ['outage', 'performance', 'mobile-app', 'hardware', 'sensors', 'response-time', 'driver-app'],
  BILLING: ['billing', 'invoices', 'payments', 'pricing'],
  PRODUCT: ['roadmap', 'feature-request', 'usability', 'integration', 'api'],
  RENEWAL: ['renewal', 'contract', 'pricing', 'discounts'],
  EVENT: ['events', 'community', 'sustainability', 'roadmap'],
  FEEDBACK: ['usability', 'support-quality', 'response-time', 'feature-request'],
};

/** What a contact at each touchpoint is about when no need was expressed. Keyed by Touchpoint value. */
export const TOUCHPOINT_SUBJECTS: Readonly<Record<string, readonly string[]>> = {
  SALES: ['the upgrade to more vehicles', 'a quote for the next quarter', 'the handheld bundle', 'a pilot in one depot'],
  ONBOARDING: ['the depot set-up', 'driver training', 'importing the customer list', 'the first week of routes'],
  SUPPORT: ['sync errors on handhelds', 'a route that would not load', 'login problems', 'a sensor showing no data'],
  BILLING: ['the last invoice', 'a failed direct debit', 'a credit note', 'VAT on hardware'],
  PRODUCT: ['the new planning screen', 'the API rate limits', 'a feature idea', 'the beta of live tracking'],
  RENEWAL: ['the renewal terms', 'a multi-year contract', 'the price review', 'seat numbers for next year'],
  EVENT: ['the user day', 'the webinar on emissions', 'the partner fair', 'the customer advisory board'],
  FEEDBACK: ['the quarterly survey', 'the support experience', 'the new app release', 'the onboarding programme'],
};

/** How a summary opens, by touchpoint. Keyed by Touchpoint value. */
export const TOUCHPOINT_LABELS: Readonly<Record<string, string>> = {
  SALES: 'Sales',
  ONBOARDING: 'Onboarding',
  SUPPORT: 'Support',
  BILLING: 'Billing',
  PRODUCT: 'Product',
  RENEWAL: 'Renewal',
  EVENT: 'Event',
  FEEDBACK: 'Feedback',
};

/** How a summary goes on, by mood (negative, neutral, positive); `{s}` is the subject. */
export const SUMMARY_MOODS: readonly (readonly string[])[] = [
  ['unhappy about {s}', 'complaint about {s}', 'escalation: {s}', 'frustrated by {s}', 'threatens to leave over {s}'],
  ['question about {s}', 'discussed {s}', 'update on {s}', 'follow-up on {s}', 'asked for details on {s}'],
  ['happy with {s}', 'praised {s}', 'keen on {s}', 'good progress on {s}', 'thanked the team for {s}'],
];

/** Content sentences, by mood; `{n}` is the contact's first name, `{s}` the subject. */
export const CONTENT_MOODS: readonly (readonly string[])[] = [
  [
    '{n} says {s} has cost them a day of deliveries and wants a fix this week.',
    '{n} was blunt: {s} is not what they were promised. Escalated to the team lead.',
    '{n} called twice about {s}; patience is running out.',
  ],
  [
    '{n} walked us through {s}. Agreed to send a short write-up and check back next week.',
    '{n} wants to understand {s} before deciding. Shared the documentation.',
    'Routine contact about {s}. {n} will review internally and come back to us.',
  ],
  [
    '{n} is pleased with {s} and offered to act as a reference.',
    '{n} says {s} saves the planners an hour a day. Asked to share the numbers.',
    'Warm conversation with {n} about {s}; they want to do more with us.',
  ],
];

/** Insight titles about a need; `{need}` is the need title (lower case start), `{c}` a customer name. */
export const NEED_INSIGHT_TITLES = [
  '{c} needs to {need}',
  'Customers keep asking to {need}',
  '"{need}" matters more than we thought',
  'Why {c} wants to {need}',
] as const;

/** Insight titles about a customer, by mood; `{c}` is a customer name, `{tp}` a touchpoint label. */
export const CUSTOMER_INSIGHT_TITLES: readonly (readonly string[])[] = [
  ['{c} is losing patience with {tp}', 'Relationship with {c} is at risk', '{c} doubts the value they get'],
  ['{c} relies on {tp} contacts', "{c} buys at arm's length", 'What {c} expects from {tp}'],
  ['{c} is a promoter', '{c} is ready to grow the account', '{c} values the {tp} team'],
];

/** Insight bodies; `{k}` is the number of evidence interactions, `{tp}` a touchpoint label, `{mood}` a mood word. */
export const INSIGHT_BODIES = [
  'Learned from {k} interaction(s), mostly at {tp}; the tone was {mood}.',
  'Seen in {k} recent contact(s) at {tp} ({mood}). Check at the next review.',
  '{k} interaction(s) at {tp} point the same way ({mood}).',
] as const;

/** Mood words for insight bodies: negative, neutral, positive. */
export const MOOD_WORDS = ['negative', 'matter-of-fact', 'positive'] as const;

/** Annotation bodies by annotation kind. */
export const ANNOTATION_BODIES: Readonly<Record<string, readonly string[]>> = {
  COMMENT: [
    'Context: they changed their planning lead last quarter.',
    'Also came up in the account review.',
    'Linked this to the renewal plan.',
  ],
  ENDORSEMENT: [
    'Agree, I heard the same in my last call with them.',
    'Confirmed by the support tickets.',
    'Matches what the depot manager told me.',
  ],
  CHALLENGE: [
    'Not sure: one loud contact is not the whole account.',
    'The data since then says otherwise.',
    'Could be seasonal; check again after the peak.',
  ],
};
