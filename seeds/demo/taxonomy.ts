import type { SeedSegment } from '../types';

/**
 * The explicit model of Fieldline's customer base: the segments it sells to and the shared
 * topic taxonomy that interactions, needs and insights are tagged with.
 *
 * Fieldline (fictional) sells "Fieldline Route", a route-planning and dispatch platform for
 * logistics and field-service fleets, with its own hardware (FL-H5 rugged handhelds, FL-Box
 * telematics units, FL-Temp trailer sensors), and "Fieldline Go", a phone app for independent
 * couriers and sole traders.
 */

export const TOPICS = [
  'account-management',
  'billing',
  'compliance',
  'contract-terms',
  'customer-notifications',
  'data-privacy',
  'dispatch-scheduling',
  'hardware-devices',
  'integration-api',
  'mobile-app',
  'offline-mode',
  'onboarding',
  'performance',
  'pricing',
  'proof-of-delivery',
  'renewal',
  'reporting-analytics',
  'route-planning',
  'support-responsiveness',
  'sustainability',
  'telematics',
  'temperature-monitoring',
  'training',
  'user-community',
] as const;

export type TopicName = (typeof TOPICS)[number];

export const SEGMENT_KEYS = ['seg-enterprise', 'seg-public', 'seg-midmarket', 'seg-smb', 'seg-independents'] as const;

export type SegmentKey = (typeof SEGMENT_KEYS)[number];

export const segments: (SeedSegment & { key: SegmentKey })[] = [
  {
    key: 'seg-enterprise',
    name: 'Enterprise logistics',
    description:
      'Carriers and distributors running 150 or more vehicles across several depots. Few accounts, most of the revenue; ' +
      'they integrate Fieldline with their ERP and expect named account teams and contractual SLAs.',
  },
  {
    key: 'seg-public',
    name: 'Public sector & utilities',
    description:
      'Water, telecom and municipal fleet operators. Buy through tenders and frameworks, require EU hosting and strict ' +
      'data protection, and measure success in overtime, first-time fix and board-level reporting.',
  },
  {
    key: 'seg-midmarket',
    name: 'Mid-market field service',
    description:
      'Installers, maintenance and service companies with 20 to 150 technicians. Schedule by skill and certification, ' +
      'buy seats plus handhelds, and are served by a pooled account team.',
  },
  {
    key: 'seg-smb',
    name: 'Small business & trades',
    description:
      'Couriers, removals, trades and local delivery firms with 2 to 20 vehicles. Self-service onboarding, monthly plans, ' +
      'price-sensitive; a long tail of small accounts.',
  },
  {
    key: 'seg-independents',
    name: 'Independent couriers & sole traders',
    description:
      'One-person businesses on the Fieldline Go app (EUR 29 to 39 a month). Consumer-like buying, social-media voice, ' +
      'and referrals between peers; support by chat and email.',
  },
];
