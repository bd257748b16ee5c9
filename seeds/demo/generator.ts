import type { Channel, Direction, Touchpoint } from '../types';
import { WINDOW_END, WINDOW_START, at, isoMinute } from './calendar';
import { customers, type CustomerKey, type DemoCustomer } from './customers';
import { employees, type EmployeeKey } from './employees';
import { needs, type NeedKey } from './needs';
import type { DemoInteraction } from './storylines';
import type { SegmentKey, TopicName } from './taxonomy';

/**
 * The long tail of everyday contacts: a small deterministic generator that combines
 * hand-written templates (what a support ticket, a billing query or a survey answer says) with
 * per-customer profiles (how often they talk to us, through what, in what mood, since when).
 *
 * Determinism: one seeded PRNG (mulberry32), customers processed in a fixed order, no clock and
 * no Math.random. The same input gives the same interactions on every run.
 */

// ------------------------------------------------------------------------------------ PRNG

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('demo data: pick from an empty list');
  return item;
}

function intBetween(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const round2 = (v: number): number => {
  const r = Math.round(v * 100) / 100;
  return r === 0 ? 0 : r; // no -0
};

// ------------------------------------------------------------------------------- templates

type Audience = 'org' | 'contact' | 'consumer';
/** 'pre': only before the sale (prospects); 'post': only for customers; 'any': both. */
type Stage = 'pre' | 'post' | 'any';

interface Template {
  tp: Touchpoint;
  aud: Audience[];
  ch: Channel[];
  dir: Direction;
  /** Typical sentiment of such a contact. */
  s: number;
  /** Placeholders: {c} customer (short name), {org} their organization, {site}, {n}, {pct}, {ver}. */
  sum: string;
  body: string;
  topics: TopicName[];
  needs?: NeedKey[];
  stage?: Stage;
  /** Only for organizations that run a fleet or field teams with depots (not for tiny firms). */
  fleet?: boolean;
  /** Only for parcel couriers. */
  courier?: boolean;
  /** Not before this day ('YYYY-MM-DD'): the feature it mentions did not exist earlier. */
  after?: string;
  /** Only within this many days of the customer's creation (first steps). */
  early?: number;
  /** Only for customers who hold this need. */
  requires?: NeedKey;
}

const ORG: Audience[] = ['org'];
const CONTACT: Audience[] = ['contact'];
const CONSUMER: Audience[] = ['consumer'];
const ORG_OR_CONTACT: Audience[] = ['org', 'contact'];

const TEMPLATES: Template[] = [
  // ------------------------------------------------------------------ SUPPORT
  {
    tp: 'SUPPORT',
    aud: ORG,
    ch: ['PHONE', 'CHAT'],
    dir: 'INBOUND',
    s: -0.2,
    fleet: true,
    sum: '{c} reports the planning board is slow to open for the {site} depot',
    body: 'Dispatch at {site} says the planning board takes over a minute to open in the morning. A stuck import was blocking the depot; cleared it and load time is back to normal.',
    topics: ['performance', 'route-planning'],
    needs: ['need-peace-of-mind-peak'],
  },
  {
    tp: 'SUPPORT',
    aud: ORG,
    ch: ['PHONE', 'CHAT', 'EMAIL'],
    dir: 'INBOUND',
    s: -0.4,
    fleet: true,
    sum: '{c}: {n} jobs missing from mobile devices after a schedule change',
    body: 'Jobs moved after 14:00 did not appear on the handhelds until the app was restarted. Walked the dispatcher through a forced sync and logged the bug with device logs.',
    topics: ['mobile-app', 'dispatch-scheduling'],
    needs: ['need-trust-support'],
  },
  {
    tp: 'SUPPORT',
    aud: ORG,
    ch: ['PHONE', 'EMAIL', 'WEB'],
    dir: 'INBOUND',
    s: -0.1,
    sum: 'Cracked handheld at {c}; replacement requested',
    body: 'An FL-H5 handheld was dropped from a ladder at {site}. Replacement ordered under the hardware plan, courier booked for the next working day.',
    topics: ['hardware-devices'],
    needs: ['need-device-replacement'],
  },
  {
    tp: 'SUPPORT',
    aud: ORG,
    ch: ['CHAT', 'EMAIL'],
    dir: 'INBOUND',
    s: 0.3,
    sum: "{c} asks how to export last month's completed jobs to a spreadsheet",
    body: 'Showed the report builder and saved a monthly export template for their office manager. Took ten minutes.',
    topics: ['reporting-analytics'],
    needs: ['need-fleet-reporting'],
  },
  {
    tp: 'SUPPORT',
    aud: ORG,
    ch: ['EMAIL', 'WEB'],
    dir: 'INBOUND',
    s: 0.2,
    sum: 'Password resets and user clean-up for {c}',
    body: 'Reset access for {n} users and removed leavers on request. Suggested single sign-on so that leavers lose access automatically.',
    topics: ['data-privacy'],
    needs: ['need-sso'],
  },
  {
    tp: 'SUPPORT',
    aud: ORG,
    ch: ['PHONE', 'EMAIL'],
    dir: 'INBOUND',
    s: -0.4,
    fleet: true,
    sum: '{c}: a high-roof van was routed under a low bridge near {site}',
    body: 'The driver spotted the 2.9 m bridge in time and took a detour. The van height was missing in the vehicle profile; added it for {n} vehicles and re-planned the day.',
    topics: ['route-planning'],
  },
  {
    tp: 'SUPPORT',
    aud: ORG,
    ch: ['CHAT', 'EMAIL'],
    dir: 'INBOUND',
    s: -0.3,
    after: '2025-07-01',
    sum: '{c} reports duplicate proof-of-delivery photos after devices reconnect',
    body: 'Photos taken without signal uploaded twice when the devices reconnected. Removed the duplicates; the fix ships in app version {ver}.',
    topics: ['proof-of-delivery', 'offline-mode'],
    needs: ['need-epod', 'need-offline-routing'],
  },
  {
    tp: 'SUPPORT',
    aud: ORG,
    ch: ['EMAIL', 'WEB'],
    dir: 'INBOUND',
    s: 0.1,
    requires: 'need-erp-integration',
    sum: "Webhook errors on {c}'s ERP connector resolved; {n} events replayed",
    body: 'Their ERP endpoint returned errors for three hours and our retries filled the dead-letter queue. Replayed the events after their fix; no data lost.',
    topics: ['integration-api'],
    needs: ['need-erp-integration'],
  },
  {
    tp: 'SUPPORT',
    aud: ORG,
    ch: ['PHONE', 'EMAIL'],
    dir: 'INBOUND',
    s: -0.3,
    fleet: true,
    sum: '{c}: telematics boxes offline on {n} vehicles after a workshop visit',
    body: 'The FL-Box units lost power after the vehicles were serviced: the workshop had disconnected the fused supply. Sent the installation guide to their workshop lead.',
    topics: ['telematics', 'hardware-devices'],
    needs: ['need-device-replacement'],
  },
  {
    tp: 'SUPPORT',
    aud: ORG,
    ch: ['CHAT', 'PHONE'],
    dir: 'INBOUND',
    s: 0.2,
    fleet: true,
    requires: 'need-skills-scheduling',
    sum: 'Quick fix for {c}: certification rule missing on a new job type',
    body: 'A new job type had no required certification, so the scheduler could assign anyone. Added the rule together with their planner and re-ran the week.',
    topics: ['dispatch-scheduling'],
    needs: ['need-skills-scheduling'],
  },
  {
    tp: 'SUPPORT',
    aud: ORG,
    ch: ['PHONE', 'EMAIL'],
    dir: 'INBOUND',
    s: -0.6,
    sum: '{c} waited two days for a promised same-day callback on a scheduling bug',
    body: 'The ticket was logged on a Tuesday and the promised same-day callback came on Thursday. The customer complained about the wait more than about the bug.',
    topics: ['support-responsiveness', 'dispatch-scheduling'],
    needs: ['need-trust-support'],
  },
  {
    tp: 'SUPPORT',
    aud: ORG,
    ch: ['CHAT', 'EMAIL'],
    dir: 'INBOUND',
    s: -0.2,
    sum: 'Drivers at {c} lose their route when the app goes to the background',
    body: "On one Android model the phone's battery optimisation closes the app. Sent instructions to exempt it; fixed remotely on {n} devices.",
    topics: ['mobile-app'],
  },
  {
    tp: 'SUPPORT',
    aud: ORG,
    ch: ['PHONE', 'CHAT'],
    dir: 'INBOUND',
    s: -0.1,
    sum: '{c} asks how to print run sheets for drivers who do not use the app',
    body: 'Two older drivers at {site} prefer a paper list. Showed the print view and explained that paper is not updated when the plan changes during the day.',
    topics: ['route-planning', 'mobile-app'],
    needs: ['need-paper-manifests'],
  },
  {
    tp: 'SUPPORT',
    aud: ORG,
    ch: ['EMAIL', 'WEB'],
    dir: 'INBOUND',
    s: -0.2,
    sum: 'Map shows a road near {site} as closed; {c} asks for a faster map correction',
    body: 'Roadworks near {site} ended two weeks ago but the map still routes around them, adding kilometres to {n} routes a day. Reported to the map provider with a manual override in the meantime.',
    topics: ['route-planning'],
  },
  {
    tp: 'SUPPORT',
    aud: ORG,
    ch: ['CHAT', 'EMAIL'],
    dir: 'INBOUND',
    s: 0.1,
    sum: "{c}'s imported time windows were read in the wrong time zone",
    body: 'A file import used UTC instead of local time, so morning windows moved by an hour. Corrected the import setting and re-imported the day before dispatch started.',
    topics: ['integration-api', 'route-planning'],
  },
  {
    tp: 'SUPPORT',
    aud: CONTACT,
    ch: ['CHAT', 'EMAIL'],
    dir: 'INBOUND',
    s: 0.3,
    sum: '{c} ({org}) sets up a depot-scoped role for planners',
    body: '{c} wanted planners at one depot to see only their own vehicles and stops. Created a depot-scoped role together and tested it with one planner.',
    topics: ['data-privacy', 'route-planning'],
    needs: ['need-multi-depot'],
  },
  {
    tp: 'SUPPORT',
    aud: CONTACT,
    ch: ['EMAIL', 'PHONE'],
    dir: 'INBOUND',
    s: -0.5,
    sum: "{c} escalates a stuck ticket: ETA texts stopped for some of {org}'s customers",
    body: "ETA texts stopped for part of {org}'s recipients after a template change. {c} had chased twice; fixed by re-publishing the template and checking the send log.",
    topics: ['customer-notifications', 'support-responsiveness'],
    needs: ['need-realtime-eta', 'need-trust-support'],
  },
  {
    tp: 'SUPPORT',
    aud: CONTACT,
    ch: ['CHAT', 'PHONE'],
    dir: 'INBOUND',
    s: -0.2,
    sum: "{c} reports slow map loading on {org}'s office PCs",
    body: "Maps load slowly on {org}'s office PCs because their proxy blocks the map tile cache. Sent the list of domains to allow; {c} will pass it to IT.",
    topics: ['performance'],
  },
  {
    tp: 'SUPPORT',
    aud: CONTACT,
    ch: ['EMAIL', 'WEB'],
    dir: 'INBOUND',
    s: -0.3,
    sum: '{c}: the monthly report export times out for {org}',
    body: 'The export of twelve months of stops for all depots times out after two minutes. Split it per quarter as a workaround; engineering is moving exports to a background job.',
    topics: ['reporting-analytics', 'performance'],
    needs: ['need-fleet-reporting'],
  },
  {
    tp: 'SUPPORT',
    aud: CONSUMER,
    ch: ['CHAT', 'EMAIL'],
    dir: 'INBOUND',
    s: -0.2,
    courier: true,
    sum: "{c} cannot import today's stops from the parcel network's file",
    body: "The parcel network changed its CSV format overnight. Updated {c}'s column mapping over chat; the import works again.",
    topics: ['route-planning', 'mobile-app'],
    needs: ['need-control-own-day'],
  },
  {
    tp: 'SUPPORT',
    aud: CONSUMER,
    ch: ['CHAT', 'SOCIAL'],
    dir: 'INBOUND',
    s: 0.1,
    sum: '{c}: the app froze when switching to navigation; fixed by updating to {ver}',
    body: 'The app froze when handing over to navigation on an older phone. Version {ver} fixes it; {c} confirmed it runs smoothly now.',
    topics: ['mobile-app'],
  },
  {
    tp: 'SUPPORT',
    aud: CONSUMER,
    ch: ['CHAT', 'EMAIL'],
    dir: 'INBOUND',
    s: -0.3,
    sum: '{c} lost the offline maps after a phone update',
    body: 'Offline maps were deleted when the phone updated its operating system. Re-downloaded the region over Wi-Fi and suggested keeping maps on the memory card.',
    topics: ['offline-mode', 'mobile-app'],
    needs: ['need-offline-routing'],
  },
  {
    tp: 'SUPPORT',
    aud: CONSUMER,
    ch: ['CHAT'],
    dir: 'INBOUND',
    s: 0.2,
    sum: "{c} asks why the ETA text shows 'Fieldline Go driver' instead of their business name",
    body: "The business name field in {c}'s profile was empty. Filled it in together and sent a test text.",
    topics: ['customer-notifications'],
    needs: ['need-look-professional'],
  },
  {
    tp: 'SUPPORT',
    aud: CONSUMER,
    ch: ['EMAIL'],
    dir: 'INBOUND',
    s: -0.5,
    sum: '{c} waited three days for an email answer about a sync problem',
    body: '{c} wrote on Friday and got an answer on Monday afternoon. The problem itself took five minutes to fix. Basic-plan users have email support only.',
    topics: ['support-responsiveness'],
    needs: ['need-trust-support', 'need-control-own-day'],
  },
  {
    tp: 'SUPPORT',
    aud: CONSUMER,
    ch: ['CHAT'],
    dir: 'INBOUND',
    s: 0.3,
    sum: '{c} asks how to share a live arrival link with a customer',
    body: 'Showed {c} how to send a live tracking link from the stop screen. {c} will use it for customers who are often not at home.',
    topics: ['customer-notifications', 'mobile-app'],
    needs: ['need-look-professional'],
  },
  {
    tp: 'SUPPORT',
    aud: CONSUMER,
    ch: ['CHAT', 'EMAIL'],
    dir: 'INBOUND',
    s: -0.2,
    sum: '{c} cannot log in after moving to a new phone',
    body: 'Two-factor codes still went to the old phone. Verified identity by email and moved the second factor; {c} was back on the road within half an hour.',
    topics: ['mobile-app', 'data-privacy'],
  },
  // ------------------------------------------------------------------ BILLING
  {
    tp: 'BILLING',
    aud: ORG,
    ch: ['EMAIL'],
    dir: 'INBOUND',
    s: 0.0,
    sum: '{c} needs purchase order numbers on every invoice',
    body: 'Their accounts payable rejects invoices without a PO number. Added the PO field to the billing profile and re-issued {n} invoices.',
    topics: ['billing'],
    needs: ['need-clear-invoices'],
  },
  {
    tp: 'BILLING',
    aud: ORG,
    ch: ['EMAIL', 'PHONE'],
    dir: 'INBOUND',
    s: -0.4,
    sum: '{c} disputes a prorated charge for seats added mid-month',
    body: 'The invoice shows one prorated line without dates or rates, so finance cannot check it. Explained the calculation and sent a breakdown per seat and day.',
    topics: ['billing'],
    needs: ['need-clear-invoices', 'need-no-billing-surprises'],
  },
  {
    tp: 'BILLING',
    aud: ORG,
    ch: ['EMAIL', 'PHONE'],
    dir: 'INBOUND',
    s: -0.6,
    sum: '{c} charged twice for the same month after changing the payment method',
    body: 'Switching from card to direct debit created a duplicate charge. Refunded within two days; their finance team asked for a written confirmation for the auditors.',
    topics: ['billing'],
    needs: ['need-no-billing-surprises', 'need-clear-invoices'],
  },
  {
    tp: 'BILLING',
    aud: ORG,
    ch: ['EMAIL'],
    dir: 'INBOUND',
    s: 0.3,
    sum: '{c} moves from monthly to annual invoicing',
    body: 'Finance wants one annual invoice to cut processing. Switched from the next renewal with the 2% prepayment discount.',
    topics: ['billing', 'contract-terms'],
    needs: ['need-simple-pricing'],
  },
  {
    tp: 'BILLING',
    aud: ORG,
    ch: ['EMAIL', 'PHONE'],
    dir: 'INBOUND',
    s: -0.3,
    sum: "Hardware fees on {c}'s invoice do not match the delivery notes",
    body: '{n} handhelds are billed but the delivery notes list fewer. Two shipments had been merged in the billing system; corrected invoice sent.',
    topics: ['billing', 'hardware-devices'],
    needs: ['need-clear-invoices'],
  },
  {
    tp: 'BILLING',
    aud: ORG,
    ch: ['EMAIL', 'PHONE'],
    dir: 'INBOUND',
    s: -0.5,
    sum: '{c} surprised by text-message charges on the invoice',
    body: 'ETA texts above the included volume are billed per message. {c} did not know and asks for a warning before the limit is reached.',
    topics: ['billing', 'customer-notifications'],
    needs: ['need-no-billing-surprises'],
  },
  {
    tp: 'BILLING',
    aud: ORG,
    ch: ['EMAIL'],
    dir: 'OUTBOUND',
    s: 0.1,
    sum: 'Payment reminder to {c}: invoice {n} days overdue',
    body: 'Friendly reminder for an overdue invoice. Their accounts payable replied the same day: it was waiting for an internal approval and is now scheduled.',
    topics: ['billing'],
  },
  {
    tp: 'BILLING',
    aud: CONTACT,
    ch: ['EMAIL'],
    dir: 'INBOUND',
    s: -0.2,
    sum: "{c} forwards an invoice question from {org}'s finance team",
    body: "{org}'s finance team could not match the licence count to the contract. {c} asked us to attach the licence list per depot to every invoice.",
    topics: ['billing'],
    needs: ['need-clear-invoices'],
  },
  {
    tp: 'BILLING',
    aud: CONTACT,
    ch: ['EMAIL', 'PHONE'],
    dir: 'INBOUND',
    s: 0.1,
    sum: '{c} updates the invoice contact for {org}',
    body: "{org}'s invoices should go to a shared finance mailbox instead of a person who left. Updated the billing profile and re-sent the last invoice.",
    topics: ['billing'],
  },
  {
    tp: 'BILLING',
    aud: CONSUMER,
    ch: ['CHAT', 'EMAIL'],
    dir: 'INBOUND',
    s: -0.1,
    sum: "{c}'s subscription payment failed; card updated",
    body: 'The payment failed because the card had expired. {c} updated it in the app after the reminder; no interruption of service.',
    topics: ['billing'],
  },
  {
    tp: 'BILLING',
    aud: CONSUMER,
    ch: ['CHAT'],
    dir: 'INBOUND',
    s: 0.2,
    sum: '{c} asks whether the annual plan is cheaper than paying monthly',
    body: 'Explained that the annual plan costs about two months less. {c} will switch at the next renewal.',
    topics: ['pricing', 'billing'],
    needs: ['need-simple-pricing'],
  },
  {
    tp: 'BILLING',
    aud: CONSUMER,
    ch: ['CHAT', 'EMAIL'],
    dir: 'INBOUND',
    s: -0.5,
    sum: '{c} upgraded to Go Plus by mistake and was charged at once',
    body: 'One tap on the upgrade banner charged {c} the Go Plus price immediately. Refunded and downgraded; asked product to add a confirmation step.',
    topics: ['billing'],
    needs: ['need-no-billing-surprises'],
  },
  {
    tp: 'BILLING',
    aud: CONSUMER,
    ch: ['EMAIL'],
    dir: 'INBOUND',
    s: 0.1,
    sum: '{c} needs invoices with a VAT number for the tax return',
    body: "Added the VAT number to the profile and regenerated this year's invoices as one PDF.",
    topics: ['billing'],
  },
  // ------------------------------------------------------------------ ONBOARDING
  {
    tp: 'ONBOARDING',
    aud: ORG,
    ch: ['VIDEO_CALL', 'MEETING'],
    dir: 'OUTBOUND',
    s: 0.4,
    fleet: true,
    sum: 'New dispatcher at {c} trained on the planning board',
    body: 'One-hour remote session for a new dispatcher at {site}: creating routes, moving jobs and handling no-shows. Shared the recording for future starters.',
    topics: ['onboarding', 'training'],
    needs: ['need-fast-onboarding'],
  },
  {
    tp: 'ONBOARDING',
    aud: ORG,
    ch: ['EMAIL', 'VIDEO_CALL'],
    dir: 'OUTBOUND',
    s: 0.3,
    sum: '{c} adds {n} new users at {site}; accounts and devices set up',
    body: 'Created the accounts and enrolled the devices. The new starters completed the in-app tutorial on their first morning.',
    topics: ['onboarding', 'mobile-app'],
    needs: ['need-fast-onboarding'],
  },
  {
    tp: 'ONBOARDING',
    aud: ORG,
    ch: ['VIDEO_CALL'],
    dir: 'OUTBOUND',
    s: -0.2,
    sum: 'Proof-of-delivery check at {c} {site}: staff skip the photo',
    body: "A review of last month's jobs at {site} showed 30% closed without a photo. Made the photo mandatory for signed deliveries and briefed the team leads.",
    topics: ['onboarding', 'proof-of-delivery'],
    needs: ['need-epod'],
  },
  {
    tp: 'ONBOARDING',
    aud: ORG,
    ch: ['VIDEO_CALL', 'MEETING'],
    dir: 'OUTBOUND',
    s: 0.2,
    fleet: true,
    requires: 'need-skills-scheduling',
    sum: "{c}'s planners get a refresher on skills-based scheduling",
    body: 'Planners had been overriding the skill rules by hand. The refresher showed how to keep certifications current so that the scheduler can do the matching.',
    topics: ['training', 'dispatch-scheduling'],
    needs: ['need-skills-scheduling', 'need-fast-onboarding'],
  },
  {
    tp: 'ONBOARDING',
    aud: ORG,
    ch: ['MEETING', 'EMAIL'],
    dir: 'OUTBOUND',
    s: 0.4,
    fleet: true,
    sum: 'Telematics installed at {c} {site}: {n} vehicles reporting',
    body: 'FL-Box units fitted over two days. All units report, and fuel and mileage data flow into the monthly report.',
    topics: ['telematics', 'onboarding'],
    needs: ['need-fleet-reporting'],
  },
  {
    tp: 'ONBOARDING',
    aud: ORG,
    ch: ['VIDEO_CALL'],
    dir: 'OUTBOUND',
    s: 0.3,
    sum: 'Admin handover at {c}: the new system owner is trained',
    body: "{c}'s system owner changed jobs internally. Trained the successor on users, templates and integrations in two short sessions.",
    topics: ['onboarding', 'training'],
    needs: ['need-fast-onboarding'],
  },
  {
    tp: 'ONBOARDING',
    aud: CONTACT,
    ch: ['VIDEO_CALL', 'MEETING'],
    dir: 'OUTBOUND',
    s: 0.5,
    sum: '{c} completes the admin training for {org}',
    body: "{c} completed the two-hour admin course and will be {org}'s first-line contact for user questions.",
    topics: ['training', 'onboarding'],
    needs: ['need-fast-onboarding'],
  },
  {
    tp: 'ONBOARDING',
    aud: CONTACT,
    ch: ['EMAIL'],
    dir: 'INBOUND',
    s: 0.3,
    sum: "{c} asks for training material for {org}'s new planners",
    body: 'Sent the planner video series and the quick reference card in the local language. {c} will add them to the induction checklist.',
    topics: ['training', 'onboarding'],
    needs: ['need-fast-onboarding'],
  },
  {
    tp: 'ONBOARDING',
    aud: CONSUMER,
    ch: ['CHAT', 'WEB'],
    dir: 'INBOUND',
    s: 0.5,
    early: 120,
    sum: '{c} finishes the in-app tutorial and plans the first route',
    body: '{c} imported {n} stops and optimised the first route, then asked whether the app also works without signal.',
    topics: ['onboarding', 'route-planning'],
    needs: ['need-offline-routing', 'need-control-own-day'],
  },
  {
    tp: 'ONBOARDING',
    aud: CONSUMER,
    ch: ['CHAT', 'PHONE'],
    dir: 'OUTBOUND',
    s: 0.4,
    early: 120,
    sum: 'Welcome call with {c}: business name and logo set up for customer texts',
    body: "Set up {c}'s business name and logo for ETA texts and receipts. {c} liked that customers see their brand, not ours.",
    topics: ['onboarding', 'customer-notifications'],
    needs: ['need-look-professional'],
  },
  // ------------------------------------------------------------------ PRODUCT
  {
    tp: 'PRODUCT',
    aud: ORG,
    ch: ['EMAIL', 'VIDEO_CALL'],
    dir: 'INBOUND',
    s: 0.0,
    fleet: true,
    sum: '{c} requests a bulk edit for job time windows',
    body: 'Planners at {site} change the time windows of {n} jobs one by one when a store changes its opening hours. Logged as a feature request with examples.',
    topics: ['route-planning', 'dispatch-scheduling'],
  },
  {
    tp: 'PRODUCT',
    aud: ORG,
    ch: ['VIDEO_CALL'],
    dir: 'OUTBOUND',
    s: 0.4,
    sum: '{c} tests the new ETA notification templates',
    body: 'Tested the new template editor with their customer service team. They want a second reminder 15 minutes before arrival.',
    topics: ['customer-notifications'],
    needs: ['need-realtime-eta'],
  },
  {
    tp: 'PRODUCT',
    aud: ORG,
    ch: ['EMAIL', 'MEETING'],
    dir: 'INBOUND',
    s: 0.1,
    sum: '{c} asks for CO2 figures per route in the monthly report',
    body: 'Their own clients have started asking about emissions. {c} wants CO2 per route next to kilometres and fuel in the monthly report.',
    topics: ['sustainability', 'reporting-analytics'],
    needs: ['need-emissions-reporting', 'need-sustainability-image'],
  },
  {
    tp: 'PRODUCT',
    aud: ORG,
    ch: ['EMAIL', 'CHAT'],
    dir: 'INBOUND',
    s: -0.1,
    sum: '{c} asks when drivers will be able to re-plan without signal',
    body: 'Drivers can follow their route offline but cannot re-order stops without signal. {c} asked for a date; shared the roadmap status.',
    topics: ['offline-mode', 'route-planning'],
    needs: ['need-offline-routing'],
  },
  {
    tp: 'PRODUCT',
    aud: ORG,
    ch: ['VIDEO_CALL', 'EMAIL'],
    dir: 'INBOUND',
    s: 0.3,
    sum: 'Feedback from {c} on the new dispatcher dashboard',
    body: 'They like the map view but want the late-job list sorted by customer priority. Passed to product with screenshots.',
    topics: ['reporting-analytics', 'dispatch-scheduling'],
    needs: ['need-feel-heard'],
  },
  {
    tp: 'PRODUCT',
    aud: ORG,
    ch: ['EMAIL'],
    dir: 'INBOUND',
    s: 0.0,
    requires: 'need-skills-scheduling',
    sum: '{c} wants an API endpoint for technician availability',
    body: 'Their HR system holds holidays and sick days. They want to push availability through the API instead of entering it twice.',
    topics: ['integration-api', 'dispatch-scheduling'],
    needs: ['need-erp-integration'],
  },
  {
    tp: 'PRODUCT',
    aud: ORG,
    ch: ['VIDEO_CALL'],
    dir: 'OUTBOUND',
    s: 0.4,
    fleet: true,
    sum: '{c} reviews a week of planning {site} together with a second depot',
    body: '{site} and a neighbouring depot were planned together for a week and vehicles crossed over on {n} days. Planners want clearer colours per depot.',
    topics: ['route-planning'],
    needs: ['need-multi-depot'],
  },
  {
    tp: 'PRODUCT',
    aud: ORG,
    ch: ['EMAIL', 'VIDEO_CALL'],
    dir: 'INBOUND',
    s: -0.1,
    sum: '{c} asks for shorter mandatory forms per job type',
    body: 'Staff fill in the full checklist even on short routine stops and visits. {c} asks for a form per job type; added to the request list with their examples.',
    topics: ['mobile-app', 'compliance'],
    needs: ['need-feel-heard', 'need-driver-fairness'],
  },
  {
    tp: 'PRODUCT',
    aud: CONTACT,
    ch: ['EMAIL', 'VIDEO_CALL'],
    dir: 'INBOUND',
    s: 0.3,
    sum: "{c} from {org} shares drivers' ideas for the delivery screen",
    body: "{c} collected feedback from drivers: bigger buttons for gloved hands and the recipient's notes above the fold. Logged for the mobile team.",
    topics: ['mobile-app'],
    needs: ['need-feel-heard'],
  },
  {
    tp: 'PRODUCT',
    aud: CONTACT,
    ch: ['EMAIL'],
    dir: 'INBOUND',
    s: 0.0,
    stage: 'any',
    sum: "{c} asks for written confirmation that {org}'s data stays in EU data centres",
    body: "{org}'s legal team needs the hosting locations and sub-processors in writing. Sent the current list and the data processing annex.",
    topics: ['data-privacy', 'compliance'],
    needs: ['need-data-residency'],
  },
  {
    tp: 'PRODUCT',
    aud: CONTACT,
    ch: ['VIDEO_CALL', 'MEETING'],
    dir: 'OUTBOUND',
    s: 0.4,
    sum: 'Roadmap preview for {c} ({org})',
    body: 'Walked {c} through the next two quarters of the roadmap. {c} asked to be in the beta for the items {org} raised last year.',
    topics: ['account-management'],
    needs: ['need-feel-heard'],
  },
  {
    tp: 'PRODUCT',
    aud: CONTACT,
    ch: ['VIDEO_CALL'],
    dir: 'OUTBOUND',
    s: 0.3,
    after: '2026-03-01',
    sum: "{c} tests the CO2 report on {org}'s own routes",
    body: "Ran the emissions report on a month of {org}'s routes. {c} checked a sample against fuel receipts and asked how idling time is counted.",
    topics: ['sustainability', 'reporting-analytics'],
    needs: ['need-emissions-reporting'],
  },
  {
    tp: 'PRODUCT',
    aud: CONSUMER,
    ch: ['EMAIL', 'WEB'],
    dir: 'INBOUND',
    s: 0.2,
    sum: '{c} suggests a dark mode for evening deliveries',
    body: '{c} works until 21:00 and finds the white map tiring. Logged as a feature request; {n} similar requests this year.',
    topics: ['mobile-app'],
    needs: ['need-control-own-day'],
  },
  {
    tp: 'PRODUCT',
    aud: CONSUMER,
    ch: ['CHAT', 'EMAIL'],
    dir: 'INBOUND',
    s: 0.1,
    sum: '{c} wants the route to leave room for a lunch break',
    body: '{c} would like the optimiser to keep a 30-minute break free. Pointed to the new break setting in version {ver}.',
    topics: ['route-planning'],
    needs: ['need-control-own-day'],
  },
  {
    tp: 'PRODUCT',
    aud: CONSUMER,
    ch: ['CHAT', 'EMAIL'],
    dir: 'INBOUND',
    s: -0.1,
    sum: '{c} asks for a way to pause the subscription in the quiet season',
    body: 'Work drops in winter and {c} does not want to pay for months without jobs. There is no pause option today; request logged.',
    topics: ['pricing'],
    needs: ['need-seasonal-pause', 'need-simple-pricing'],
  },
  {
    tp: 'PRODUCT',
    aud: CONSUMER,
    ch: ['WEB', 'EMAIL'],
    dir: 'INBOUND',
    s: 0.2,
    sum: '{c} asks for photo proof of delivery in Fieldline Go',
    body: 'Customers sometimes claim a parcel never arrived. {c} wants a photo with time stamp attached to the stop; it is in Go Plus, explained the upgrade.',
    topics: ['proof-of-delivery', 'mobile-app'],
    needs: ['need-epod'],
  },
  // ------------------------------------------------------------------ RENEWAL
  {
    tp: 'RENEWAL',
    aud: ORG,
    ch: ['EMAIL'],
    dir: 'OUTBOUND',
    s: 0.2,
    sum: 'Renewal summary sent to {c}; review call booked',
    body: "Sent the renewal summary with this year's usage and next year's price. {c} booked a review call for next month.",
    topics: ['renewal'],
  },
  {
    tp: 'RENEWAL',
    aud: ORG,
    ch: ['VIDEO_CALL', 'MEETING'],
    dir: 'OUTBOUND',
    s: 0.1,
    sum: 'Renewal review with {c}: usage up {n}%, they ask for a loyalty discount',
    body: 'Usage grew this year. {c} asked for a loyalty discount; offered price protection for two years instead, which they are considering.',
    topics: ['renewal', 'pricing'],
    needs: ['need-simple-pricing'],
  },
  {
    tp: 'RENEWAL',
    aud: ORG,
    ch: ['EMAIL', 'PHONE'],
    dir: 'INBOUND',
    s: 0.4,
    sum: '{c} renews for another year on the same terms',
    body: 'Renewal signed without changes. Their contact said they had looked at a cheaper tool, but switching would cost them more time than it saves.',
    topics: ['renewal', 'contract-terms'],
  },
  {
    tp: 'RENEWAL',
    aud: ORG,
    ch: ['PHONE', 'EMAIL'],
    dir: 'INBOUND',
    s: -0.4,
    sum: '{c} questions the list-price increase at renewal',
    body: '{c} called the 5% increase "hard to explain internally" and asked which new functions justify it. Sent the release summary and offered a call.',
    topics: ['renewal', 'pricing'],
    needs: ['need-simple-pricing', 'need-no-billing-surprises'],
  },
  {
    tp: 'RENEWAL',
    aud: CONTACT,
    ch: ['EMAIL', 'PHONE'],
    dir: 'INBOUND',
    s: 0.3,
    sum: '{c} confirms {org} will renew and asks for the contract draft early',
    body: "{c} wants the draft six weeks ahead because {org}'s legal review takes a month. Sent it the same week.",
    topics: ['renewal', 'contract-terms'],
  },
  {
    tp: 'RENEWAL',
    aud: CONSUMER,
    ch: ['EMAIL'],
    dir: 'INBOUND',
    s: 0.4,
    sum: "{c}'s Fieldline Go subscription renews without a hitch",
    body: 'The automatic renewal went through; {c} replied to the confirmation that the app "pays for itself in fuel".',
    topics: ['renewal'],
  },
  {
    tp: 'RENEWAL',
    aud: CONSUMER,
    ch: ['CHAT', 'EMAIL'],
    dir: 'INBOUND',
    s: -0.4,
    sum: '{c} considers cancelling at renewal',
    body: '{c} is doing fewer deliveries and finds the plan expensive for part-time work. Offered the monthly plan instead of the annual one.',
    topics: ['renewal', 'pricing'],
    needs: ['need-simple-pricing'],
  },
  // ------------------------------------------------------------------ SALES
  {
    tp: 'SALES',
    aud: ORG,
    ch: ['PHONE', 'MEETING'],
    dir: 'OUTBOUND',
    s: 0.2,
    fleet: true,
    sum: 'Upsell call with {c}: telematics for the {site} fleet',
    body: 'Presented FL-Box telematics for {n} vehicles. {c} is interested mainly for fuel reporting and asked for a quote.',
    topics: ['telematics', 'pricing'],
    needs: ['need-fleet-reporting'],
  },
  {
    tp: 'SALES',
    aud: ORG,
    ch: ['EMAIL', 'PHONE'],
    dir: 'INBOUND',
    s: 0.3,
    fleet: true,
    sum: '{c} asks for a quote for {n} more seats',
    body: 'Growth at {site} means more technicians. Sent a quote at the current per-seat price with the hardware option.',
    topics: ['pricing'],
  },
  {
    tp: 'SALES',
    aud: ORG,
    ch: ['VIDEO_CALL'],
    dir: 'OUTBOUND',
    s: 0.3,
    stage: 'any',
    sum: 'Demo of customer notifications for {c}',
    body: 'Showed live ETA links and text templates. {c} wants to test with one depot before deciding.',
    topics: ['customer-notifications'],
    needs: ['need-realtime-eta'],
  },
  {
    tp: 'SALES',
    aud: ORG,
    ch: ['EMAIL', 'PHONE'],
    dir: 'INBOUND',
    s: -0.3,
    sum: '{c} compares our price with a cheaper routing tool',
    body: "{c}'s procurement forwarded a competitor's offer 30% below ours. Sent a comparison of what is included: hardware, support hours and integrations.",
    topics: ['pricing'],
    needs: ['need-simple-pricing'],
  },
  {
    tp: 'SALES',
    aud: ORG,
    ch: ['PHONE', 'VIDEO_CALL'],
    dir: 'OUTBOUND',
    s: 0.3,
    stage: 'pre',
    sum: 'Discovery call with {c}: {n} vehicles planned in spreadsheets and by phone',
    body: '{c} plans its vehicles in spreadsheets and coordinates by phone. The main pain is last-minute changes. Sent a demo invitation.',
    topics: ['route-planning', 'dispatch-scheduling'],
  },
  {
    tp: 'SALES',
    aud: ORG,
    ch: ['EMAIL'],
    dir: 'INBOUND',
    s: 0.2,
    stage: 'pre',
    sum: '{c} asks for references from similar customers',
    body: 'Shared two reference contacts who agreed to talk. {c} wants to hear about the onboarding effort in particular.',
    topics: ['account-management', 'user-community'],
  },
  {
    tp: 'SALES',
    aud: ORG,
    ch: ['EMAIL', 'WEB'],
    dir: 'INBOUND',
    s: 0.0,
    stage: 'pre',
    sum: "{c}'s procurement questions on hosting, sub-processors and retention of location data",
    body: "{c}'s supplier questionnaire asks where data is hosted, who the sub-processors are and how long location data is kept. Answered all {n} questions with the data processing agreement.",
    topics: ['data-privacy', 'compliance'],
    needs: ['need-data-residency', 'need-sso'],
  },
  {
    tp: 'SALES',
    aud: ORG,
    ch: ['MEETING', 'VIDEO_CALL'],
    dir: 'OUTBOUND',
    s: 0.4,
    stage: 'pre',
    sum: 'Demo for {c}: planning, driver app and monthly reporting',
    body: 'Full demo for the operations team. Most questions were about emissions reporting and how long onboarding takes for {n} vehicles.',
    topics: ['route-planning', 'reporting-analytics'],
    needs: ['need-emissions-reporting'],
  },
  {
    tp: 'SALES',
    aud: CONTACT,
    ch: ['EMAIL', 'PHONE'],
    dir: 'INBOUND',
    s: 0.2,
    after: '2025-11-01',
    sum: '{c} asks for the price of the emissions module for {org}',
    body: "{c} needs a budget figure for {org}'s next planning round. Sent list prices and the beta terms.",
    topics: ['sustainability', 'pricing'],
    needs: ['need-emissions-reporting'],
  },
  {
    tp: 'SALES',
    aud: CONTACT,
    ch: ['EMAIL', 'PHONE'],
    dir: 'INBOUND',
    s: 0.1,
    sum: '{c} asks for a price for extra handhelds for {org}',
    body: '{org} is adding vehicles. Sent a quote for rugged handhelds with the three-year hardware plan.',
    topics: ['pricing', 'hardware-devices'],
  },
  {
    tp: 'SALES',
    aud: CONTACT,
    ch: ['PHONE', 'VIDEO_CALL'],
    dir: 'OUTBOUND',
    s: 0.3,
    stage: 'pre',
    sum: '{c} asks for a reference call with a customer of a similar size to {org}',
    body: "Arranged a call with a reference customer's operations lead. {c} wants to understand how long the board approval and the rollout took.",
    topics: ['account-management', 'user-community'],
    needs: ['need-board-visibility'],
  },
  {
    tp: 'SALES',
    aud: CONSUMER,
    ch: ['CHAT', 'WEB'],
    dir: 'INBOUND',
    s: 0.2,
    stage: 'any',
    sum: '{c} asks about the difference between Go and Go Plus',
    body: '{c} wanted to know if Go Plus is worth it for about {n} stops a day. Explained that ETA texts and offline maps come with Plus.',
    topics: ['pricing'],
    needs: ['need-simple-pricing'],
  },
  {
    tp: 'SALES',
    aud: CONSUMER,
    ch: ['WEB'],
    dir: 'INBOUND',
    s: 0.4,
    stage: 'pre',
    sum: '{c} starts a free trial after a recommendation',
    body: '{c} signed up for the 14-day trial after a recommendation from another Fieldline Go user and imported a first list of stops.',
    topics: ['onboarding', 'user-community'],
  },
  {
    tp: 'SALES',
    aud: CONSUMER,
    ch: ['CHAT', 'EMAIL'],
    dir: 'INBOUND',
    s: 0.3,
    stage: 'pre',
    sum: '{c} asks whether the app suits a small delivery side business',
    body: '{c} plans to deliver home-cooked meals two evenings a week and asked whether the monthly plan can be cancelled at any time. Yes; sent the trial link.',
    topics: ['pricing', 'route-planning'],
    needs: ['need-simple-pricing'],
  },
  {
    tp: 'SALES',
    aud: CONSUMER,
    ch: ['EMAIL'],
    dir: 'OUTBOUND',
    s: 0.0,
    stage: 'pre',
    sum: 'Trial follow-up to {c}: no reply yet',
    body: 'Sent {c} a short follow-up after the trial ended with a discount code for the first three months. No reply so far.',
    topics: ['pricing'],
  },
  // ------------------------------------------------------------------ EVENT
  {
    tp: 'EVENT',
    aud: ORG_OR_CONTACT,
    ch: ['MEETING'],
    dir: 'OUTBOUND',
    s: 0.6,
    stage: 'any',
    sum: '{c} attends the Fieldline regional meetup in {site}',
    body: '{n} customers at the meetup. {c} asked most about route optimisation with tight time windows and stayed for the networking.',
    topics: ['user-community', 'training'],
    needs: ['need-peer-community'],
  },
  {
    tp: 'EVENT',
    aud: ORG_OR_CONTACT,
    ch: ['VIDEO_CALL', 'WEB'],
    dir: 'OUTBOUND',
    s: 0.2,
    stage: 'any',
    sum: '{c} joins the product webinar on the dispatcher dashboard',
    body: 'Attended the live webinar and asked about exporting the late-job list. Otherwise little interaction; the recording was sent afterwards.',
    topics: ['training', 'reporting-analytics'],
  },
  {
    tp: 'EVENT',
    aud: ORG_OR_CONTACT,
    ch: ['MEETING'],
    dir: 'OUTBOUND',
    s: 0.6,
    stage: 'any',
    fleet: true,
    sum: "Site visit for {c} to a reference customer's depot",
    body: "Arranged for {c} to spend a morning at a reference customer's depot to see multi-depot planning and the driver app in daily use.",
    topics: ['user-community'],
    needs: ['need-peer-community', 'need-multi-depot'],
  },
  {
    tp: 'EVENT',
    aud: CONSUMER,
    ch: ['VIDEO_CALL', 'SOCIAL'],
    dir: 'OUTBOUND',
    s: 0.5,
    stage: 'any',
    sum: '{c} joins the Fieldline Go community call',
    body: '{c} shared a tip on batching apartment deliveries and asked whether community members get early access to new features.',
    topics: ['user-community'],
    needs: ['need-peer-community'],
  },
  // ------------------------------------------------------------------ FEEDBACK
  {
    tp: 'FEEDBACK',
    aud: ORG_OR_CONTACT,
    ch: ['SURVEY'],
    dir: 'INBOUND',
    s: 0.1,
    sum: '{c} survey response: happy with routing, support response times could be better',
    body: 'Score 7. "Routing is solid. When something breaks it takes too long to reach someone who can fix it."',
    topics: ['support-responsiveness', 'route-planning'],
    needs: ['need-trust-support'],
  },
  {
    tp: 'FEEDBACK',
    aud: ORG_OR_CONTACT,
    ch: ['SURVEY'],
    dir: 'INBOUND',
    s: 0.6,
    sum: '{c} rates the latest training sessions highly in a survey',
    body: 'Score 9. "Short, clear sessions. New people were productive in their first week."',
    topics: ['onboarding'],
    needs: ['need-fast-onboarding'],
  },
  {
    tp: 'FEEDBACK',
    aud: ORG_OR_CONTACT,
    ch: ['SURVEY', 'EMAIL'],
    dir: 'INBOUND',
    s: -0.4,
    sum: '{c} survey comment: invoices are hard to understand',
    body: 'Score 5. "The product is fine, but every invoice needs a call to understand the prorations and device lines."',
    topics: ['billing'],
    needs: ['need-clear-invoices'],
  },
  {
    tp: 'FEEDBACK',
    aud: ORG,
    ch: ['SOCIAL'],
    dir: 'INBOUND',
    s: -0.4,
    sum: 'A recipient tags {c} and Fieldline in a public complaint about a late arrival text',
    body: 'Public post: the arrival text came after the van had already been and gone. Replied publicly and moved to direct message; the text was queued during a network outage.',
    topics: ['customer-notifications', 'mobile-app'],
    needs: ['need-realtime-eta'],
  },
  {
    tp: 'FEEDBACK',
    aud: ORG_OR_CONTACT,
    ch: ['MEETING', 'VIDEO_CALL'],
    dir: 'OUTBOUND',
    s: 0.3,
    fleet: true,
    sum: 'Quarterly business review with {c}: on-time rate {pct}%',
    body: 'Reviewed on-time rate, kilometres per stop and open tickets. {c} asked for the same figures per depot for their own management meeting.',
    topics: ['reporting-analytics', 'account-management'],
    needs: ['need-fleet-reporting', 'need-board-visibility'],
  },
  {
    tp: 'FEEDBACK',
    aud: ORG_OR_CONTACT,
    ch: ['EMAIL', 'PHONE'],
    dir: 'INBOUND',
    s: -0.3,
    sum: '{c}: drivers find the latest app update harder to use',
    body: 'Version {ver} moved the "delivered" button and drivers tap "failed" by mistake. {c} asks whether they were asked before the change.',
    topics: ['mobile-app'],
    needs: ['need-feel-heard'],
  },
  {
    tp: 'FEEDBACK',
    aud: ORG,
    ch: ['PHONE', 'VIDEO_CALL'],
    dir: 'OUTBOUND',
    s: -0.2,
    sum: 'Usage check: {c} logins down {n}% in three months',
    body: 'Usage dropped and {c} said the team is busy and two key users left. Offered a refresher session and a new admin handover.',
    topics: ['reporting-analytics', 'account-management'],
    needs: ['need-fast-onboarding'],
  },
  {
    tp: 'FEEDBACK',
    aud: ORG,
    ch: ['SURVEY'],
    dir: 'INBOUND',
    s: 0.5,
    fleet: true,
    sum: '{c} survey: dispatchers save time every morning',
    body: 'Score 8. "Morning planning went from an hour to fifteen minutes. We would like better reports per driver."',
    topics: ['route-planning', 'reporting-analytics'],
    needs: ['need-fleet-reporting'],
  },
  {
    tp: 'FEEDBACK',
    aud: CONSUMER,
    ch: ['WEB'],
    dir: 'INBOUND',
    s: 0.8,
    sum: '{c} leaves a five-star app store review',
    body: '"Finally a route planner made for one-person businesses. My customers get a text with my name when I am close."',
    topics: ['mobile-app', 'customer-notifications'],
    needs: ['need-look-professional'],
  },
  {
    tp: 'FEEDBACK',
    aud: CONSUMER,
    ch: ['WEB'],
    dir: 'INBOUND',
    s: -0.5,
    sum: '{c} leaves a two-star review about battery use',
    body: '"Good routes, but my phone is empty by the afternoon." Replied with the battery-saving setting; {c} later raised the rating to four stars.',
    topics: ['mobile-app', 'performance'],
    needs: ['need-control-own-day'],
  },
  {
    tp: 'FEEDBACK',
    aud: CONSUMER,
    ch: ['SURVEY'],
    dir: 'INBOUND',
    s: 0.4,
    sum: '{c} survey: easy to use, wishes for re-planning without signal',
    body: 'Score 8. "Easy from day one. When I lose signal I cannot change the order of my stops, that is the only thing missing."',
    topics: ['offline-mode', 'route-planning'],
    needs: ['need-offline-routing'],
  },
  {
    tp: 'FEEDBACK',
    aud: CONSUMER,
    ch: ['SOCIAL'],
    dir: 'INBOUND',
    s: 0.7,
    sum: "{c} recommends Fieldline Go in a local business owners' group on social media",
    body: 'Post in a regional group for self-employed people: "Saved me an hour a day. The arrival texts make customers think I am a big company." Several follow-up questions from other members.',
    topics: ['user-community', 'customer-notifications'],
    needs: ['need-look-professional', 'need-peer-community'],
  },
];

// -------------------------------------------------------------------------------- profiles

interface Profile {
  customerKey: CustomerKey;
  /** How many generated interactions. */
  count: number;
  /** Short name used in texts. */
  short: string;
  /** Depots or cities used in texts. */
  sites: string[];
  /** Default: the later of the customer's creation and the window start. */
  from?: string;
  /** Default: the window end. For churned customers: when they left. */
  to?: string;
  /** Baseline sentiment offset. */
  mood: number;
  /** From this moment on, contacts skew negative (early warning of churn). */
  riskFrom?: string;
  weights: Partial<Record<Touchpoint, number>>;
  /** Override of the stage derived from the lifecycle. */
  stage?: 'pre' | 'post';
  /** false for tiny firms without depots or dispatchers. Default: true. */
  fleet?: boolean;
  /** true for parcel couriers. */
  courier?: boolean;
}

const COLLABORATIVE_ORG = { SUPPORT: 4, PRODUCT: 3, ONBOARDING: 2, BILLING: 2, RENEWAL: 1, SALES: 2, EVENT: 2, FEEDBACK: 3 };
/** For accounts whose renewals are told in their hand-written storyline. */
const COLLABORATIVE_STORY = { SUPPORT: 4, PRODUCT: 3, ONBOARDING: 2, BILLING: 2, SALES: 2, EVENT: 2, FEEDBACK: 3 };
const TRANSACTIONAL_ORG = { SUPPORT: 5, BILLING: 2, ONBOARDING: 1, PRODUCT: 1, RENEWAL: 1, SALES: 1, FEEDBACK: 2 };
const HEAVY_SUPPORT = { SUPPORT: 8, BILLING: 2, ONBOARDING: 1, FEEDBACK: 1 };
const CONTACT_MIX = { SUPPORT: 3, PRODUCT: 3, EVENT: 2, FEEDBACK: 2, ONBOARDING: 1, BILLING: 1, SALES: 1 };
const CONSUMER_MIX = { SUPPORT: 4, BILLING: 2, PRODUCT: 2, FEEDBACK: 3, ONBOARDING: 1, RENEWAL: 1, SALES: 1, EVENT: 1 };
const PROSPECT_MIX = { SALES: 6, EVENT: 1, PRODUCT: 1 };

const PROFILES: Profile[] = [
  // enterprise
  {
    customerKey: 'cust-northwind',
    count: 12,
    short: 'Northwind',
    sites: ['Hamburg', 'Bremen', 'Hanover'],
    mood: 0.1,
    weights: COLLABORATIVE_STORY,
  },
  {
    customerKey: 'cust-tidewater',
    count: 14,
    short: 'Tidewater',
    sites: ['Dublin', 'Cork', 'Limerick'],
    mood: 0.1,
    weights: COLLABORATIVE_STORY,
  },
  {
    customerKey: 'cust-baltic',
    count: 10,
    short: 'Baltic Cold Chain',
    sites: ['Gothenburg', 'Oslo', 'Malmö'],
    mood: -0.05,
    riskFrom: '2025-11-01',
    weights: COLLABORATIVE_STORY,
  },
  {
    customerKey: 'cust-castellan',
    count: 22,
    short: 'Castellan',
    sites: ['Madrid', 'Valencia', 'Zaragoza'],
    mood: 0.1,
    weights: COLLABORATIVE_STORY,
  },
  // public sector
  {
    customerKey: 'cust-meridian',
    count: 12,
    short: 'Meridian',
    sites: ['Bristol', 'Bath', 'Swindon'],
    from: '2025-04-20',
    mood: 0.05,
    weights: COLLABORATIVE_STORY,
  },
  {
    customerKey: 'cust-aurora',
    count: 20,
    short: 'Aurora',
    sites: ['Munich', 'Augsburg', 'Regensburg'],
    mood: 0.05,
    weights: COLLABORATIVE_ORG,
  },
  { customerKey: 'cust-harbourcity', count: 4, short: 'Harbour City Council', sites: ['Harbour City'], mood: 0.05, weights: PROSPECT_MIX },
  // mid-market
  {
    customerKey: 'cust-greywell',
    count: 16,
    short: 'Greywell',
    sites: ['Amsterdam', 'Rotterdam', 'The Hague'],
    mood: 0.1,
    weights: COLLABORATIVE_ORG,
  },
  { customerKey: 'cust-helio', count: 8, short: 'Helio', sites: ['Utrecht', 'Zwolle', 'Arnhem'], mood: 0.05, weights: COLLABORATIVE_STORY },
  {
    customerKey: 'cust-kestrel',
    count: 16,
    short: 'Kestrel',
    sites: ['Leeds', 'York'],
    mood: -0.15,
    riskFrom: '2025-10-01',
    weights: HEAVY_SUPPORT,
  },
  {
    customerKey: 'cust-orchard',
    count: 2,
    short: 'Orchard',
    sites: ['Wexford', 'Gorey'],
    to: '2026-05-31 17:00',
    mood: 0.1,
    weights: PROSPECT_MIX,
    stage: 'pre',
  },
  { customerKey: 'cust-pinecrest', count: 7, short: 'Pinecrest', sites: ['Cambridge', 'Ely'], mood: 0.05, weights: TRANSACTIONAL_ORG },
  {
    customerKey: 'cust-lumen',
    count: 10,
    short: 'Lumen',
    sites: ['Hamburg', 'Kiel'],
    mood: -0.05,
    riskFrom: '2026-03-01',
    weights: { SUPPORT: 5, BILLING: 2, ONBOARDING: 1, PRODUCT: 1, SALES: 1, FEEDBACK: 2 },
  },
  { customerKey: 'cust-copperleaf', count: 6, short: 'Copperleaf', sites: ['Oxford', 'Abingdon'], mood: 0.05, weights: TRANSACTIONAL_ORG },
  // small business
  { customerKey: 'cust-swiftdrop', count: 5, short: 'Swiftdrop', sites: ['Rotterdam'], mood: 0.0, weights: TRANSACTIONAL_ORG },
  { customerKey: 'cust-moss', count: 4, short: 'Moss & Daughters', sites: ['Manchester'], mood: 0.0, weights: TRANSACTIONAL_ORG },
  { customerKey: 'cust-riverbend', count: 3, short: 'Riverbend', sites: ['Cork'], mood: 0.0, weights: TRANSACTIONAL_ORG, fleet: false },
  {
    customerKey: 'cust-brightspark',
    count: 3,
    short: 'Brightspark',
    sites: ['Eindhoven'],
    mood: 0.05,
    weights: TRANSACTIONAL_ORG,
    fleet: false,
  },
  {
    customerKey: 'cust-quarry',
    count: 2,
    short: 'Quarry Lane',
    sites: ['Bristol'],
    to: '2025-08-31 17:00',
    mood: -0.1,
    weights: { SUPPORT: 1 },
    fleet: false,
  },
  {
    customerKey: 'cust-tallow',
    count: 2,
    short: 'Tallow Street Bakery',
    sites: ['Bristol'],
    mood: 0.1,
    weights: TRANSACTIONAL_ORG,
    fleet: false,
  },
  { customerKey: 'cust-bluefin', count: 2, short: 'Bluefin Marine', sites: ['Piraeus'], mood: 0.0, weights: PROSPECT_MIX },
  // contact persons
  { customerKey: 'cust-anke-schulz', count: 4, short: 'Anke', sites: ['Hamburg', 'Bremen'], mood: 0.1, weights: CONTACT_MIX },
  {
    customerKey: 'cust-rahul-mehta',
    count: 4,
    short: 'Rahul',
    sites: ['Bremen'],
    mood: 0.05,
    weights: { SUPPORT: 3, PRODUCT: 3, EVENT: 1, FEEDBACK: 1 },
  },
  {
    customerKey: 'cust-ingeborg-lund',
    count: 3,
    short: 'Ingeborg',
    sites: ['Gothenburg'],
    mood: -0.1,
    riskFrom: '2025-11-01',
    weights: CONTACT_MIX,
  },
  { customerKey: 'cust-fiona-gallagher', count: 3, short: 'Fiona', sites: ['Dublin'], mood: 0.15, weights: CONTACT_MIX },
  { customerKey: 'cust-samir-haddou', count: 3, short: 'Samir', sites: ['Bristol'], mood: 0.05, weights: CONTACT_MIX },
  { customerKey: 'cust-joost-van-dijk', count: 3, short: 'Joost', sites: ['Utrecht', 'Zwolle'], mood: 0.05, weights: CONTACT_MIX },
  { customerKey: 'cust-beatriz-santos', count: 4, short: 'Beatriz', sites: ['Madrid', 'Valencia'], mood: 0.1, weights: CONTACT_MIX },
  {
    customerKey: 'cust-megan-oneill',
    count: 2,
    short: 'Megan',
    sites: ['Wexford'],
    to: '2026-06-15 17:00',
    mood: 0.1,
    weights: { SALES: 2, PRODUCT: 1 },
    stage: 'pre',
  },
  // independents
  { customerKey: 'cust-lena-vogel', count: 4, short: 'Lena', sites: ['Leipzig'], mood: 0.1, weights: CONSUMER_MIX, courier: true },
  { customerKey: 'cust-pim-de-boer', count: 10, short: 'Pim', sites: ['Utrecht'], mood: 0.0, weights: HEAVY_SUPPORT },
  { customerKey: 'cust-marco-bellini', count: 4, short: 'Marco', sites: ['Leipzig'], mood: 0.05, weights: CONSUMER_MIX, courier: true },
  {
    customerKey: 'cust-yara-costa',
    count: 2,
    short: 'Yara',
    sites: ['Leipzig'],
    to: '2025-10-31 17:00',
    mood: 0.0,
    weights: { SALES: 1 },
    courier: true,
  },
  {
    customerKey: 'cust-tobias-engel',
    count: 3,
    short: 'Tobias',
    sites: ['Dresden'],
    mood: -0.05,
    riskFrom: '2026-05-01',
    weights: CONSUMER_MIX,
  },
  { customerKey: 'cust-hana-kobayashi', count: 2, short: 'Hana', sites: ['Düsseldorf'], mood: 0.1, weights: CONSUMER_MIX },
  { customerKey: 'cust-omar-farouk', count: 3, short: 'Omar', sites: ['Leipzig'], mood: 0.05, weights: CONSUMER_MIX, courier: true },
  { customerKey: 'cust-elif-aydin', count: 2, short: 'Elif', sites: ['Cologne'], mood: 0.1, weights: CONSUMER_MIX },
  { customerKey: 'cust-george-papadakis', count: 1, short: 'George', sites: ['Thessaloniki'], mood: 0.0, weights: { SALES: 1 } },
  { customerKey: 'cust-sanne-jansen', count: 2, short: 'Sanne', sites: ['Amsterdam'], mood: 0.1, weights: CONSUMER_MIX },
  { customerKey: 'cust-luca-romano', count: 3, short: 'Luca', sites: ['Milan'], mood: 0.0, weights: CONSUMER_MIX, courier: true },
];

// ------------------------------------------------------------------------------ generation

const SEED = 20261120;
const DAY = 24 * 60 * 60 * 1000;

const customerByKey = new Map<CustomerKey, DemoCustomer>(customers.map((c) => [c.key, c]));
const profileByKey = new Map<CustomerKey, Profile>(PROFILES.map((p) => [p.customerKey, p]));
const roleOf = new Map<EmployeeKey, string>(employees.map((e) => [e.key, e.role]));

/** Who holds which need since when, to link only needs the customer actually has. */
const needSince = new Map<string, number>();
for (const need of needs) {
  for (const holder of need.customers) needSince.set(`${holder.customerKey}|${need.key}`, Date.parse(holder.since));
}

type Tier = 'enterprise' | 'public' | 'mid' | 'small' | 'independent';
const TIER_BY_SEGMENT: Record<SegmentKey, Tier> = {
  'seg-enterprise': 'enterprise',
  'seg-public': 'public',
  'seg-midmarket': 'mid',
  'seg-smb': 'small',
  'seg-independents': 'independent',
};
/** What each tier expects from us (quality 1..5), before the touchpoint's own adjustment. */
const EXPECTATION: Record<Tier, number> = { enterprise: 4.3, public: 4.2, mid: 3.8, small: 3.4, independent: 3.2 };
const EXPECTATION_BY_TOUCHPOINT: Record<Touchpoint, number> = {
  SALES: 0,
  ONBOARDING: 0.1,
  SUPPORT: 0.3,
  BILLING: 0.2,
  PRODUCT: -0.3,
  RENEWAL: 0.1,
  EVENT: -0.5,
  FEEDBACK: -0.2,
};
/** Where delivered quality tends to fall short of (negative) or exceed (positive) expectations. */
const GAP_BY_TOUCHPOINT: Record<Touchpoint, number> = {
  SALES: 0.2,
  ONBOARDING: -0.2,
  SUPPORT: -0.7,
  BILLING: -1.0,
  PRODUCT: -0.2,
  RENEWAL: -0.2,
  EVENT: 0.6,
  FEEDBACK: -0.3,
};

function audienceOf(c: DemoCustomer): Audience {
  if (c.kind === 'ORGANIZATION') return 'org';
  return c.organizationKey ? 'contact' : 'consumer';
}

function ownersWithRole(c: DemoCustomer, role: string): EmployeeKey[] {
  return c.ownerKeys.filter((k) => roleOf.get(k) === role);
}

function defaultAccountManager(c: DemoCustomer): EmployeeKey {
  if (c.segmentKey === 'seg-enterprise') return 'emp-lukas';
  if (c.segmentKey === 'seg-independents') return 'emp-nadia';
  return 'emp-sofia';
}

function defaultSuccessManager(c: DemoCustomer): EmployeeKey {
  return c.segmentKey === 'seg-enterprise' || c.segmentKey === 'seg-public' ? 'emp-jonas' : 'emp-nadia';
}

function pickHandler(rng: Rng, c: DemoCustomer, tp: Touchpoint, ch: Channel): EmployeeKey {
  const am = ownersWithRole(c, 'ACCOUNT_MANAGER');
  const cs = ownersWithRole(c, 'CUSTOMER_SUCCESS');
  const support = ownersWithRole(c, 'SUPPORT_AGENT');
  const accountManager = am.length > 0 ? pick(rng, am) : defaultAccountManager(c);
  const successManager = cs.length > 0 ? pick(rng, cs) : defaultSuccessManager(c);
  const supportAgent = (): EmployeeKey =>
    support.length > 0 && rng() < 0.6 ? pick(rng, support) : pick(rng, ['emp-tomas', 'emp-aisha'] as const);
  switch (tp) {
    case 'SALES':
    case 'RENEWAL':
      return accountManager;
    case 'ONBOARDING':
      return successManager;
    case 'SUPPORT':
      return supportAgent();
    case 'BILLING':
      return rng() < 0.7 || c.kind === 'PERSON' ? supportAgent() : accountManager;
    case 'PRODUCT':
      return rng() < 0.7 ? 'emp-elena' : 'emp-priya';
    case 'EVENT':
      return rng() < 0.6 ? successManager : accountManager;
    case 'FEEDBACK':
      if (ch === 'SURVEY' || ch === 'WEB') return 'emp-priya';
      if (ch === 'SOCIAL') return 'emp-tomas';
      return rng() < 0.5 ? successManager : accountManager;
  }
}

/** Moves a moment to working hours on a weekday (social and web contacts keep evenings and weekends). */
function workingMoment(rng: Rng, dayMs: number, ch: Channel): number {
  const day = new Date(dayMs);
  day.setUTCHours(0, 0, 0, 0);
  let ms = day.getTime();
  const always = ch === 'SOCIAL' || ch === 'WEB';
  if (!always) {
    const weekday = new Date(ms).getUTCDay();
    if (weekday === 6) ms -= DAY; // Saturday -> Friday
    if (weekday === 0) ms += DAY; // Sunday -> Monday
  }
  const hour = always ? intBetween(rng, 7, 21) : intBetween(rng, 7, 17);
  const minute = 5 * intBetween(rng, 0, 11);
  return ms + hour * 3600000 + minute * 60000;
}

function appVersion(ms: number): string {
  const start = Date.parse(WINDOW_START);
  const months = Math.max(0, Math.floor((ms - start) / (30.44 * DAY)));
  return months < 12 ? `4.${5 + Math.floor(months / 3)}` : `5.${Math.floor((months - 12) / 3)}`;
}

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

/** Weighted pick of a template: each touchpoint gets its weight, shared by its templates; unused ones first. */
function pickTemplate(rng: Rng, candidates: Template[], used: Set<Template>, weights: Partial<Record<Touchpoint, number>>): Template {
  const fresh = candidates.filter((t) => !used.has(t));
  const pool = fresh.length > 0 ? fresh : candidates;
  const perTouchpoint = new Map<Touchpoint, number>();
  for (const t of pool) perTouchpoint.set(t.tp, (perTouchpoint.get(t.tp) ?? 0) + 1);
  const weighted = pool.map((t) => ({ t, w: (weights[t.tp] ?? 0) / (perTouchpoint.get(t.tp) ?? 1) }));
  const total = weighted.reduce((sum, x) => sum + x.w, 0);
  if (total <= 0) return pick(rng, pool);
  let r = rng() * total;
  for (const x of weighted) {
    r -= x.w;
    if (r < 0) return x.t;
  }
  return pick(rng, pool);
}

/**
 * Generates the everyday interactions of every profiled customer. Keys are 'int-g-001'... in
 * chronological order; the caller assigns external ids.
 */
export function generateInteractions(): DemoInteraction[] {
  const rng = mulberry32(SEED);
  const out: DemoInteraction[] = [];

  for (const profile of PROFILES) {
    const customer = customerByKey.get(profile.customerKey);
    if (!customer) throw new Error(`demo data: profile for unknown customer ${profile.customerKey}`);
    const audience = audienceOf(customer);
    const stage = profile.stage ?? (customer.lifecycleStage === 'PROSPECT' ? 'pre' : 'post');
    const orgShort = customer.organizationKey ? (profileByKey.get(customer.organizationKey)?.short ?? '') : '';

    const from = Math.max(Date.parse(customer.createdAt) + DAY, Date.parse(profile.from ? at(profile.from) : WINDOW_START));
    const to = Math.min(Date.parse(profile.to ? at(profile.to) : WINDOW_END), Date.parse(WINDOW_END)) - DAY;
    const riskFrom = profile.riskFrom ? Date.parse(at(profile.riskFrom)) : undefined;

    const candidates = TEMPLATES.filter(
      (t) =>
        t.aud.includes(audience) &&
        (t.stage ?? 'post') !== (stage === 'pre' ? 'post' : 'pre') &&
        (profile.weights[t.tp] ?? 0) > 0 &&
        !(t.fleet && profile.fleet === false) &&
        !(t.courier && !profile.courier) &&
        (t.requires === undefined || needSince.has(`${customer.key}|${t.requires}`)),
    );
    if (candidates.length === 0) throw new Error(`demo data: no templates fit ${profile.customerKey}`);
    const used = new Set<Template>();

    for (let i = 0; i < profile.count; i++) {
      // stratified over the customer's window: spread evenly, jittered within each slot
      const slot = (to - from) / profile.count;
      const dayMs = from + (i + rng()) * slot;
      const atRisk = riskFrom !== undefined && dayMs >= riskFrom;

      const createdMs = Date.parse(customer.createdAt);
      const available = candidates.filter(
        (t) => (t.after === undefined || dayMs >= Date.parse(at(t.after))) && (t.early === undefined || dayMs <= createdMs + t.early * DAY),
      );
      const moodFit = atRisk ? available.filter((t) => t.s <= 0) : available;
      const pool = moodFit.length > 0 ? moodFit : available.length > 0 ? available : candidates;
      const template = pickTemplate(rng, pool, used, profile.weights);
      used.add(template);

      const channel = pick(rng, template.ch);
      const occurredMs = Math.min(workingMoment(rng, dayMs, channel), to + DAY - 3600000);
      const handlerKey = pickHandler(rng, customer, template.tp, channel);

      const progress = riskFrom !== undefined && atRisk ? (occurredMs - riskFrom) / Math.max(DAY, to - riskFrom) : 0;
      const drift = atRisk ? -0.15 - 0.3 * progress : 0;
      const sentiment = round2(clamp(template.s + profile.mood + drift + (rng() - 0.5) * 0.3, -1, 1));

      const tier = TIER_BY_SEGMENT[customer.segmentKey];
      const expected = clamp(Math.round(EXPECTATION[tier] + EXPECTATION_BY_TOUCHPOINT[template.tp] + (rng() - 0.5) * 0.8), 1, 5);
      const perceived = clamp(Math.round(expected + GAP_BY_TOUCHPOINT[template.tp] + 1.6 * sentiment + (rng() - 0.5) * 0.8), 1, 5);

      const vars: Record<string, string> = {
        c: profile.short,
        org: orgShort,
        site: pick(rng, profile.sites),
        n: String(intBetween(rng, 3, 40)),
        pct: String(intBetween(rng, 86, 97)),
        ver: appVersion(occurredMs),
      };
      const needKeys = (template.needs ?? []).filter((n) => {
        const since = needSince.get(`${customer.key}|${n}`);
        return since !== undefined && since <= occurredMs;
      });

      out.push({
        key: '', // assigned below, in chronological order
        customerKey: customer.key,
        handlerKey,
        channel,
        touchpoint: template.tp,
        direction: template.dir,
        occurredAt: isoMinute(occurredMs),
        summary: fill(template.sum, vars),
        content: fill(template.body, vars),
        sentiment,
        expectedQuality: expected,
        perceivedQuality: perceived,
        needKeys,
        topicNames: [...template.topics],
      });
    }
  }

  out.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.customerKey.localeCompare(b.customerKey));
  return out.map((x, i) => ({ ...x, key: `int-g-${String(i + 1).padStart(3, '0')}` }));
}
