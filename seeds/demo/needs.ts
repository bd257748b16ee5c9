import type { SeedNeed, SeedNeedHolder } from '../types';
import { at } from './calendar';
import type { CustomerKey } from './customers';
import type { TopicName } from './taxonomy';

/**
 * What Fieldline's customers want or must achieve: functional jobs, emotional states and social
 * standing. A few needs are shared by many customers (offline work, predictable prices, clear
 * invoices); most are held by a handful. `since` is when the customer first showed the need.
 */

export const NEED_KEYS = [
  'need-offline-routing',
  'need-erp-integration',
  'need-realtime-eta',
  'need-cold-chain-alerts',
  'need-epod',
  'need-clear-invoices',
  'need-multi-depot',
  'need-skills-scheduling',
  'need-device-replacement',
  'need-fleet-reporting',
  'need-data-residency',
  'need-audit-trail',
  'need-simple-pricing',
  'need-sso',
  'need-emissions-reporting',
  'need-fast-onboarding',
  'need-paper-manifests',
  'need-seasonal-pause',
  'need-peace-of-mind-peak',
  'need-feel-heard',
  'need-no-billing-surprises',
  'need-trust-support',
  'need-control-own-day',
  'need-look-professional',
  'need-sustainability-image',
  'need-peer-community',
  'need-board-visibility',
  'need-driver-fairness',
] as const;

export type NeedKey = (typeof NEED_KEYS)[number];

export type DemoNeed = Omit<SeedNeed, 'key' | 'customers' | 'topicNames'> & {
  key: NeedKey;
  customers: DemoNeedHolder[];
  topicNames: TopicName[];
};

export type DemoNeedHolder = Omit<SeedNeedHolder, 'customerKey'> & { customerKey: CustomerKey };

/** A holder: customer, since ('YYYY-MM-DD' or 'YYYY-MM-DD HH:MM'), intensity 0..1. */
function h(customerKey: CustomerKey, since: string, intensity: number): DemoNeedHolder {
  return { customerKey, since: at(since), intensity };
}

export const needs: DemoNeed[] = [
  // ---------------------------------------------------------------- functional
  {
    key: 'need-offline-routing',
    title: 'Plan and follow routes without mobile coverage',
    description:
      'Drivers and technicians work in rural areas, tunnels, basements and on roofs without signal. They need the day plan, ' +
      'maps and job details on the device, and eventually the ability to re-order stops offline and sync later without conflicts.',
    kind: 'FUNCTIONAL',
    priority: 'HIGH',
    status: 'IN_PROGRESS',
    customers: [
      h('cust-helio', '2025-03-20 10:40', 0.9),
      h('cust-joost-van-dijk', '2025-03-20 10:40', 0.95),
      h('cust-luca-romano', '2025-03-22', 0.5),
      h('cust-swiftdrop', '2025-03-25', 0.6),
      h('cust-copperleaf', '2025-04-10', 0.7),
      h('cust-baltic', '2025-04-15', 0.4),
      h('cust-aurora', '2025-04-20', 0.6),
      h('cust-lena-vogel', '2025-05-01', 0.6),
      h('cust-brightspark', '2025-05-05', 0.4),
      h('cust-greywell', '2025-05-15', 0.4),
      h('cust-pinecrest', '2025-06-01', 0.5),
      h('cust-sanne-jansen', '2025-06-10', 0.3),
      h('cust-meridian', '2025-07-01', 0.5),
      h('cust-marco-bellini', '2025-08-11 19:00', 0.5),
      h('cust-moss', '2025-09-01', 0.3),
      h('cust-riverbend', '2025-10-01', 0.3),
      h('cust-omar-farouk', '2026-01-19', 0.4),
    ],
    topicNames: ['offline-mode', 'route-planning', 'mobile-app'],
    createdAt: at('2025-03-20 10:40'),
  },
  {
    key: 'need-erp-integration',
    title: 'Exchange jobs, stops and completions with our ERP automatically',
    description:
      'Orders come from the ERP and completed stops must flow back within minutes so invoicing can run the same day. ' +
      'Needs reliable webhooks, an API that scales with volume, and no double entry.',
    kind: 'FUNCTIONAL',
    priority: 'HIGH',
    status: 'MET',
    customers: [
      h('cust-northwind', '2024-12-03', 0.8),
      h('cust-vantage', '2024-12-03', 0.9),
      h('cust-dmitri-volkov', '2024-12-03', 0.9),
      h('cust-castellan', '2025-01-10', 0.6),
      h('cust-tidewater', '2025-02-01', 0.5),
      h('cust-rahul-mehta', '2025-02-20', 0.9),
      h('cust-aurora', '2025-03-01', 0.5),
      h('cust-greywell', '2025-06-01', 0.4),
      h('cust-pinecrest', '2025-09-01', 0.3),
    ],
    topicNames: ['integration-api'],
    createdAt: at('2024-12-03'),
  },
  {
    key: 'need-realtime-eta',
    title: 'Give end customers accurate live arrival times',
    description:
      'Recipients want to know when the van or technician arrives, to the quarter hour, and be told when that changes. ' +
      'Accuracy in evening traffic and local-language messages matter as much as the feature itself.',
    kind: 'FUNCTIONAL',
    priority: 'HIGH',
    status: 'IN_PROGRESS',
    customers: [
      h('cust-vantage', '2024-12-03', 0.9),
      h('cust-dmitri-volkov', '2024-12-03', 0.8),
      h('cust-swiftdrop', '2025-01-20', 0.5),
      h('cust-castellan', '2025-02-01', 0.6),
      h('cust-tidewater', '2025-04-01', 0.4),
      h('cust-luca-romano', '2025-05-01', 0.4),
      h('cust-aurora', '2025-06-04', 0.7),
      h('cust-orchard', '2026-03-12 11:00', 0.8),
      h('cust-megan-oneill', '2026-03-12 11:00', 0.8),
      h('cust-harbourcity', '2026-06-02 10:00', 0.4),
    ],
    topicNames: ['customer-notifications', 'route-planning'],
    createdAt: at('2024-12-03'),
  },
  {
    key: 'need-cold-chain-alerts',
    title: 'Be alerted within minutes when a load leaves its temperature range',
    description:
      'Pharma and food loads must stay in range; an excursion noticed late means a written-off load and an angry client. ' +
      'Needs short polling, alerting on the sensor itself, few false alarms, and sensors that survive sub-zero trailers.',
    kind: 'FUNCTIONAL',
    priority: 'CRITICAL',
    status: 'IN_PROGRESS',
    customers: [
      h('cust-baltic', '2024-12-05', 1.0),
      h('cust-ingeborg-lund', '2025-02-03', 1.0),
      h('cust-tidewater', '2025-03-01', 0.6),
      h('cust-orchard', '2026-04-08', 0.3),
    ],
    topicNames: ['temperature-monitoring', 'telematics', 'hardware-devices'],
    createdAt: at('2024-12-05'),
  },
  {
    key: 'need-epod',
    title: 'Capture proof of delivery with signature and photo',
    description:
      'Every delivery needs a signature, a photo and a time stamp that cannot be lost, for disputes with recipients and, ' +
      'in healthcare, for regulators.',
    kind: 'FUNCTIONAL',
    priority: 'MEDIUM',
    status: 'MET',
    customers: [
      h('cust-tidewater', '2024-12-10', 0.9),
      h('cust-northwind', '2025-01-01', 0.6),
      h('cust-castellan', '2025-01-01', 0.5),
      h('cust-luca-romano', '2025-01-10', 0.6),
      h('cust-swiftdrop', '2025-02-01', 0.7),
      h('cust-tallow', '2025-03-17', 0.4),
      h('cust-moss', '2025-04-01', 0.4),
      h('cust-marco-bellini', '2025-08-11 19:00', 0.5),
      h('cust-omar-farouk', '2026-01-19', 0.5),
    ],
    topicNames: ['proof-of-delivery', 'mobile-app'],
    createdAt: at('2024-12-10'),
  },
  {
    key: 'need-clear-invoices',
    title: 'Invoices that match the contract and can be reconciled line by line',
    description:
      'Finance teams need invoices they can check against the contract without calling us: seat and device counts that ' +
      'match reality, prorations with dates and rates, purchase order numbers, and credits that arrive without chasing.',
    kind: 'FUNCTIONAL',
    priority: 'HIGH',
    status: 'IN_PROGRESS',
    customers: [
      h('cust-kestrel', '2025-01-20', 0.9),
      h('cust-vantage', '2025-02-01', 0.7),
      h('cust-castellan', '2025-02-15', 0.5),
      h('cust-greywell', '2025-03-01', 0.5),
      h('cust-pinecrest', '2025-04-01', 0.4),
      h('cust-aurora', '2025-05-01', 0.4),
      h('cust-copperleaf', '2025-05-01', 0.3),
      h('cust-northwind', '2025-06-01', 0.6),
      h('cust-helio', '2025-06-01', 0.5),
      h('cust-meridian', '2025-06-01', 0.4),
      h('cust-tidewater', '2025-07-01', 0.3),
      h('cust-baltic', '2025-08-19', 0.8),
      h('cust-lumen', '2025-09-01', 0.4),
    ],
    topicNames: ['billing', 'contract-terms'],
    createdAt: at('2025-01-20'),
  },
  {
    key: 'need-multi-depot',
    title: 'Plan several depots in one view and share vehicles between them',
    description:
      'Large fleets plan per depot but want to move vehicles and stops across depot boundaries on busy days, ' +
      'and to set up a new depot from an existing one as a template.',
    kind: 'FUNCTIONAL',
    priority: 'MEDIUM',
    status: 'MET',
    customers: [
      h('cust-northwind', '2024-12-15', 0.8),
      h('cust-tidewater', '2025-01-15', 0.4),
      h('cust-castellan', '2025-03-27', 0.7),
      h('cust-anke-schulz', '2025-05-06', 0.9),
      h('cust-greywell', '2025-08-01', 0.3),
    ],
    topicNames: ['route-planning', 'dispatch-scheduling'],
    createdAt: at('2024-12-15'),
  },
  {
    key: 'need-skills-scheduling',
    title: 'Assign the right technician by skill, certification and urgency',
    description:
      'Field-service planners must send a technician who holds the certification the job needs, and let emergencies ' +
      'displace planned work by rule rather than by hand.',
    kind: 'FUNCTIONAL',
    priority: 'HIGH',
    status: 'IN_PROGRESS',
    customers: [
      h('cust-kestrel', '2025-01-01', 0.5),
      h('cust-helio', '2025-01-08', 0.9),
      h('cust-greywell', '2025-02-01', 0.6),
      h('cust-meridian', '2025-02-05', 0.8),
      h('cust-joost-van-dijk', '2025-02-12', 0.8),
      h('cust-aurora', '2025-03-01', 0.6),
      h('cust-pinecrest', '2025-04-01', 0.5),
      h('cust-lumen', '2025-05-01', 0.4),
      h('cust-samir-haddou', '2025-06-01', 0.9),
      h('cust-copperleaf', '2025-06-01', 0.3),
    ],
    topicNames: ['dispatch-scheduling'],
    createdAt: at('2025-01-01'),
  },
  {
    key: 'need-device-replacement',
    title: 'Replace a broken device within one working day, wherever the vehicle is',
    description:
      'A dead handheld, telematics box or trailer sensor takes a vehicle out of the plan. Customers expect a working ' +
      'replacement the next working day, also outside Germany and for cold-rated variants.',
    kind: 'FUNCTIONAL',
    priority: 'HIGH',
    status: 'OPEN',
    customers: [
      h('cust-baltic', '2025-04-01', 0.9),
      h('cust-kestrel', '2025-04-10', 0.6),
      h('cust-helio', '2025-05-01', 0.5),
      h('cust-aurora', '2025-05-01', 0.5),
      h('cust-tidewater', '2025-06-01', 0.4),
      h('cust-brightspark', '2025-07-01', 0.3),
      h('cust-northwind', '2025-09-01', 0.4),
    ],
    topicNames: ['hardware-devices', 'support-responsiveness'],
    createdAt: at('2025-04-01'),
  },
  {
    key: 'need-fleet-reporting',
    title: 'Monthly reporting on mileage, fuel, overtime and on-time rate',
    description:
      'Operations managers need a monthly pack they can forward unchanged: kilometres, fuel, overtime hours, ' +
      'first-time fix and on-time rate, per depot and compared with last year.',
    kind: 'FUNCTIONAL',
    priority: 'MEDIUM',
    status: 'MET',
    customers: [
      h('cust-northwind', '2024-12-20', 0.5),
      h('cust-greywell', '2025-01-15', 0.6),
      h('cust-castellan', '2025-02-01', 0.5),
      h('cust-tidewater', '2025-03-01', 0.4),
      h('cust-aurora', '2025-04-01', 0.5),
      h('cust-swiftdrop', '2025-05-01', 0.4),
      h('cust-meridian', '2025-06-01', 0.7),
      h('cust-pinecrest', '2025-07-01', 0.4),
    ],
    topicNames: ['reporting-analytics'],
    createdAt: at('2024-12-20'),
  },
  {
    key: 'need-data-residency',
    title: 'Keep all operational data, backups included, in EU data centres',
    description:
      'Public bodies and healthcare distributors must show that location and delivery data never leave the EU, ' +
      'with named sub-processors and a data processing agreement on their own template.',
    kind: 'FUNCTIONAL',
    priority: 'CRITICAL',
    status: 'MET',
    customers: [
      h('cust-meridian', '2024-12-12', 1.0),
      h('cust-aurora', '2025-02-01', 0.7),
      h('cust-tidewater', '2025-06-01', 0.9),
      h('cust-harbourcity', '2026-06-02 10:00', 0.9),
    ],
    topicNames: ['data-privacy', 'compliance'],
    createdAt: at('2024-12-12'),
  },
  {
    key: 'need-audit-trail',
    title: 'A tamper-evident record of every change to a delivery record',
    description:
      'For Good Distribution Practice inspections and incident reviews: who changed what and when, exported in a signed ' +
      'format an inspector accepts.',
    kind: 'FUNCTIONAL',
    priority: 'HIGH',
    status: 'MET',
    customers: [
      h('cust-tidewater', '2025-01-22', 1.0),
      h('cust-fiona-gallagher', '2025-03-11', 0.9),
      h('cust-meridian', '2025-08-01', 0.4),
    ],
    topicNames: ['compliance', 'proof-of-delivery'],
    createdAt: at('2025-01-22'),
  },
  {
    key: 'need-simple-pricing',
    title: 'A predictable price that fits the size of the business',
    description:
      'From the enterprise CFO who wants a price lock to the three-person builder who pays for five users: customers want ' +
      "to know next year's cost today and to pay for what they use, without per-call or per-stop surprises.",
    kind: 'FUNCTIONAL',
    priority: 'HIGH',
    status: 'OPEN',
    customers: [
      h('cust-northwind', '2024-12-10', 0.5),
      h('cust-vantage', '2025-01-23', 0.9),
      h('cust-swiftdrop', '2025-03-01', 0.4),
      h('cust-brightspark', '2025-04-01', 0.5),
      h('cust-lena-vogel', '2025-05-01', 0.5),
      h('cust-tallow', '2025-05-01', 0.5),
      h('cust-quarry', '2025-05-14', 0.9),
      h('cust-dmitri-volkov', '2025-04-22', 0.8),
      h('cust-kestrel', '2025-06-01', 0.7),
      h('cust-pim-de-boer', '2025-06-01', 0.6),
      h('cust-riverbend', '2025-06-01', 0.4),
      h('cust-sanne-jansen', '2025-10-01', 0.3),
      h('cust-helio', '2026-01-01', 0.3),
      h('cust-lumen', '2026-05-01', 0.6),
      h('cust-baltic', '2026-05-14', 0.7),
      h('cust-orchard', '2026-05-20', 0.6),
      h('cust-tobias-engel', '2026-06-01', 0.7),
      h('cust-bluefin', '2026-08-20 11:00', 0.6),
    ],
    topicNames: ['pricing', 'contract-terms'],
    createdAt: at('2024-12-10'),
  },
  {
    key: 'need-sso',
    title: 'Single sign-on with our own identity provider',
    description:
      'IT departments no longer accept local passwords: office users and drivers on shared tablets should sign in with ' +
      'the company identity, with a fallback when the identity provider is down.',
    kind: 'FUNCTIONAL',
    priority: 'MEDIUM',
    status: 'IN_PROGRESS',
    customers: [
      h('cust-aurora', '2025-06-01', 0.4),
      h('cust-castellan', '2025-09-01', 0.5),
      h('cust-meridian', '2025-12-01', 0.6),
      h('cust-tidewater', '2026-02-17', 0.8),
      h('cust-samir-haddou', '2026-06-01', 0.6),
      h('cust-harbourcity', '2026-06-02 10:00', 0.7),
    ],
    topicNames: ['integration-api', 'data-privacy'],
    createdAt: at('2025-06-01'),
  },
  {
    key: 'need-emissions-reporting',
    title: 'Report CO2 per route and per delivery',
    description:
      "Shippers' own clients ask for emissions per delivery in reviews and tenders. Customers need a defensible figure " +
      'per route they can export, with a methodology note, ideally from the same telematics data they already have.',
    kind: 'FUNCTIONAL',
    priority: 'HIGH',
    status: 'IN_PROGRESS',
    customers: [
      h('cust-castellan', '2025-05-28', 0.8),
      h('cust-beatriz-santos', '2025-05-28', 0.9),
      h('cust-northwind', '2025-10-14', 0.8),
      h('cust-anke-schulz', '2025-10-14', 0.9),
      h('cust-greywell', '2026-01-01', 0.3),
      h('cust-orchard', '2026-04-08', 0.7),
      h('cust-harbourcity', '2026-06-02 10:00', 0.5),
    ],
    topicNames: ['sustainability', 'reporting-analytics'],
    createdAt: at('2025-05-28'),
  },
  {
    key: 'need-fast-onboarding',
    title: 'Get new drivers and dispatchers productive in their first week',
    description:
      'Staff turnover is high in field work. New people need short training in their own language, ideally inside the ' +
      'app, and admins need to set up a new depot or crew without a project.',
    kind: 'FUNCTIONAL',
    priority: 'MEDIUM',
    status: 'MET',
    customers: [
      h('cust-kestrel', '2025-01-09 08:00', 0.8),
      h('cust-helio', '2025-01-29', 0.8),
      h('cust-meridian', '2025-02-05', 0.8),
      h('cust-joost-van-dijk', '2025-02-12', 0.9),
      h('cust-aurora', '2025-02-18', 0.7),
      h('cust-pim-de-boer', '2025-02-20 18:30', 0.7),
      h('cust-samir-haddou', '2025-03-01', 0.7),
      h('cust-tidewater', '2025-03-11', 0.5),
      h('cust-fiona-gallagher', '2025-03-11', 0.6),
      h('cust-tallow', '2025-03-17', 0.4),
      h('cust-copperleaf', '2025-04-01', 0.4),
      h('cust-northwind', '2026-02-01', 0.5),
      h('cust-lumen', '2026-03-01', 0.6),
      h('cust-orchard', '2026-06-30', 0.6),
    ],
    topicNames: ['onboarding', 'training'],
    createdAt: at('2025-01-09 08:00'),
  },
  {
    key: 'need-paper-manifests',
    title: 'Print paper run sheets for drivers who prefer them',
    description:
      "Some small firms wanted a printed list of the day's stops for drivers who do not use the app. Dropped in 2025: " +
      'the firms that asked either moved to the app or left.',
    kind: 'FUNCTIONAL',
    priority: 'LOW',
    status: 'DROPPED',
    customers: [h('cust-quarry', '2025-02-10', 0.4), h('cust-riverbend', '2025-03-05', 0.5), h('cust-moss', '2025-04-01', 0.3)],
    topicNames: ['route-planning', 'mobile-app'],
    createdAt: at('2025-02-10'),
  },
  {
    key: 'need-seasonal-pause',
    title: 'Pause the subscription in the off-season',
    description:
      'Seasonal businesses (landscapers, bike mechanics, dog groomers) have weeks without work and do not want to pay ' +
      'for an app they do not open, but also do not want to lose their data by cancelling.',
    kind: 'FUNCTIONAL',
    priority: 'LOW',
    status: 'OPEN',
    customers: [
      h('cust-tobias-engel', '2025-10-01', 0.8),
      h('cust-sanne-jansen', '2025-11-01', 0.4),
      h('cust-copperleaf', '2025-11-15', 0.5),
      h('cust-hana-kobayashi', '2026-01-10', 0.3),
    ],
    topicNames: ['pricing', 'billing'],
    createdAt: at('2025-10-01'),
  },
  // ---------------------------------------------------------------- emotional
  {
    key: 'need-peace-of-mind-peak',
    title: 'Confidence that the system holds up in our busiest week',
    description:
      'The week before Christmas or a retail promotion is when a failure costs most. Customers want to stop worrying about ' +
      'planning capacity in peak, and to hear from us before they find a problem.',
    kind: 'EMOTIONAL',
    priority: 'CRITICAL',
    status: 'MET',
    customers: [
      h('cust-northwind', '2025-07-01', 1.0),
      h('cust-anke-schulz', '2025-07-01', 1.0),
      h('cust-castellan', '2025-07-01', 0.7),
      h('cust-swiftdrop', '2025-11-01', 0.6),
      h('cust-tidewater', '2025-11-15', 0.5),
      h('cust-moss', '2026-04-01', 0.3),
    ],
    topicNames: ['performance', 'route-planning'],
    createdAt: at('2025-07-01'),
  },
  {
    key: 'need-feel-heard',
    title: 'Feel that our feedback shapes the product',
    description:
      'Customers who invest time in feedback want to see it matter: to be asked, to test early versions, and to recognise ' +
      'their own ideas in a release.',
    kind: 'EMOTIONAL',
    priority: 'MEDIUM',
    status: 'OPEN',
    customers: [
      h('cust-northwind', '2025-01-14', 0.6),
      h('cust-greywell', '2025-05-01', 0.4),
      h('cust-aurora', '2025-06-04', 0.4),
      h('cust-helio', '2025-07-01', 0.7),
      h('cust-joost-van-dijk', '2025-07-02', 0.9),
      h('cust-meridian', '2025-09-01', 0.6),
      h('cust-samir-haddou', '2025-09-23', 0.7),
      h('cust-lumen', '2026-07-01', 0.5),
    ],
    topicNames: ['account-management', 'user-community'],
    createdAt: at('2025-01-14'),
  },
  {
    key: 'need-no-billing-surprises',
    title: 'Never be surprised by a bill',
    description:
      'An unexpected charge, overage or suspension feels like a breach of trust, even when the contract allows it. ' +
      'Customers want warnings before limits, price changes announced personally, and a phone call before any switch-off.',
    kind: 'EMOTIONAL',
    priority: 'HIGH',
    status: 'OPEN',
    customers: [
      h('cust-vantage', '2025-01-23', 1.0),
      h('cust-dmitri-volkov', '2025-01-23', 0.8),
      h('cust-swiftdrop', '2025-06-01', 0.3),
      h('cust-kestrel', '2025-06-17', 0.9),
      h('cust-pinecrest', '2025-08-01', 0.4),
      h('cust-baltic', '2025-09-02', 0.6),
      h('cust-marco-bellini', '2025-10-01', 0.3),
      h('cust-greywell', '2025-11-01', 0.3),
      h('cust-lena-vogel', '2026-03-01', 0.7),
      h('cust-tobias-engel', '2026-06-01', 0.6),
    ],
    topicNames: ['billing', 'pricing'],
    createdAt: at('2025-01-23'),
  },
  {
    key: 'need-trust-support',
    title: 'Trust that someone owns the problem when something breaks',
    description:
      'When a route, a sensor or a sync fails, customers want one person who calls back when promised and stays until it ' +
      'is fixed, rather than a new ticket and a new name every time.',
    kind: 'EMOTIONAL',
    priority: 'HIGH',
    status: 'IN_PROGRESS',
    customers: [
      h('cust-baltic', '2025-04-30', 0.9),
      h('cust-pim-de-boer', '2025-06-10', 0.3),
      h('cust-northwind', '2025-07-21', 0.7),
      h('cust-anke-schulz', '2025-08-01', 0.6),
      h('cust-copperleaf', '2025-09-01', 0.3),
      h('cust-tidewater', '2025-09-09', 0.4),
      h('cust-kestrel', '2025-10-07', 0.8),
      h('cust-ingeborg-lund', '2025-11-01', 1.0),
      h('cust-lumen', '2026-06-01', 0.5),
    ],
    topicNames: ['support-responsiveness', 'account-management'],
    createdAt: at('2025-04-30'),
  },
  {
    key: 'need-control-own-day',
    title: 'Feel in control of my working day',
    description:
      'Couriers and technicians want the app to help rather than drive them: a phone that lasts the day, routes that leave ' +
      'room for a break, and no surprises when the signal drops.',
    kind: 'EMOTIONAL',
    priority: 'MEDIUM',
    status: 'OPEN',
    customers: [
      h('cust-lena-vogel', '2025-02-04 20:10', 0.9),
      h('cust-luca-romano', '2025-02-15', 0.5),
      h('cust-joost-van-dijk', '2025-03-20', 0.6),
      h('cust-tobias-engel', '2025-05-01', 0.4),
      h('cust-sanne-jansen', '2025-05-26 10:00', 0.5),
      h('cust-pim-de-boer', '2025-06-01', 0.5),
      h('cust-hana-kobayashi', '2025-06-03 21:00', 0.5),
      h('cust-marco-bellini', '2025-08-11 19:00', 0.6),
      h('cust-yara-costa', '2025-08-13', 0.4),
      h('cust-elif-aydin', '2025-09-09 12:00', 0.5),
      h('cust-omar-farouk', '2026-01-19', 0.6),
      h('cust-lumen', '2026-07-01', 0.6),
    ],
    topicNames: ['mobile-app', 'route-planning'],
    createdAt: at('2025-02-04'),
  },
  // ---------------------------------------------------------------- social
  {
    key: 'need-look-professional',
    title: 'Look like a professional business to my own customers',
    description:
      'One-person businesses want their customers to see their name, logo and a reliable arrival text, the way a large ' +
      'company would send it.',
    kind: 'SOCIAL',
    priority: 'MEDIUM',
    status: 'MET',
    customers: [
      h('cust-pim-de-boer', '2025-03-01', 0.7),
      h('cust-luca-romano', '2025-03-15', 0.4),
      h('cust-brightspark', '2025-05-01', 0.5),
      h('cust-sanne-jansen', '2025-05-26 10:00', 0.7),
      h('cust-lena-vogel', '2025-06-01', 0.7),
      h('cust-hana-kobayashi', '2025-06-03 21:00', 0.6),
      h('cust-marco-bellini', '2025-09-01', 0.4),
      h('cust-elif-aydin', '2025-09-09 12:00', 0.8),
      h('cust-omar-farouk', '2026-02-01', 0.5),
    ],
    topicNames: ['customer-notifications', 'proof-of-delivery'],
    createdAt: at('2025-03-01'),
  },
  {
    key: 'need-sustainability-image',
    title: 'Show our own clients that we run a greener operation',
    description:
      'Retailers, co-ops and public bodies are judged on emissions by their own customers and members. Our customers want ' +
      'to be seen as the green choice in their tenders and magazines.',
    kind: 'SOCIAL',
    priority: 'MEDIUM',
    status: 'OPEN',
    customers: [
      h('cust-castellan', '2025-05-28', 0.7),
      h('cust-beatriz-santos', '2025-10-01', 0.8),
      h('cust-northwind', '2025-10-14', 0.7),
      h('cust-anke-schulz', '2025-10-14', 0.7),
      h('cust-greywell', '2026-02-01', 0.3),
      h('cust-orchard', '2026-04-08', 0.9),
    ],
    topicNames: ['sustainability'],
    createdAt: at('2025-05-28'),
  },
  {
    key: 'need-peer-community',
    title: 'Learn from peers and be seen among them',
    description:
      'Fleet and compliance managers like to compare notes with people who have the same problems, and to be invited to ' +
      'speak: it is both learning and recognition in their industry.',
    kind: 'SOCIAL',
    priority: 'LOW',
    status: 'IN_PROGRESS',
    customers: [
      h('cust-anke-schulz', '2025-05-06', 0.7),
      h('cust-greywell', '2025-05-06', 0.7),
      h('cust-beatriz-santos', '2025-05-28', 0.6),
      h('cust-fiona-gallagher', '2025-06-24', 0.8),
      h('cust-lena-vogel', '2025-08-12', 0.4),
      h('cust-swiftdrop', '2025-09-01', 0.3),
      h('cust-samir-haddou', '2025-10-13', 0.6),
      h('cust-helio', '2026-03-10', 0.4),
    ],
    topicNames: ['user-community', 'training'],
    createdAt: at('2025-05-06'),
  },
  {
    key: 'need-board-visibility',
    title: 'Show our board what the investment returns',
    description:
      "The people who buy Fieldline must justify it upwards: a regulator's verdict, overtime saved, cost per drop. " +
      'They need numbers a board understands, on a fixed rhythm.',
    kind: 'SOCIAL',
    priority: 'HIGH',
    status: 'IN_PROGRESS',
    customers: [
      h('cust-tidewater', '2025-12-09', 0.6),
      h('cust-fiona-gallagher', '2025-12-09', 0.7),
      h('cust-northwind', '2026-01-01', 0.4),
      h('cust-meridian', '2026-01-15', 0.9),
      h('cust-aurora', '2026-02-01', 0.5),
      h('cust-orchard', '2026-05-20', 0.9),
      h('cust-megan-oneill', '2026-05-20', 0.9),
    ],
    topicNames: ['reporting-analytics', 'account-management'],
    createdAt: at('2025-12-09'),
  },
  {
    key: 'need-driver-fairness',
    title: 'Be seen by our drivers and technicians as a fair employer',
    description:
      'Works councils and drivers push back on tracking outside working hours and on routes without breaks. Employers ' +
      'want features that their staff accept, and to be able to show it.',
    kind: 'SOCIAL',
    priority: 'MEDIUM',
    status: 'MET',
    customers: [
      h('cust-aurora', '2025-06-04', 0.8),
      h('cust-castellan', '2025-09-01', 0.4),
      h('cust-greywell', '2025-10-01', 0.3),
      h('cust-swiftdrop', '2026-01-01', 0.4),
    ],
    topicNames: ['data-privacy', 'route-planning'],
    createdAt: at('2025-06-04'),
  },
];
