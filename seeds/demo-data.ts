/**
 * The demo data set of Rapport: "Fieldline", a fictional company selling route-planning and
 * dispatch software with its own field hardware to logistics and field-service firms, and a
 * phone app to independent couriers and sole traders.
 *
 * What a newcomer can explore on the customer 360 page:
 * - Northwind Haulage (collaborative, flagship): renewal haggling, a peak-week outage, a formal
 *   complaint and an open post-incident review, then co-design of emissions reporting.
 * - Baltic Cold Chain (at risk): failing sensors, a lost vaccine load, a tender and a public post.
 * - Vantage Parcel (churned): an API customer lost to pricing it could not forecast.
 * - Kestrel HVAC (at risk, costs more than it pays), Helio Solar (referral turned promoter),
 *   Tidewater, Meridian Water, Orchard Grocers (prospect in pilot), Lena Vogel (courier and
 *   referral hub), and a long tail of small firms and one-person businesses.
 *
 * Everything is deterministic: hand-written storylines plus a seeded generator (see
 * `demo/generator.ts`); the same data on every run. "Today" in the story is 2026-11-20.
 */
import type { SeedDataSet, SeedInteraction } from './types';
import { customers } from './demo/customers';
import { employees, type EmployeeKey } from './demo/employees';
import { generateInteractions } from './demo/generator';
import { buildInsights } from './demo/insights';
import { needs } from './demo/needs';
import { storylines } from './demo/storylines';
import { segments } from './demo/taxonomy';

/** Key of the seeded administrator: Maren Okafor, head of customer insight (ADMIN and ANALYST). */
export const DEMO_ADMIN_KEY = 'emp-maren' satisfies EmployeeKey;

/** Hand-written and generated interactions in chronological order, with CRM-style external ids. */
const allInteractions = [...storylines, ...generateInteractions()].sort(
  (a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.key.localeCompare(b.key),
);

const interactions: SeedInteraction[] = allInteractions.map((interaction, index) => ({
  ...interaction,
  externalId: `crm-${String(104201 + index).padStart(6, '0')}`,
}));

export const demoData: SeedDataSet = {
  segments,
  employees,
  customers,
  needs,
  interactions,
  insights: buildInsights(allInteractions),
};
