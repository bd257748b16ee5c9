import type { Channel, Direction, SeedInteraction, Touchpoint } from '../types';
import { at } from './calendar';
import type { CustomerKey } from './customers';
import type { EmployeeKey } from './employees';
import type { NeedKey } from './needs';
import type { TopicName } from './taxonomy';

/**
 * Hand-written storylines: the notes a newcomer reads on the customer 360 page of the key
 * accounts. Each reads as one relationship over two years (onboarding, issues, complaint,
 * resolution or churn). Keys are stable ('int-nw-07') because insights cite them as evidence.
 */

export type DemoInteraction = Omit<SeedInteraction, 'externalId' | 'customerKey' | 'handlerKey' | 'needKeys' | 'topicNames'> & {
  customerKey: CustomerKey;
  handlerKey: EmployeeKey;
  needKeys: NeedKey[];
  topicNames: TopicName[];
};

interface Beat {
  /** Short id, e.g. 'nw-07'; the interaction key is 'int-' + id. */
  id: string;
  /** The customer, when not the organization the storyline is about (e.g. a contact person). */
  who?: CustomerKey;
  by: EmployeeKey;
  at: string;
  ch: Channel;
  tp: Touchpoint;
  dir: Direction;
  /** Sentiment -1..1. */
  s: number;
  /** [expected, perceived] quality, 1..5. */
  q: [number, number];
  sum: string;
  body: string;
  needs?: NeedKey[];
  topics: TopicName[];
}

function story(customerKey: CustomerKey, beats: Beat[]): DemoInteraction[] {
  return beats.map((b) => ({
    key: `int-${b.id}`,
    customerKey: b.who ?? customerKey,
    handlerKey: b.by,
    channel: b.ch,
    touchpoint: b.tp,
    direction: b.dir,
    occurredAt: at(b.at),
    summary: b.sum,
    content: b.body,
    sentiment: b.s,
    expectedQuality: b.q[0],
    perceivedQuality: b.q[1],
    needKeys: b.needs ?? [],
    topicNames: b.topics,
  }));
}

const ANKE: CustomerKey = 'cust-anke-schulz';
const RAHUL: CustomerKey = 'cust-rahul-mehta';
const INGEBORG: CustomerKey = 'cust-ingeborg-lund';
const FIONA: CustomerKey = 'cust-fiona-gallagher';
const JOOST: CustomerKey = 'cust-joost-van-dijk';
const DMITRI: CustomerKey = 'cust-dmitri-volkov';
const SAMIR: CustomerKey = 'cust-samir-haddou';
const MEGAN: CustomerKey = 'cust-megan-oneill';
const BEATRIZ: CustomerKey = 'cust-beatriz-santos';

// -------------------------------------------------------------------------------------------
// Northwind Haulage: the flagship collaborative account. Price pressure at renewal, an
// integration hiccup, a peak-week outage that becomes a formal complaint, an open post-incident
// review, then co-design of emissions reporting and an expansion.
const northwind = story('cust-northwind', [
  {
    id: 'nw-01',
    by: 'emp-lukas',
    at: '2024-12-10 10:00',
    ch: 'MEETING',
    tp: 'RENEWAL',
    dir: 'OUTBOUND',
    s: -0.2,
    q: [4, 3],
    sum: 'Renewal meeting in Bremen: Northwind rejects the 7% uplift and asks for a multi-year discount',
    body:
      'Met Anke Schulz and the CFO at the Bremen head office to present the renewal. They accept that Fieldline is embedded in daily dispatch, ' +
      'but called the 7% uplift "not justified by anything new this year". They want a three-year term at a fixed price and the 2025 roadmap before signing.',
    needs: ['need-simple-pricing'],
    topics: ['renewal', 'pricing', 'contract-terms'],
  },
  {
    id: 'nw-02',
    by: 'emp-lukas',
    at: '2025-01-14 15:20',
    ch: 'EMAIL',
    tp: 'RENEWAL',
    dir: 'INBOUND',
    s: 0.4,
    q: [4, 4],
    sum: 'Northwind signs a three-year renewal at 3% uplift in exchange for a joint case study',
    body:
      'Anke confirmed that the CFO approved the three-year renewal at 3%, fixed for 2025 to 2027. In return Northwind agrees to a published case study ' +
      'and two roadmap sessions a year with our product team. Signed order form attached to the account.',
    needs: ['need-feel-heard'],
    topics: ['renewal', 'contract-terms', 'account-management'],
  },
  {
    id: 'nw-03',
    who: RAHUL,
    by: 'emp-elena',
    at: '2025-02-20 14:00',
    ch: 'VIDEO_CALL',
    tp: 'PRODUCT',
    dir: 'OUTBOUND',
    s: 0.2,
    q: [4, 4],
    sum: "Integration workshop with Rahul Mehta: push completed jobs to Northwind's SAP via webhooks",
    body:
      'Walked Rahul through the webhook events for job completion and proof of delivery. Northwind wants completed stops posted to SAP within five minutes ' +
      'so that invoicing can run the same evening. Rahul builds the receiver; we provide the sandbox and sample payloads.',
    needs: ['need-erp-integration'],
    topics: ['integration-api'],
  },
  {
    id: 'nw-04',
    who: RAHUL,
    by: 'emp-aisha',
    at: '2025-03-18 08:45',
    ch: 'CHAT',
    tp: 'SUPPORT',
    dir: 'INBOUND',
    s: -0.5,
    q: [4, 2],
    sum: 'Rahul reports webhook deliveries delayed by up to 40 minutes during the nightly batch',
    body:
      'Between 22:00 and 23:00 webhook calls for completed jobs arrive 30 to 40 minutes late, so the SAP invoicing run works on incomplete data. ' +
      'Rahul sent request ids for three examples. Escalated to the platform team as P2.',
    needs: ['need-erp-integration'],
    topics: ['integration-api', 'performance'],
  },
  {
    id: 'nw-05',
    who: RAHUL,
    by: 'emp-aisha',
    at: '2025-03-25 11:10',
    ch: 'EMAIL',
    tp: 'SUPPORT',
    dir: 'OUTBOUND',
    s: 0.3,
    q: [4, 4],
    sum: 'Webhook delay fixed: dedicated queue for Northwind, retry policy documented',
    body:
      "Root cause: a shared event queue saturated by another tenant's bulk import. Webhooks now run on a dedicated queue and p95 delivery is under 20 seconds. " +
      'Sent Rahul the retry and idempotency documentation; he confirmed two complete invoicing runs in a row.',
    needs: ['need-erp-integration'],
    topics: ['integration-api', 'support-responsiveness'],
  },
  {
    id: 'nw-06',
    who: ANKE,
    by: 'emp-jonas',
    at: '2025-05-06 13:30',
    ch: 'MEETING',
    tp: 'EVENT',
    dir: 'OUTBOUND',
    s: 0.8,
    q: [3, 5],
    sum: "Anke Schulz presents Northwind's multi-depot planning at the Fieldline user day",
    body:
      'Anke gave a 20-minute talk on planning four depots in one view and cutting empty kilometres by 11%. Three fleet managers asked for her contact afterwards. ' +
      'She told Jonas she enjoys "comparing notes with people who have the same problems" and wants to come back next year.',
    needs: ['need-peer-community', 'need-multi-depot'],
    topics: ['route-planning', 'user-community'],
  },
  {
    id: 'nw-07',
    who: ANKE,
    by: 'emp-tomas',
    at: '2025-07-08 07:05',
    ch: 'PHONE',
    tp: 'SUPPORT',
    dir: 'INBOUND',
    s: -0.7,
    q: [5, 2],
    sum: "Peak week: route optimiser times out for Northwind's Hamburg depot (1,100 stops)",
    body:
      'Anke called at 07:05: the morning optimisation for Hamburg failed three times with a timeout and drivers are waiting in the yard. ' +
      'The depot has 1,100 stops today, about 40% above normal because of a retail promotion. Dispatchers are planning by hand. Raised as P1.',
    needs: ['need-peace-of-mind-peak', 'need-multi-depot'],
    topics: ['route-planning', 'performance'],
  },
  {
    id: 'nw-08',
    who: ANKE,
    by: 'emp-aisha',
    at: '2025-07-08 09:40',
    ch: 'EMAIL',
    tp: 'SUPPORT',
    dir: 'OUTBOUND',
    s: -0.1,
    q: [4, 3],
    sum: 'Workaround for Hamburg: split the depot into two planning zones until the solver limit is raised',
    body:
      'Suggested splitting Hamburg into north and south zones so each run stays under the 800-stop solver limit. Both runs finished in six minutes and the ' +
      "first trucks left at 09:15, two hours late. Engineering has a fix but will not deploy it during peak without Northwind's approval.",
    needs: ['need-peace-of-mind-peak'],
    topics: ['route-planning', 'performance', 'support-responsiveness'],
  },
  {
    id: 'nw-09',
    by: 'emp-lukas',
    at: '2025-07-21 10:00',
    ch: 'MEETING',
    tp: 'FEEDBACK',
    dir: 'INBOUND',
    s: -0.6,
    q: [5, 2],
    sum: "Northwind's COO sends a formal complaint about the peak-week outage and asks for service credits",
    body:
      "Formal letter from Northwind's COO, discussed with Lukas in Bremen: the Hamburg delay cost them two retail delivery windows and a penalty from their client. " +
      'They invoke the SLA, ask for service credits and a written commitment on peak capacity. Firm tone, but they stressed that they want to stay.',
    needs: ['need-peace-of-mind-peak', 'need-trust-support'],
    topics: ['performance', 'contract-terms'],
  },
  {
    id: 'nw-10',
    who: ANKE,
    by: 'emp-jonas',
    at: '2025-08-04 14:00',
    ch: 'VIDEO_CALL',
    tp: 'SUPPORT',
    dir: 'OUTBOUND',
    s: 0.3,
    q: [4, 4],
    sum: 'Post-incident review with Northwind: 5% service credit agreed, solver limit raised to 3,000 stops',
    body:
      'Walked Anke and the COO through the incident timeline and the fix: solver limit raised to 3,000 stops and load-tested at 2,400. ' +
      'Agreed a 5% service credit on the Q3 invoice and a peak-readiness check every June and November. Anke: the openness of the review "counted for more than the credit".',
    needs: ['need-peace-of-mind-peak', 'need-trust-support'],
    topics: ['performance', 'route-planning', 'contract-terms'],
  },
  {
    id: 'nw-11',
    who: ANKE,
    by: 'emp-elena',
    at: '2025-10-14 09:30',
    ch: 'MEETING',
    tp: 'PRODUCT',
    dir: 'OUTBOUND',
    s: 0.6,
    q: [3, 4],
    sum: 'Co-design session with Northwind on CO2 reporting per route for their retail clients',
    body:
      'Anke brought two planners and a sustainability analyst. Their largest retail client now asks for CO2 per delivery in every quarterly review, ' +
      'and Northwind compiles it by hand from fuel cards. They want a per-route figure they can export and a methodology note they can defend.',
    needs: ['need-emissions-reporting', 'need-sustainability-image'],
    topics: ['sustainability', 'reporting-analytics'],
  },
  {
    id: 'nw-12',
    who: ANKE,
    by: 'emp-priya',
    at: '2025-12-02 16:00',
    ch: 'SURVEY',
    tp: 'FEEDBACK',
    dir: 'INBOUND',
    s: 0.6,
    q: [4, 4],
    sum: 'Annual survey: Anke rates Fieldline 9/10, praises the account team, wants emissions reporting sooner',
    body: 'NPS 9. Comment: "The peak incident hurt, but the team owned it. Routing is the best we have tried. Please get the CO2 module out before our client audits in spring."',
    needs: ['need-emissions-reporting'],
    topics: ['sustainability', 'account-management'],
  },
  {
    id: 'nw-13',
    by: 'emp-jonas',
    at: '2026-02-11 10:00',
    ch: 'VIDEO_CALL',
    tp: 'ONBOARDING',
    dir: 'OUTBOUND',
    s: 0.5,
    q: [4, 4],
    sum: "Onboarding Northwind's new Leipzig depot: 80 drivers, go-live planned for March",
    body:
      "Kick-off with the Leipzig depot lead: 80 drivers, 45 vehicles, mostly two shifts. We reused Hamburg's zone templates, so setup takes two weeks instead of six. " +
      'Driver training booked for 2 and 3 March.',
    needs: ['need-fast-onboarding', 'need-multi-depot'],
    topics: ['onboarding', 'training', 'route-planning'],
  },
  {
    id: 'nw-14',
    by: 'emp-tomas',
    at: '2026-04-22 08:30',
    ch: 'EMAIL',
    tp: 'BILLING',
    dir: 'INBOUND',
    s: -0.4,
    q: [4, 2],
    sum: 'Northwind accounts payable: Leipzig licences billed from January although go-live was 9 March',
    body:
      "Northwind's accounts payable team rejected the Q2 invoice: 80 Leipzig driver licences are charged from 1 January, but the depot went live on 9 March. " +
      'They will not pay any line until a corrected invoice arrives.',
    needs: ['need-clear-invoices'],
    topics: ['billing', 'contract-terms'],
  },
  {
    id: 'nw-15',
    by: 'emp-lukas',
    at: '2026-04-29 15:00',
    ch: 'EMAIL',
    tp: 'BILLING',
    dir: 'OUTBOUND',
    s: 0.3,
    q: [4, 4],
    sum: 'Credit note issued to Northwind; new licences will be billed from the go-live date',
    body:
      'Issued a credit note for the Leipzig licences from January to 8 March and re-sent the invoice. Agreed with finance that for Northwind new licences ' +
      'start billing on the go-live date recorded by Customer Success, not on the order date.',
    needs: ['need-clear-invoices'],
    topics: ['billing'],
  },
  {
    id: 'nw-16',
    who: ANKE,
    by: 'emp-elena',
    at: '2026-06-16 13:00',
    ch: 'MEETING',
    tp: 'PRODUCT',
    dir: 'OUTBOUND',
    s: 0.7,
    q: [4, 5],
    sum: 'Emissions reporting beta at Northwind: per-route CO2 within 4% of fuel-card figures',
    body:
      "Reviewed six weeks of beta data with Anke's team: per-route CO2 estimates are within 4% of what their fuel cards imply. " +
      'They already used the export in a client review and want the methodology note in their own branding.',
    needs: ['need-emissions-reporting', 'need-sustainability-image'],
    topics: ['sustainability', 'reporting-analytics', 'telematics'],
  },
  {
    id: 'nw-17',
    by: 'emp-lukas',
    at: '2026-09-15 10:00',
    ch: 'MEETING',
    tp: 'RENEWAL',
    dir: 'OUTBOUND',
    s: 0.3,
    q: [4, 4],
    sum: 'Mid-term review: Northwind asks for a price lock beyond 2027 and telematics on 120 more trucks',
    body:
      'Mid-term review with Anke and the CFO. They are satisfied with service since the peak fixes; the CFO wants the 2028 price agreed now. ' +
      'They want FL-Box telematics on the 120 trucks that still use a third-party tracker, if the CO2 figures come from the same data.',
    needs: ['need-simple-pricing', 'need-emissions-reporting'],
    topics: ['renewal', 'pricing', 'telematics'],
  },
  {
    id: 'nw-18',
    who: ANKE,
    by: 'emp-lukas',
    at: '2026-10-28 11:00',
    ch: 'PHONE',
    tp: 'SALES',
    dir: 'OUTBOUND',
    s: 0.4,
    q: [4, 4],
    sum: 'Quote for FL-Box telematics on 120 Northwind trucks sent; Anke takes it to the November budget round',
    body:
      'Called Anke to walk through the quote: 120 FL-Box units, installation in three waves, emissions reporting included. ' +
      'She will put it into the November budget round and expects an answer before Christmas.',
    needs: ['need-emissions-reporting'],
    topics: ['telematics', 'pricing'],
  },
]);

// -------------------------------------------------------------------------------------------
// Baltic Cold Chain: a collaborative account sliding towards churn. Sensor rollout, hardware
// failures in the cold, a billing dispute, a lost pharma load, a formal complaint, a tender and
// a public post; the rescue offer is on the table.
const baltic = story('cust-baltic', [
  {
    id: 'bc-01',
    by: 'emp-lukas',
    at: '2024-12-05 13:00',
    ch: 'MEETING',
    tp: 'RENEWAL',
    dir: 'OUTBOUND',
    s: 0.5,
    q: [4, 4],
    sum: 'Baltic Cold Chain renews for two years and orders 400 FL-Temp sensors for its reefer fleet',
    body:
      'Signed in Gothenburg with Ingeborg Lund: two-year renewal of routing plus 400 FL-Temp sensors to replace the data loggers drivers read out by hand. ' +
      'Their pharma clients require live temperature records from mid-2025, which is the main reason for the order.',
    needs: ['need-cold-chain-alerts'],
    topics: ['renewal', 'temperature-monitoring', 'hardware-devices'],
  },
  {
    id: 'bc-02',
    who: INGEBORG,
    by: 'emp-jonas',
    at: '2025-02-03 09:00',
    ch: 'VIDEO_CALL',
    tp: 'ONBOARDING',
    dir: 'OUTBOUND',
    s: 0.4,
    q: [4, 4],
    sum: 'Sensor rollout kick-off with Baltic: first wave of 60 reefer trailers',
    body:
      'First wave: 60 trailers on the Gothenburg to Oslo lanes. Ingeborg wants alerts to reach the dispatcher and the driver at the same time. ' +
      "Alert thresholds agreed; installation by Baltic's own workshop with our remote support.",
    needs: ['need-cold-chain-alerts'],
    topics: ['onboarding', 'temperature-monitoring', 'hardware-devices'],
  },
  {
    id: 'bc-03',
    by: 'emp-tomas',
    at: '2025-04-15 07:30',
    ch: 'PHONE',
    tp: 'SUPPORT',
    dir: 'INBOUND',
    s: -0.5,
    q: [5, 2],
    sum: '11 FL-Temp sensors drop offline on northern routes; batteries drain in sub-zero trailers',
    body:
      "Baltic's workshop called: 11 sensors on the Narvik routes go offline after two to three days. Battery readings fall fast below -15 °C. " +
      'They need replacements before the next pharma run on 22 April.',
    needs: ['need-cold-chain-alerts', 'need-device-replacement'],
    topics: ['hardware-devices', 'temperature-monitoring'],
  },
  {
    id: 'bc-04',
    by: 'emp-tomas',
    at: '2025-04-30 16:00',
    ch: 'EMAIL',
    tp: 'SUPPORT',
    dir: 'OUTBOUND',
    s: -0.3,
    q: [5, 2],
    sum: 'Replacement sensors for Baltic shipped after six days instead of the next-day promise',
    body:
      'Confirmed shipment of 11 cold-rated sensors. They left the Hamburg warehouse six days after the call because the cold-rated batch had to come from the supplier, ' +
      'so the next-day replacement promise was not met. Baltic ran the 22 April pharma load on manual loggers.',
    needs: ['need-device-replacement', 'need-trust-support'],
    topics: ['hardware-devices', 'support-responsiveness'],
  },
  {
    id: 'bc-05',
    who: INGEBORG,
    by: 'emp-jonas',
    at: '2025-06-10 10:00',
    ch: 'MEETING',
    tp: 'FEEDBACK',
    dir: 'INBOUND',
    s: -0.3,
    q: [4, 2],
    sum: 'Quarterly review with Baltic: too many false temperature alerts, drivers start ignoring them',
    body:
      'Ingeborg says drivers get 8 to 10 alerts a week that turn out to be door openings at delivery, and have started to swipe them away. ' +
      'She wants alerts that take door events into account and a weekly summary instead of noise.',
    needs: ['need-cold-chain-alerts'],
    topics: ['temperature-monitoring', 'mobile-app'],
  },
  {
    id: 'bc-06',
    by: 'emp-tomas',
    at: '2025-08-19 09:15',
    ch: 'EMAIL',
    tp: 'BILLING',
    dir: 'INBOUND',
    s: -0.6,
    q: [4, 1],
    sum: 'Baltic disputes its invoice: billed for 400 sensors while only 310 are activated',
    body:
      "Baltic's finance team disputes the Q3 hardware-as-a-service invoice: it charges 400 sensors, but 90 are still boxed, waiting for the second installation wave. " +
      'They consider "delivered" and "in service" two different things and want the contract read that way.',
    needs: ['need-clear-invoices'],
    topics: ['billing', 'contract-terms', 'hardware-devices'],
  },
  {
    id: 'bc-07',
    by: 'emp-lukas',
    at: '2025-09-02 14:00',
    ch: 'PHONE',
    tp: 'BILLING',
    dir: 'OUTBOUND',
    s: -0.3,
    q: [4, 2],
    sum: "Partial credit on Baltic's unactivated sensors; disagreement on what counts as activation remains",
    body:
      'Offered a 50% credit on the 90 unactivated sensors for Q3. Baltic accepted the credit but not the principle: they want no charge until a sensor sends its first reading. ' +
      'Left open for the renewal.',
    needs: ['need-clear-invoices', 'need-no-billing-surprises'],
    topics: ['billing', 'contract-terms'],
  },
  {
    id: 'bc-08',
    who: INGEBORG,
    by: 'emp-aisha',
    at: '2025-11-12 06:50',
    ch: 'EMAIL',
    tp: 'SUPPORT',
    dir: 'INBOUND',
    s: -0.9,
    q: [5, 1],
    sum: 'Ingeborg: 2.1 t pharma load lost; FL-Temp alert fired 50 minutes after the excursion started',
    body:
      "Urgent email: a trailer's cooling unit failed overnight near Jönköping. The temperature left the 2-8 °C range at 01:12, but the first alert reached the dispatcher at 02:03. " +
      'The load, 2.1 tonnes of vaccines, was written off. She asks how a "real-time" product can be 50 minutes late.',
    needs: ['need-cold-chain-alerts', 'need-trust-support'],
    topics: ['temperature-monitoring', 'telematics', 'support-responsiveness'],
  },
  {
    id: 'bc-09',
    who: INGEBORG,
    by: 'emp-aisha',
    at: '2025-11-13 08:00',
    ch: 'PHONE',
    tp: 'SUPPORT',
    dir: 'OUTBOUND',
    s: -0.6,
    q: [5, 2],
    sum: 'Incident bridge with Baltic: sensors poll every 15 minutes by default and alerts wait for two readings',
    body:
      'Aisha ran the incident bridge. Sensors poll every 15 minutes by default to save battery, and an alert needs two consecutive out-of-range readings; ' +
      'together that explains most of the 50 minutes. Nobody had told Baltic the default could be changed. Engineering is preparing firmware with faster polling.',
    needs: ['need-cold-chain-alerts'],
    topics: ['temperature-monitoring', 'hardware-devices'],
  },
  {
    id: 'bc-10',
    by: 'emp-henrik',
    at: '2025-11-26 13:00',
    ch: 'MEETING',
    tp: 'FEEDBACK',
    dir: 'INBOUND',
    s: -0.8,
    q: [5, 1],
    sum: 'Formal complaint from Baltic: EUR 84,000 damages claimed, root-cause report demanded within 30 days',
    body:
      "Henrik Vass and Lukas met Baltic's CEO and Ingeborg. Baltic holds us responsible for the written-off load and claims EUR 84,000. " +
      'They want a written root-cause report within 30 days and a plan that brings alert latency under five minutes. The CEO said the 2027 contract "is now open".',
    needs: ['need-cold-chain-alerts', 'need-trust-support'],
    topics: ['temperature-monitoring', 'contract-terms', 'account-management'],
  },
  {
    id: 'bc-11',
    who: INGEBORG,
    by: 'emp-elena',
    at: '2026-01-20 10:00',
    ch: 'VIDEO_CALL',
    tp: 'PRODUCT',
    dir: 'OUTBOUND',
    s: 0.2,
    q: [4, 3],
    sum: 'Firmware 3.2 piloted on 40 Baltic trailers: 2-minute polling and alerting on the sensor itself',
    body:
      'Elena presented firmware 3.2: two-minute polling, alerting on the sensor itself and door-event filtering. Pilot on 40 trailers from February. ' +
      'Ingeborg was cautiously positive and asked for latency figures every week.',
    needs: ['need-cold-chain-alerts'],
    topics: ['temperature-monitoring', 'hardware-devices'],
  },
  {
    id: 'bc-12',
    who: INGEBORG,
    by: 'emp-jonas',
    at: '2026-03-05 15:30',
    ch: 'EMAIL',
    tp: 'FEEDBACK',
    dir: 'INBOUND',
    s: -0.4,
    q: [4, 3],
    sum: 'Pilot meets the target (median alert 3 minutes), but Ingeborg writes "trust is not back"; a tender will run',
    body:
      'Median alert latency in the pilot is 3 minutes and false alerts are down by two thirds. Still, the board asked procurement to run a tender for 2027 ' +
      'because "we cannot explain to our clients why we stayed". Ingeborg personally prefers to stay if the commercial offer reflects what happened.',
    needs: ['need-cold-chain-alerts', 'need-trust-support'],
    topics: ['temperature-monitoring', 'renewal'],
  },
  {
    id: 'bc-13',
    by: 'emp-lukas',
    at: '2026-05-14 10:00',
    ch: 'MEETING',
    tp: 'SALES',
    dir: 'INBOUND',
    s: -0.3,
    q: [4, 3],
    sum: 'Baltic invites Fieldline to its 2027 tender: 15% lower price, latency penalties, 48-hour sensor swaps',
    body:
      "Tender briefing with Baltic's procurement lead. Requirements: alert latency under five minutes with contractual penalties, sensor replacement within 48 hours " +
      'anywhere in Scandinavia, and a price at least 15% below today. Two competitors are invited.',
    needs: ['need-simple-pricing', 'need-device-replacement', 'need-cold-chain-alerts'],
    topics: ['pricing', 'contract-terms', 'temperature-monitoring'],
  },
  {
    id: 'bc-14',
    by: 'emp-tomas',
    at: '2026-08-25 06:40',
    ch: 'PHONE',
    tp: 'SUPPORT',
    dir: 'INBOUND',
    s: -0.7,
    q: [5, 2],
    sum: 'After the fleet-wide firmware rollout, 23 Baltic sensors stop reporting after a cold start',
    body:
      "Baltic's workshop lead: since the fleet-wide firmware 3.2 rollout last week, 23 sensors report nothing after a cold start and drivers are back on manual loggers " +
      'for those trailers. He asked for an engineer on site: "this is the worst possible month for this".',
    needs: ['need-cold-chain-alerts', 'need-device-replacement'],
    topics: ['hardware-devices', 'temperature-monitoring'],
  },
  {
    id: 'bc-15',
    who: INGEBORG,
    by: 'emp-tomas',
    at: '2026-10-06 19:20',
    ch: 'SOCIAL',
    tp: 'FEEDBACK',
    dir: 'INBOUND',
    s: -0.8,
    q: [4, 1],
    sum: 'Ingeborg Lund posts on LinkedIn about vendors who "promise real-time and deliver quarter-hourly"',
    body:
      'Public LinkedIn post, not naming us but showing an FL-Temp sensor: "Cold chain is not the place for vendors who promise real-time and deliver quarter-hourly." ' +
      '140 reactions, several from other cold-chain operators. Flagged to Lukas and Jonas the same evening.',
    needs: ['need-trust-support'],
    topics: ['temperature-monitoring', 'account-management'],
  },
  {
    id: 'bc-16',
    by: 'emp-lukas',
    at: '2026-10-20 14:00',
    ch: 'MEETING',
    tp: 'RENEWAL',
    dir: 'OUTBOUND',
    s: -0.2,
    q: [4, 3],
    sum: 'Rescue offer to Baltic: free cold-rated sensor swap, an engineer on site, latency penalties and 10% off',
    body:
      'Lukas and Henrik presented the offer: free swap to the cold-rated sensor on all trailers, a named engineer in Gothenburg for six months, latency penalties ' +
      'in the contract and 10% off from 2027. Baltic decides in December with the tender result. Ingeborg: "This is the offer we needed a year ago."',
    needs: ['need-cold-chain-alerts', 'need-simple-pricing', 'need-trust-support'],
    topics: ['renewal', 'pricing', 'hardware-devices'],
  },
]);

// -------------------------------------------------------------------------------------------
// Tidewater Medical Logistics: compliance drives the account; an app bug threatens proof of
// delivery, the inspection passes, and the renewal brings data residency and SSO.
const tidewater = story('cust-tidewater', [
  {
    id: 'tw-01',
    by: 'emp-lukas',
    at: '2025-01-22 11:00',
    ch: 'MEETING',
    tp: 'SALES',
    dir: 'OUTBOUND',
    s: 0.4,
    q: [4, 4],
    sum: 'Tidewater buys the audit-trail module ahead of its Good Distribution Practice inspection',
    body:
      "Tidewater's QA director and Fiona Gallagher want an unbroken record of who changed which delivery record and when, for their GDP inspection in late 2025. " +
      'Upsell of the audit-trail module agreed at EUR 38,000 a year.',
    needs: ['need-audit-trail'],
    topics: ['compliance', 'proof-of-delivery'],
  },
  {
    id: 'tw-02',
    who: FIONA,
    by: 'emp-jonas',
    at: '2025-03-11 10:00',
    ch: 'VIDEO_CALL',
    tp: 'ONBOARDING',
    dir: 'OUTBOUND',
    s: 0.5,
    q: [4, 4],
    sum: 'Audit-trail module live at Tidewater; Fiona will train eight QA staff herself',
    body:
      'Enabled the audit-trail module in production and ran a train-the-trainer session. Fiona will train the eight QA staff herself ' +
      'and asked for a one-page guide she can put into their SOP binder.',
    needs: ['need-audit-trail', 'need-fast-onboarding'],
    topics: ['onboarding', 'compliance', 'training'],
  },
  {
    id: 'tw-03',
    who: FIONA,
    by: 'emp-elena',
    at: '2025-05-20 09:00',
    ch: 'EMAIL',
    tp: 'PRODUCT',
    dir: 'INBOUND',
    s: 0.0,
    q: [4, 3],
    sum: 'Fiona asks for an audit export the inspector accepts: signed PDF/A instead of CSV',
    body:
      'Fiona checked with their qualified person: inspectors will not accept a CSV export as evidence because it can be edited. ' +
      'She asks for a signed PDF/A export per delivery or per date range before the inspection in November.',
    needs: ['need-audit-trail'],
    topics: ['compliance', 'reporting-analytics'],
  },
  {
    id: 'tw-04',
    who: FIONA,
    by: 'emp-jonas',
    at: '2025-06-24 12:00',
    ch: 'MEETING',
    tp: 'EVENT',
    dir: 'OUTBOUND',
    s: 0.7,
    q: [3, 5],
    sum: "Fiona Gallagher joins Fieldline's healthcare logistics compliance roundtable in Dublin",
    body:
      'Fiona was one of nine participants. She shared how Tidewater prepares for inspections and offered to review our audit export design. ' +
      'Several participants asked for her SOP template.',
    needs: ['need-peer-community', 'need-audit-trail'],
    topics: ['compliance', 'user-community'],
  },
  {
    id: 'tw-05',
    by: 'emp-aisha',
    at: '2025-09-09 17:10',
    ch: 'EMAIL',
    tp: 'SUPPORT',
    dir: 'INBOUND',
    s: -0.6,
    q: [5, 2],
    sum: 'Tidewater: ePOD photos missing for 14 pharmacy deliveries after the 4.8 app update',
    body:
      "Tidewater's dispatch reports 14 deliveries from Monday with signatures but no photos. For controlled medicines the photo is part of their proof of delivery. " +
      'They need the photos back, or a statement they can file as a deviation.',
    needs: ['need-epod', 'need-audit-trail'],
    topics: ['proof-of-delivery', 'mobile-app'],
  },
  {
    id: 'tw-06',
    by: 'emp-aisha',
    at: '2025-09-10 11:30',
    ch: 'PHONE',
    tp: 'SUPPORT',
    dir: 'OUTBOUND',
    s: 0.3,
    q: [5, 4],
    sum: 'ePOD photos recovered from device caches within 24 hours; hotfix 4.8.1 released',
    body:
      "All 14 photos were still in the devices' upload cache and are now attached to the records; the audit trail shows the late upload. " +
      'Hotfix 4.8.1 repairs the upload queue. Tidewater closed the deviation without escalation.',
    needs: ['need-epod'],
    topics: ['proof-of-delivery', 'mobile-app', 'support-responsiveness'],
  },
  {
    id: 'tw-07',
    who: FIONA,
    by: 'emp-lukas',
    at: '2025-12-09 15:00',
    ch: 'VIDEO_CALL',
    tp: 'FEEDBACK',
    dir: 'INBOUND',
    s: 0.9,
    q: [5, 5],
    sum: 'Tidewater passes its GDP inspection using the signed audit export; Fiona thanks the team',
    body:
      'Fiona called to say the inspection found nothing on distribution records. The inspector sampled 30 deliveries and accepted the signed exports. ' +
      "She will mention Fieldline in the QA report to Tidewater's board.",
    needs: ['need-audit-trail', 'need-board-visibility'],
    topics: ['compliance', 'proof-of-delivery'],
  },
  {
    id: 'tw-08',
    by: 'emp-lukas',
    at: '2026-02-17 10:00',
    ch: 'MEETING',
    tp: 'RENEWAL',
    dir: 'OUTBOUND',
    s: 0.4,
    q: [4, 4],
    sum: 'Tidewater renews for three years; EU-only hosting written into the data processing agreement',
    body:
      "Renewal signed for three years. Tidewater's legal team required that all operational data, backups included, stays in EU data centres; " +
      'this is now an annex to the data processing agreement. No price discussion; they asked about single sign-on for next year.',
    needs: ['need-data-residency', 'need-sso'],
    topics: ['renewal', 'data-privacy', 'compliance'],
  },
  {
    id: 'tw-09',
    by: 'emp-elena',
    at: '2026-06-03 09:30',
    ch: 'EMAIL',
    tp: 'PRODUCT',
    dir: 'INBOUND',
    s: 0.1,
    q: [4, 3],
    sum: 'Tidewater IT asks for single sign-on with their identity platform before year end',
    body:
      "Tidewater's IT security team says local passwords fail their new access policy. They need SSO for office users and drivers by 31 December; " +
      'otherwise the app must be listed as an exception at their next audit.',
    needs: ['need-sso', 'need-data-residency'],
    topics: ['integration-api', 'data-privacy', 'compliance'],
  },
  {
    id: 'tw-10',
    by: 'emp-jonas',
    at: '2026-09-29 10:00',
    ch: 'VIDEO_CALL',
    tp: 'ONBOARDING',
    dir: 'OUTBOUND',
    s: 0.5,
    q: [4, 4],
    sum: 'SSO rollout at Tidewater: 64 office users live, drivers follow in November',
    body:
      'SSO is live for 64 office users. Drivers move in November once the shared depot tablets are enrolled. ' +
      "Tidewater's IT lead asked for a fallback login for night shifts in case the identity provider is down.",
    needs: ['need-sso'],
    topics: ['onboarding', 'integration-api'],
  },
]);

// -------------------------------------------------------------------------------------------
// Helio Solar: a referral that grows. Onboarding friction, no signal on rural roofs, a beta that
// makes them feel heard, a billing slip, public praise and an early renewal.
const helio = story('cust-helio', [
  {
    id: 'he-01',
    by: 'emp-sofia',
    at: '2025-01-08 14:00',
    ch: 'VIDEO_CALL',
    tp: 'SALES',
    dir: 'OUTBOUND',
    s: 0.5,
    q: [3, 4],
    sum: 'Demo for Helio Solar, referred by Greywell: scheduling 35 installers across three provinces',
    body:
      "Demo for Joost van Dijk and Helio's owner, who came to us on Greywell's recommendation. Their planners schedule 35 installers in spreadsheets " +
      'and sometimes send a crew without the right electrical certification. Skills-based scheduling got the strongest reaction.',
    needs: ['need-skills-scheduling'],
    topics: ['dispatch-scheduling'],
  },
  {
    id: 'he-02',
    by: 'emp-sofia',
    at: '2025-01-29 16:00',
    ch: 'MEETING',
    tp: 'SALES',
    dir: 'OUTBOUND',
    s: 0.6,
    q: [4, 4],
    sum: 'Helio signs: 35 installer seats and 20 FL-H5 rugged handhelds',
    body:
      'Contract signed at their Utrecht office: 35 seats, 20 rugged handhelds for the roof crews and the onboarding package. ' +
      'Start on 10 February so they are live before the spring installation peak.',
    needs: ['need-skills-scheduling', 'need-fast-onboarding'],
    topics: ['pricing', 'hardware-devices', 'onboarding'],
  },
  {
    id: 'he-03',
    who: JOOST,
    by: 'emp-nadia',
    at: '2025-02-12 09:30',
    ch: 'VIDEO_CALL',
    tp: 'ONBOARDING',
    dir: 'OUTBOUND',
    s: 0.4,
    q: [4, 4],
    sum: 'Helio onboarding kick-off: job templates and installer certifications imported',
    body: 'Imported 14 job templates and the certification list for all installers. Joost runs a pilot week with two crews; planner training booked for 18 February.',
    needs: ['need-fast-onboarding', 'need-skills-scheduling'],
    topics: ['onboarding', 'dispatch-scheduling'],
  },
  {
    id: 'he-04',
    who: JOOST,
    by: 'emp-nadia',
    at: '2025-02-26 12:15',
    ch: 'CHAT',
    tp: 'ONBOARDING',
    dir: 'INBOUND',
    s: -0.2,
    q: [4, 3],
    sum: 'Joost: installers are confused by the job status flow and need a Dutch-language training video',
    body:
      'Installers skip the "on site" status and go straight to "done", so planners cannot see who is on which roof. Most installers do not read the English guide. ' +
      'Joost asks for a short Dutch video they can watch in the van.',
    needs: ['need-fast-onboarding'],
    topics: ['onboarding', 'training', 'mobile-app'],
  },
  {
    id: 'he-05',
    who: JOOST,
    by: 'emp-aisha',
    at: '2025-03-20 10:40',
    ch: 'PHONE',
    tp: 'SUPPORT',
    dir: 'INBOUND',
    s: -0.6,
    q: [4, 2],
    sum: 'Helio installers lose signal on rural roofs and the app will not load the next job',
    body:
      'In the countryside around Zwolle installers have no coverage on site. The app shows a spinner instead of the next job and its address, ' +
      'so crews drive to the village centre to get signal. Two crews lost an hour each today.',
    needs: ['need-offline-routing', 'need-control-own-day'],
    topics: ['offline-mode', 'mobile-app', 'route-planning'],
  },
  {
    id: 'he-06',
    who: JOOST,
    by: 'emp-aisha',
    at: '2025-03-21 09:00',
    ch: 'EMAIL',
    tp: 'SUPPORT',
    dir: 'OUTBOUND',
    s: -0.1,
    q: [4, 3],
    sum: 'Workaround for Helio: download the day plan before leaving the depot; offline mode is on the roadmap',
    body:
      'Sent instructions to pre-load the full day plan and maps over Wi-Fi each morning. This covers the job list but not changes during the day. ' +
      'Told Joost a full offline mode is planned and that we would like Helio as a beta tester.',
    needs: ['need-offline-routing'],
    topics: ['offline-mode', 'mobile-app'],
  },
  {
    id: 'he-07',
    who: JOOST,
    by: 'emp-priya',
    at: '2025-05-13 08:00',
    ch: 'SURVEY',
    tp: 'FEEDBACK',
    dir: 'INBOUND',
    s: 0.1,
    q: [4, 3],
    sum: 'Helio onboarding survey: 7/10; scheduling praised, missing offline support is the main complaint',
    body:
      'Score 7. "Scheduling by certification saves our planners a day a week. But our installers still hate the app on rural jobs." ' +
      'The Dutch training video was appreciated.',
    needs: ['need-offline-routing', 'need-skills-scheduling', 'need-fast-onboarding'],
    topics: ['onboarding', 'offline-mode', 'dispatch-scheduling'],
  },
  {
    id: 'he-08',
    who: JOOST,
    by: 'emp-elena',
    at: '2025-07-02 14:00',
    ch: 'VIDEO_CALL',
    tp: 'PRODUCT',
    dir: 'OUTBOUND',
    s: 0.5,
    q: [3, 4],
    sum: 'Helio joins the offline-mode beta with six installer crews',
    body:
      'Elena onboarded six Helio crews to the offline beta. Joost asked to be consulted on how conflicts are shown when two people edit a job. ' +
      'He said it is the first time a software vendor has asked his installers what they need.',
    needs: ['need-offline-routing', 'need-feel-heard'],
    topics: ['offline-mode', 'mobile-app'],
  },
  {
    id: 'he-09',
    who: JOOST,
    by: 'emp-elena',
    at: '2025-09-16 11:00',
    ch: 'EMAIL',
    tp: 'PRODUCT',
    dir: 'INBOUND',
    s: 0.2,
    q: [4, 3],
    sum: 'Offline beta feedback from Helio: job lists work offline, but photo sync creates duplicates',
    body:
      "Joost's summary after ten weeks: installers can now work a full day without coverage. When they come back online, photos sometimes upload twice " +
      'and the planner sees duplicate completion reports. Otherwise "a huge difference".',
    needs: ['need-offline-routing'],
    topics: ['offline-mode', 'mobile-app', 'proof-of-delivery'],
  },
  {
    id: 'he-10',
    by: 'emp-sofia',
    at: '2025-11-04 15:00',
    ch: 'MEETING',
    tp: 'SALES',
    dir: 'OUTBOUND',
    s: 0.6,
    q: [4, 4],
    sum: 'Helio expands to 60 seats for its new heat-pump division',
    body:
      'Helio starts a heat-pump division with 25 technicians who need F-gas certification tracking. Added 25 seats from January and a certification-expiry report. ' +
      'The owner named offline mode as the reason they expand with us rather than trying another tool.',
    needs: ['need-skills-scheduling', 'need-offline-routing'],
    topics: ['dispatch-scheduling', 'pricing'],
  },
  {
    id: 'he-11',
    by: 'emp-tomas',
    at: '2026-01-27 10:20',
    ch: 'EMAIL',
    tp: 'BILLING',
    dir: 'INBOUND',
    s: -0.3,
    q: [4, 2],
    sum: "Helio's January invoice charges the 25 new seats twice",
    body:
      "Helio's bookkeeper points out that the 25 heat-pump seats appear as a prorated line and again as full monthly seats on the same invoice. " +
      'She asks for a corrected invoice and a plain explanation of how proration works for additions in mid-month.',
    needs: ['need-clear-invoices'],
    topics: ['billing'],
  },
  {
    id: 'he-12',
    who: JOOST,
    by: 'emp-sofia',
    at: '2026-03-10 18:05',
    ch: 'SOCIAL',
    tp: 'FEEDBACK',
    dir: 'INBOUND',
    s: 0.9,
    q: [3, 5],
    sum: 'Joost posts on LinkedIn: "rural roofs are no longer dead zones" thanks to Fieldline offline mode',
    body:
      'Public post with a photo of an installer on a barn roof: offline mode lets his crews work a full day without coverage. ' +
      "Tagged Fieldline and two installers' associations. Sofia replied with thanks within the hour.",
    needs: ['need-offline-routing', 'need-feel-heard'],
    topics: ['offline-mode', 'user-community'],
  },
  {
    id: 'he-13',
    by: 'emp-sofia',
    at: '2026-07-21 11:00',
    ch: 'VIDEO_CALL',
    tp: 'RENEWAL',
    dir: 'OUTBOUND',
    s: 0.6,
    q: [4, 4],
    sum: 'Helio renews five months early, for two years, at 60 seats',
    body: 'Helio asked to renew early to lock in the current price for two years. Signed at 60 seats plus 10 more handhelds. They asked to stay in the beta programme.',
    needs: ['need-feel-heard', 'need-simple-pricing'],
    topics: ['renewal', 'pricing'],
  },
]);

// -------------------------------------------------------------------------------------------
// Vantage Parcel: an arm's-length API customer that churns over pricing it could not forecast.
const vantage = story('cust-vantage', [
  {
    id: 'va-01',
    who: DMITRI,
    by: 'emp-jonas',
    at: '2024-12-03 10:00',
    ch: 'VIDEO_CALL',
    tp: 'ONBOARDING',
    dir: 'OUTBOUND',
    s: 0.3,
    q: [4, 4],
    sum: 'API onboarding with Vantage: they build their own driver app on the routing and ETA API',
    body:
      "Dmitri Volkov's team uses only our routing and ETA API behind their own driver app. Walked them through authentication, batch optimisation and the ETA endpoints. " +
      'They plan to route 20,000 parcels a day by February.',
    needs: ['need-erp-integration', 'need-realtime-eta'],
    topics: ['integration-api', 'onboarding'],
  },
  {
    id: 'va-02',
    who: DMITRI,
    by: 'emp-tomas',
    at: '2025-01-16 09:10',
    ch: 'EMAIL',
    tp: 'SUPPORT',
    dir: 'INBOUND',
    s: -0.5,
    q: [5, 2],
    sum: 'Vantage hits the API rate limit: 60 requests a minute is too low for 20,000 parcels',
    body:
      'Their morning batch fails because the API returns HTTP 429 after 60 requests per minute, and planners wait 40 minutes for routes. ' +
      'Dmitri calls the limit "a toy setting for a production customer".',
    needs: ['need-erp-integration'],
    topics: ['integration-api', 'performance'],
  },
  {
    id: 'va-03',
    who: DMITRI,
    by: 'emp-tomas',
    at: '2025-01-23 14:00',
    ch: 'EMAIL',
    tp: 'SUPPORT',
    dir: 'OUTBOUND',
    s: -0.4,
    q: [4, 2],
    sum: 'Rate limit of 300 a minute offered on the paid Scale tier; Vantage objects to the extra fee',
    body:
      'Explained that 300 requests per minute come with the Scale API tier at EUR 1,500 a month. Dmitri replied that nobody mentioned tiers during the sale ' +
      'and that he will escalate to their procurement.',
    needs: ['need-erp-integration', 'need-no-billing-surprises'],
    topics: ['integration-api', 'pricing'],
  },
  {
    id: 'va-04',
    by: 'emp-aisha',
    at: '2025-03-04 16:30',
    ch: 'CHAT',
    tp: 'SUPPORT',
    dir: 'INBOUND',
    s: -0.6,
    q: [4, 2],
    sum: 'Vantage: the ETA endpoint returns stale ETAs during evening traffic peaks',
    body:
      "Vantage's developer reports ETAs up to 35 minutes off between 16:00 and 19:00 in Manchester and Leeds, and their customers complain about missed windows. " +
      'Known limitation: traffic data refreshes every 15 minutes.',
    needs: ['need-realtime-eta'],
    topics: ['integration-api', 'customer-notifications'],
  },
  {
    id: 'va-05',
    by: 'emp-tomas',
    at: '2025-04-08 11:00',
    ch: 'PHONE',
    tp: 'BILLING',
    dir: 'INBOUND',
    s: -0.8,
    q: [4, 1],
    sum: 'Vantage disputes EUR 6,200 in API overage fees on the March invoice',
    body:
      "Vantage's finance manager called about EUR 6,200 in overage fees for calls above the contracted volume. They did not know overage applied " +
      'and say the usage dashboard never warned them. They will not pay until the account manager calls.',
    needs: ['need-no-billing-surprises', 'need-clear-invoices'],
    topics: ['billing', 'integration-api', 'pricing'],
  },
  {
    id: 'va-06',
    by: 'emp-lukas',
    at: '2025-04-22 10:00',
    ch: 'MEETING',
    tp: 'RENEWAL',
    dir: 'OUTBOUND',
    s: -0.5,
    q: [4, 2],
    sum: 'Renewal talk with Vantage: they ask for 30% off and a flat-rate API; we offer 10%',
    body:
      'Dmitri and their procurement lead want a flat monthly price without per-call fees and a 30% discount. Lukas offered 10% and waived half the overage. ' +
      'They said a competitor offers a flat rate and will decide by the end of May.',
    needs: ['need-simple-pricing', 'need-no-billing-surprises'],
    topics: ['renewal', 'pricing', 'integration-api'],
  },
  {
    id: 'va-07',
    who: DMITRI,
    by: 'emp-lukas',
    at: '2025-05-30 17:45',
    ch: 'EMAIL',
    tp: 'FEEDBACK',
    dir: 'INBOUND',
    s: -0.9,
    q: [4, 1],
    sum: 'Vantage gives notice: the contract ends on 30 June; they move to a competitor with a flat-rate API',
    body:
      'Formal non-renewal notice from Dmitri. Reasons: unpredictable API costs, rate limits and ETA accuracy at peak hours. ' +
      'He added that routing quality "was never the problem".',
    needs: ['need-simple-pricing', 'need-realtime-eta'],
    topics: ['renewal', 'pricing', 'integration-api'],
  },
  {
    id: 'va-08',
    who: DMITRI,
    by: 'emp-priya',
    at: '2025-06-12 15:00',
    ch: 'VIDEO_CALL',
    tp: 'FEEDBACK',
    dir: 'OUTBOUND',
    s: -0.4,
    q: [3, 2],
    sum: 'Exit interview with Vantage: the pricing model and rate limits decided it, ETA accuracy came second',
    body:
      "Priya ran the exit interview. Dmitri's ranking: 1) per-call pricing they could not forecast, 2) rate limits discovered only after go-live, " +
      '3) ETA accuracy in traffic. He would consider us again "if the API were priced like infrastructure".',
    needs: ['need-no-billing-surprises', 'need-realtime-eta'],
    topics: ['pricing', 'integration-api', 'customer-notifications'],
  },
  {
    id: 'va-09',
    who: DMITRI,
    by: 'emp-lukas',
    at: '2025-09-30 10:00',
    ch: 'EMAIL',
    tp: 'SALES',
    dir: 'OUTBOUND',
    s: 0.0,
    q: [3, 3],
    sum: 'Win-back email to Vantage with the new flat-rate API tier; no reply',
    body: 'Sent Dmitri the flat-rate API tier launched in September with a three-month free trial. No reply after two follow-ups.',
    needs: ['need-simple-pricing'],
    topics: ['pricing', 'integration-api'],
  },
]);

// -------------------------------------------------------------------------------------------
// Kestrel HVAC: a transactional account that costs more to serve than it pays. Untrained
// dispatchers, billing slips, an automated suspension, and a renewal in doubt.
const kestrel = story('cust-kestrel', [
  {
    id: 'ke-01',
    by: 'emp-tomas',
    at: '2025-01-09 08:20',
    ch: 'PHONE',
    tp: 'SUPPORT',
    dir: 'INBOUND',
    s: -0.2,
    q: [4, 3],
    sum: 'New Kestrel dispatcher cannot reassign jobs between engineers; she was never trained on the planner',
    body:
      'A new dispatcher called because she cannot move a job from one engineer to another. The function is there, but she was never trained: ' +
      'the person who attended onboarding in 2023 has left. Tomás walked her through it in 25 minutes.',
    needs: ['need-fast-onboarding'],
    topics: ['dispatch-scheduling', 'training'],
  },
  {
    id: 'ke-02',
    by: 'emp-tomas',
    at: '2025-06-17 09:00',
    ch: 'EMAIL',
    tp: 'BILLING',
    dir: 'INBOUND',
    s: -0.6,
    q: [4, 1],
    sum: 'Kestrel billed for 12 handhelds it returned in March',
    body:
      "Kestrel's owner forwarded the June invoice: 12 handhelds returned in March with a signed returns note are still charged. Third billing query this year. " +
      '"Do I have to check every line of every invoice you send?"',
    needs: ['need-clear-invoices', 'need-no-billing-surprises'],
    topics: ['billing', 'hardware-devices'],
  },
  {
    id: 'ke-03',
    by: 'emp-sofia',
    at: '2025-07-01 14:00',
    ch: 'PHONE',
    tp: 'BILLING',
    dir: 'OUTBOUND',
    s: -0.2,
    q: [4, 2],
    sum: 'Credit for the returned handhelds issued after two weeks; Kestrel unhappy about the wait',
    body:
      'Sofia called to confirm the credit note. The returns note had arrived in March but was never matched to the contract. ' +
      'Kestrel accepted the credit but complained that it took two weeks and three emails.',
    needs: ['need-clear-invoices'],
    topics: ['billing', 'support-responsiveness'],
  },
  {
    id: 'ke-04',
    by: 'emp-aisha',
    at: '2025-10-07 16:10',
    ch: 'CHAT',
    tp: 'SUPPORT',
    dir: 'INBOUND',
    s: -0.5,
    q: [4, 2],
    sum: "Ninth Kestrel contact this quarter about jobs not reaching engineers' phones",
    body:
      "Jobs added after 15:00 do not reach engineers' phones until they restart the app. Ninth contact this quarter; each time the fix was a restart or a settings change. " +
      'Aisha flagged the account for a cost-to-serve review.',
    needs: ['need-trust-support'],
    topics: ['mobile-app', 'support-responsiveness', 'dispatch-scheduling'],
  },
  {
    id: 'ke-05',
    by: 'emp-sofia',
    at: '2026-01-13 11:00',
    ch: 'MEETING',
    tp: 'RENEWAL',
    dir: 'OUTBOUND',
    s: -0.3,
    q: [4, 3],
    sum: 'Kestrel renews for one year at the same price but asks for a cheaper plan without hardware',
    body:
      "Renewal for one year at the same price. Kestrel's owner thinks he pays for features he does not use and wants a plan without handhelds, " +
      'since engineers could use their own phones. Sofia promised a proposal by March.',
    needs: ['need-simple-pricing'],
    topics: ['renewal', 'pricing', 'hardware-devices'],
  },
  {
    id: 'ke-06',
    by: 'emp-tomas',
    at: '2026-04-02 07:55',
    ch: 'EMAIL',
    tp: 'BILLING',
    dir: 'INBOUND',
    s: -0.9,
    q: [4, 1],
    sum: "Kestrel's card payment failed and the dunning automation suspended the account for a morning",
    body:
      "Kestrel's company card expired. After two failed payments the dunning automation suspended the account on 1 April, and 14 engineers could not see their jobs " +
      'for a morning. The owner wrote: "Three years of paying and you switch us off without a phone call."',
    needs: ['need-no-billing-surprises', 'need-trust-support'],
    topics: ['billing', 'support-responsiveness'],
  },
  {
    id: 'ke-07',
    by: 'emp-sofia',
    at: '2026-04-03 09:00',
    ch: 'PHONE',
    tp: 'BILLING',
    dir: 'OUTBOUND',
    s: 0.1,
    q: [4, 3],
    sum: 'Sofia apologises to Kestrel; account reinstated, April waived, dunning now calls the account manager first',
    body:
      "The account was reinstated within an hour of the email. Sofia called the owner to apologise and waived April's fee. " +
      'Finance changed the dunning rule: accounts with an owner get a call from the account manager before any suspension.',
    needs: ['need-trust-support'],
    topics: ['billing', 'account-management'],
  },
  {
    id: 'ke-08',
    by: 'emp-priya',
    at: '2026-07-14 12:00',
    ch: 'SURVEY',
    tp: 'FEEDBACK',
    dir: 'INBOUND',
    s: -0.7,
    q: [4, 2],
    sum: 'Kestrel survey: NPS 3, "too many calls to get anything fixed"',
    body: 'NPS 3. Comment: "The system does the job when it works. Too many calls to get anything fixed, and every call is a new person."',
    needs: ['need-trust-support'],
    topics: ['support-responsiveness'],
  },
  {
    id: 'ke-09',
    by: 'emp-jonas',
    at: '2026-09-08 10:00',
    ch: 'VIDEO_CALL',
    tp: 'FEEDBACK',
    dir: 'OUTBOUND',
    s: -0.3,
    q: [4, 3],
    sum: 'Success plan with Kestrel: dispatcher training and a named support contact; they are looking at alternatives',
    body:
      'Jonas and Sofia proposed a success plan: three short training sessions for dispatchers, Tomás as named support contact and a monthly check-in. ' +
      'The owner accepted but said openly that he has had two demos from other vendors.',
    needs: ['need-fast-onboarding', 'need-trust-support'],
    topics: ['training', 'account-management', 'support-responsiveness'],
  },
  {
    id: 'ke-10',
    by: 'emp-tomas',
    at: '2026-11-05 08:10',
    ch: 'PHONE',
    tp: 'SUPPORT',
    dir: 'INBOUND',
    s: -0.8,
    q: [5, 1],
    sum: 'Job sync fails again at Kestrel; the owner says he will not renew in January unless it is fixed for good',
    body:
      "Same sync problem: afternoon jobs missing on engineers' phones, this time for two days. The owner said that if it is not fixed for good he will not renew in January. " +
      'Escalated to engineering with logs from three devices.',
    needs: ['need-trust-support'],
    topics: ['mobile-app', 'dispatch-scheduling', 'support-responsiveness'],
  },
]);

// -------------------------------------------------------------------------------------------
// Lena Vogel: an independent courier on Fieldline Go. Self-service sign-up, a public complaint
// answered fast, referrals, a price-change slip, and public praise.
const lena = story('cust-lena-vogel', [
  {
    id: 'lv-01',
    by: 'emp-nadia',
    at: '2025-02-04 20:15',
    ch: 'WEB',
    tp: 'SALES',
    dir: 'INBOUND',
    s: 0.4,
    q: [3, 4],
    sum: 'Lena Vogel starts a Fieldline Go trial from the website',
    body: 'Signed up for the 14-day trial after searching for a route planner for couriers. Self-employed parcel courier in Leipzig, 90 to 120 stops a day for two parcel networks.',
    needs: ['need-control-own-day'],
    topics: ['route-planning', 'mobile-app'],
  },
  {
    id: 'lv-02',
    by: 'emp-nadia',
    at: '2025-02-18 19:40',
    ch: 'CHAT',
    tp: 'ONBOARDING',
    dir: 'INBOUND',
    s: 0.0,
    q: [3, 3],
    sum: "Lena asks how to import stops from a parcel network's CSV manifest",
    body:
      'Lena receives her daily manifest as a CSV and had been typing addresses by hand. Nadia showed her the import and saved a column mapping. ' +
      'Lena: "Would have saved me an hour a day for the last two weeks."',
    needs: ['need-control-own-day'],
    topics: ['onboarding', 'route-planning'],
  },
  {
    id: 'lv-03',
    by: 'emp-tomas',
    at: '2025-04-09 14:05',
    ch: 'SOCIAL',
    tp: 'SUPPORT',
    dir: 'INBOUND',
    s: -0.7,
    q: [4, 2],
    sum: 'Lena posts on Instagram that Fieldline Go drains her phone battery by 2 pm',
    body:
      'Public post with a screenshot of her battery at 9% at 14:00 and the caption "great route planner, if you carry three power banks". ' +
      'Several couriers replied with the same experience.',
    needs: ['need-control-own-day'],
    topics: ['mobile-app', 'performance'],
  },
  {
    id: 'lv-04',
    by: 'emp-tomas',
    at: '2025-04-09 14:45',
    ch: 'SOCIAL',
    tp: 'SUPPORT',
    dir: 'OUTBOUND',
    s: 0.3,
    q: [4, 4],
    sum: 'Public reply to Lena within 40 minutes: switch GPS to balanced mode; she confirms a full day on one charge',
    body:
      'Tomás replied publicly and then by direct message: high-accuracy GPS was on by default. In balanced mode her battery lasted the whole next day. ' +
      'She updated her post: "fixed in 40 minutes, respect".',
    needs: ['need-control-own-day'],
    topics: ['mobile-app', 'support-responsiveness'],
  },
  {
    id: 'lv-05',
    by: 'emp-elena',
    at: '2025-06-25 21:10',
    ch: 'EMAIL',
    tp: 'FEEDBACK',
    dir: 'INBOUND',
    s: 0.2,
    q: [3, 3],
    sum: 'Lena suggests routes that leave room for a lunch break, and a reminder after four hours of driving',
    body:
      'Lena writes that the optimiser packs her day so tightly that she eats in the van. She would like to set a 30-minute break the route plans around, ' +
      'and a reminder when she has driven four hours without a stop.',
    needs: ['need-control-own-day'],
    topics: ['route-planning', 'mobile-app'],
  },
  {
    id: 'lv-06',
    by: 'emp-nadia',
    at: '2025-08-12 12:00',
    ch: 'WEB',
    tp: 'SALES',
    dir: 'INBOUND',
    s: 0.6,
    q: [3, 4],
    sum: "Two Leipzig couriers sign up through Lena's referral link",
    body:
      "Marco Bellini and Yara Costa signed up with Lena's referral code in the same week; both deliver for the same parcel network. " +
      'Lena gets a free month for each referral that becomes a paying customer.',
    needs: ['need-peer-community'],
    topics: ['user-community', 'pricing'],
  },
  {
    id: 'lv-07',
    by: 'emp-priya',
    at: '2025-11-20 18:00',
    ch: 'SURVEY',
    tp: 'FEEDBACK',
    dir: 'INBOUND',
    s: 0.7,
    q: [4, 4],
    sum: 'Lena\'s survey: 9/10, offline maps in the industrial area without signal are "the best feature"',
    body: 'Score 9. "Offline maps saved me in the industrial area where there is no signal. Please keep the price fair for one-person businesses."',
    needs: ['need-offline-routing', 'need-simple-pricing'],
    topics: ['offline-mode', 'pricing'],
  },
  {
    id: 'lv-08',
    by: 'emp-tomas',
    at: '2026-03-02 08:30',
    ch: 'CHAT',
    tp: 'BILLING',
    dir: 'INBOUND',
    s: -0.5,
    q: [4, 2],
    sum: 'Lena: annual plan renewed at EUR 349 instead of 299 without a notice she saw',
    body:
      'Her annual plan renewed at the new list price. The price-change email went to spam for many users. ' +
      '"I recommend you to everyone and you raise my price without telling me."',
    needs: ['need-no-billing-surprises'],
    topics: ['billing', 'pricing'],
  },
  {
    id: 'lv-09',
    by: 'emp-tomas',
    at: '2026-03-02 09:10',
    ch: 'CHAT',
    tp: 'BILLING',
    dir: 'OUTBOUND',
    s: 0.5,
    q: [4, 4],
    sum: 'Lena keeps her EUR 299 price for another year; the difference is refunded',
    body:
      'Refunded the EUR 50 difference and kept her price for another year as a thank-you for her referrals. ' +
      'She asked that price changes come by text message next time.',
    needs: ['need-no-billing-surprises'],
    topics: ['billing', 'customer-notifications'],
  },
  {
    id: 'lv-10',
    by: 'emp-nadia',
    at: '2026-08-19 20:30',
    ch: 'SOCIAL',
    tp: 'FEEDBACK',
    dir: 'INBOUND',
    s: 0.8,
    q: [3, 5],
    sum: 'Lena shares the ETA text her customers receive: "they think I\'m a big company now"',
    body:
      'Instagram story with a screenshot of the "your courier arrives in 10 minutes" text showing her name and photo. ' +
      'Caption: "customers think I\'m a big company now". About 60 likes, mostly from other couriers.',
    needs: ['need-look-professional'],
    topics: ['customer-notifications', 'user-community'],
  },
]);

// -------------------------------------------------------------------------------------------
// Meridian Water: a public-sector framework. Data residency, a GIS import that nearly derails
// go-live, emergency dispatching designed together, and a board that wants numbers.
const meridian = story('cust-meridian', [
  {
    id: 'me-01',
    by: 'emp-sofia',
    at: '2024-12-12 10:00',
    ch: 'MEETING',
    tp: 'SALES',
    dir: 'OUTBOUND',
    s: 0.5,
    q: [4, 4],
    sum: 'Meridian Water awards Fieldline its field-crew scheduling framework; EU data hosting is mandatory',
    body:
      'Meridian confirmed the award of a four-year framework for scheduling 140 field crews. Conditions: all data hosted in the EU, ' +
      'a data processing agreement on their template, and named support during storms.',
    needs: ['need-data-residency'],
    topics: ['compliance', 'data-privacy', 'contract-terms'],
  },
  {
    id: 'me-02',
    by: 'emp-jonas',
    at: '2025-02-05 09:00',
    ch: 'MEETING',
    tp: 'ONBOARDING',
    dir: 'OUTBOUND',
    s: 0.3,
    q: [4, 4],
    sum: 'Meridian onboarding workshop: 140 crews and a GIS import of the mains network',
    body:
      'Two-day workshop with the dispatch and GIS teams. The mains network (about 42,000 assets) must be imported so jobs sit on an asset rather than a street address. ' +
      'Samir Haddou is the day-to-day contact.',
    needs: ['need-fast-onboarding'],
    topics: ['onboarding', 'integration-api'],
  },
  {
    id: 'me-03',
    who: SAMIR,
    by: 'emp-jonas',
    at: '2025-03-19 14:00',
    ch: 'VIDEO_CALL',
    tp: 'ONBOARDING',
    dir: 'INBOUND',
    s: -0.4,
    q: [4, 2],
    sum: "GIS import misplaces 8% of Meridian's assets because of a coordinate system mismatch",
    body:
      'Samir reports about 3,400 assets in the wrong place on the map, some in the sea. Their GIS uses the national grid and our importer assumed WGS84 for one layer. ' +
      'Go-live is at risk.',
    needs: ['need-fast-onboarding'],
    topics: ['onboarding', 'integration-api'],
  },
  {
    id: 'me-04',
    who: SAMIR,
    by: 'emp-aisha',
    at: '2025-04-02 11:00',
    ch: 'EMAIL',
    tp: 'SUPPORT',
    dir: 'OUTBOUND',
    s: 0.4,
    q: [4, 4],
    sum: "Coordinate conversion fixed; all 42,000 of Meridian's assets imported correctly",
    body: "The importer now reads the projection of each layer. After a re-run, Samir's GIS team spot-checked 200 assets and found no errors. Go-live confirmed for 14 April.",
    needs: ['need-fast-onboarding'],
    topics: ['integration-api', 'support-responsiveness'],
  },
  {
    id: 'me-05',
    who: SAMIR,
    by: 'emp-tomas',
    at: '2025-06-18 07:30',
    ch: 'PHONE',
    tp: 'SUPPORT',
    dir: 'INBOUND',
    s: -0.3,
    q: [4, 2],
    sum: 'Samir: burst-main emergencies cannot jump the queue, so dispatchers re-plan by hand',
    body:
      'During a burst main on Monday, dispatchers moved 30 planned jobs by hand to free two crews: the scheduler cannot insert an emergency job ' +
      'with priority over everything else. Samir: "In a storm this will not scale."',
    needs: ['need-skills-scheduling'],
    topics: ['dispatch-scheduling'],
  },
  {
    id: 'me-06',
    who: SAMIR,
    by: 'emp-elena',
    at: '2025-09-23 13:00',
    ch: 'MEETING',
    tp: 'PRODUCT',
    dir: 'OUTBOUND',
    s: 0.5,
    q: [3, 4],
    sum: "Emergency priority override designed together with Meridian's dispatch team",
    body:
      "Half-day design session in Meridian's control room. Agreed an emergency job class that displaces planned work by rule (nearest qualified crew, never a crew mid-repair). " +
      "Samir's team tests it in November, before the storm season.",
    needs: ['need-skills-scheduling', 'need-feel-heard'],
    topics: ['dispatch-scheduling'],
  },
  {
    id: 'me-07',
    by: 'emp-sofia',
    at: '2026-01-15 10:00',
    ch: 'MEETING',
    tp: 'RENEWAL',
    dir: 'OUTBOUND',
    s: 0.3,
    q: [4, 3],
    sum: "Annual review: Meridian's board wants proof that Fieldline reduced crew overtime",
    body:
      'Year-one review. Dispatch is happy with emergency handling during the January storms. The board, however, wants evidence that overtime went down ' +
      'as the business case promised; without it the year-two call-off is uncertain.',
    needs: ['need-board-visibility', 'need-fleet-reporting'],
    topics: ['reporting-analytics', 'renewal', 'account-management'],
  },
  {
    id: 'me-08',
    by: 'emp-priya',
    at: '2026-03-26 16:00',
    ch: 'EMAIL',
    tp: 'PRODUCT',
    dir: 'OUTBOUND',
    s: 0.5,
    q: [4, 4],
    sum: "Monthly KPI pack for Meridian's board: overtime down 14%, first-time fix up 9 points",
    body:
      "Priya built a monthly KPI pack from Fieldline data and Meridian's payroll export: overtime hours down 14% year on year, first-time fix up from 71% to 80%. " +
      'Sofia sent it to the board secretary.',
    needs: ['need-board-visibility', 'need-fleet-reporting'],
    topics: ['reporting-analytics'],
  },
  {
    id: 'me-09',
    who: SAMIR,
    by: 'emp-aisha',
    at: '2026-06-09 08:40',
    ch: 'WEB',
    tp: 'SUPPORT',
    dir: 'INBOUND',
    s: -0.4,
    q: [4, 2],
    sum: 'Portal ticket: Meridian office staff stuck in an SSO login loop after an identity provider change',
    body:
      'Ticket via the support portal: since Meridian moved to a new identity provider, office staff are sent back to the login page in a loop. ' +
      'Crews on handhelds are not affected. Fixed the next morning by updating the signing certificate.',
    needs: ['need-sso'],
    topics: ['integration-api', 'data-privacy'],
  },
  {
    id: 'me-10',
    who: SAMIR,
    by: 'emp-jonas',
    at: '2026-10-13 14:00',
    ch: 'MEETING',
    tp: 'EVENT',
    dir: 'OUTBOUND',
    s: 0.8,
    q: [3, 5],
    sum: "Samir Haddou presents Meridian's storm-season dispatching at the public-sector user day",
    body:
      "Samir showed how emergency jobs are dispatched during storms. Two other utilities asked for a visit to Meridian's control room. " +
      "Harbour City's fleet manager was in the audience.",
    needs: ['need-peer-community'],
    topics: ['dispatch-scheduling', 'user-community'],
  },
]);

// -------------------------------------------------------------------------------------------
// Orchard Grocers: a referred prospect in a paid pilot; the co-op board decides on numbers.
const orchard = story('cust-orchard', [
  {
    id: 'or-01',
    who: MEGAN,
    by: 'emp-lukas',
    at: '2026-03-12 11:00',
    ch: 'PHONE',
    tp: 'SALES',
    dir: 'INBOUND',
    s: 0.5,
    q: [3, 4],
    sum: "Orchard Grocers calls on Beatriz Santos' recommendation: home delivery from 14 co-op stores",
    body:
      "Megan O'Neill, project lead at Orchard Grocers, got our name from Beatriz Santos at Castellan. The co-op wants to offer home delivery from 14 stores " +
      'with its own vans and needs delivery slots, routing and customer notifications.',
    needs: ['need-realtime-eta'],
    topics: ['route-planning', 'customer-notifications'],
  },
  {
    id: 'or-02',
    by: 'emp-lukas',
    at: '2026-04-08 10:00',
    ch: 'MEETING',
    tp: 'SALES',
    dir: 'OUTBOUND',
    s: 0.4,
    q: [4, 4],
    sum: 'Discovery workshop at Orchard: delivery slots, chilled goods and a greener-delivery promise',
    body:
      'Workshop with store managers. Members care about arriving inside the promised one-hour slot and about green delivery; the co-op wants to publish ' +
      'CO2 per delivery in its member magazine. Chilled items limit routes to 90 minutes.',
    needs: ['need-realtime-eta', 'need-sustainability-image', 'need-emissions-reporting', 'need-cold-chain-alerts'],
    topics: ['route-planning', 'sustainability', 'customer-notifications'],
  },
  {
    id: 'or-03',
    who: MEGAN,
    by: 'emp-lukas',
    at: '2026-05-20 15:00',
    ch: 'VIDEO_CALL',
    tp: 'SALES',
    dir: 'OUTBOUND',
    s: 0.1,
    q: [4, 3],
    sum: "Pilot proposal for three Orchard stores; Megan worries about the co-op board's approval",
    body:
      'Proposed a paid three-month pilot in three stores. Megan supports it, but the board meets quarterly and questions every new cost. ' +
      'She asked for a one-page case built on cost per drop, not on features.',
    needs: ['need-board-visibility'],
    topics: ['pricing', 'reporting-analytics'],
  },
  {
    id: 'or-04',
    by: 'emp-nadia',
    at: '2026-06-30 09:00',
    ch: 'MEETING',
    tp: 'ONBOARDING',
    dir: 'OUTBOUND',
    s: 0.5,
    q: [4, 4],
    sum: "Pilot kick-off at Orchard's Wexford store: six vans, slots live from 7 July",
    body:
      'Set up slots, vans and drivers for the Wexford, Gorey and Enniscorthy stores. Store staff were trained in an afternoon; ' +
      'drivers use their own phones with the driver app.',
    needs: ['need-fast-onboarding'],
    topics: ['onboarding', 'training'],
  },
  {
    id: 'or-05',
    who: MEGAN,
    by: 'emp-aisha',
    at: '2026-08-11 13:20',
    ch: 'CHAT',
    tp: 'SUPPORT',
    dir: 'INBOUND',
    s: -0.2,
    q: [3, 2],
    sum: 'Orchard: ETA texts go out in English only; some co-op members asked for Irish',
    body:
      'Megan reports complaints from members in Irish-speaking areas that ETA texts are only in English. ' +
      'Not a blocker for the pilot, but the co-op has a bilingual communications policy.',
    needs: ['need-realtime-eta'],
    topics: ['customer-notifications'],
  },
  {
    id: 'or-06',
    who: MEGAN,
    by: 'emp-lukas',
    at: '2026-09-22 14:00',
    ch: 'VIDEO_CALL',
    tp: 'FEEDBACK',
    dir: 'INBOUND',
    s: 0.5,
    q: [4, 4],
    sum: 'Pilot mid-review: 18% fewer late deliveries; the board now asks for cost per drop',
    body:
      'After ten weeks: late deliveries down 18% and 2.3 more drops per van shift. Members rate the ETA texts highly. ' +
      "The board's only question was cost per drop compared with their old courier contract.",
    needs: ['need-board-visibility', 'need-realtime-eta'],
    topics: ['reporting-analytics', 'customer-notifications', 'pricing'],
  },
  {
    id: 'or-07',
    by: 'emp-lukas',
    at: '2026-11-10 10:00',
    ch: 'MEETING',
    tp: 'SALES',
    dir: 'OUTBOUND',
    s: 0.3,
    q: [4, 4],
    sum: 'Commercial proposal for all 14 Orchard stores; the board decides in January',
    body:
      'Presented a price per van per month for 14 stores with CO2 reporting included. Cost per drop comes out 22% below their courier contract. ' +
      'Megan presents it to the board on 14 January.',
    needs: ['need-simple-pricing', 'need-emissions-reporting'],
    topics: ['pricing', 'sustainability'],
  },
]);

// -------------------------------------------------------------------------------------------
// Shorter threads for other accounts, cited by insights.
const castellan = story('cust-castellan', [
  {
    id: 'ca-01',
    by: 'emp-lukas',
    at: '2025-03-27 10:00',
    ch: 'MEETING',
    tp: 'RENEWAL',
    dir: 'OUTBOUND',
    s: 0.4,
    q: [4, 4],
    sum: 'Castellan renews and adds 30 vans for its new Valencia hub',
    body: 'Beatriz Santos confirmed the renewal and 30 more vans for the Valencia hub opening in June. They want the Madrid depot templates reused.',
    needs: ['need-multi-depot'],
    topics: ['renewal', 'route-planning'],
  },
  {
    id: 'ca-02',
    who: BEATRIZ,
    by: 'emp-jonas',
    at: '2025-05-28 13:00',
    ch: 'MEETING',
    tp: 'EVENT',
    dir: 'OUTBOUND',
    s: 0.7,
    q: [3, 5],
    sum: 'Beatriz Santos joins the user-day panel on retail replenishment',
    body:
      'Beatriz spoke on a panel about store replenishment windows. She mentioned that retail clients increasingly ask for emissions data in tenders ' +
      'and that Castellan has none to give.',
    needs: ['need-peer-community', 'need-emissions-reporting'],
    topics: ['user-community', 'sustainability'],
  },
  {
    id: 'ca-03',
    who: BEATRIZ,
    by: 'emp-elena',
    at: '2025-10-21 11:00',
    ch: 'VIDEO_CALL',
    tp: 'PRODUCT',
    dir: 'INBOUND',
    s: 0.3,
    q: [3, 4],
    sum: 'Castellan asks for CO2 per store delivery for a supermarket tender due in February',
    body: 'Beatriz needs CO2 per store delivery for a tender with a supermarket chain. She asked whether Fieldline data could support it and offered two planners to test a beta.',
    needs: ['need-emissions-reporting', 'need-sustainability-image'],
    topics: ['sustainability', 'reporting-analytics'],
  },
  {
    id: 'ca-04',
    by: 'emp-lukas',
    at: '2026-02-24 10:00',
    ch: 'MEETING',
    tp: 'SALES',
    dir: 'OUTBOUND',
    s: 0.6,
    q: [4, 4],
    sum: 'Castellan wins a supermarket tender using figures from the emissions beta',
    body:
      'Beatriz reports that Castellan won the supermarket tender; CO2 per delivery from the emissions beta was one of the scoring criteria. ' +
      'She is recommending us to a grocery co-op in Ireland.',
    needs: ['need-emissions-reporting', 'need-sustainability-image'],
    topics: ['sustainability', 'account-management'],
  },
  {
    id: 'ca-05',
    by: 'emp-aisha',
    at: '2026-07-07 09:30',
    ch: 'EMAIL',
    tp: 'SUPPORT',
    dir: 'INBOUND',
    s: -0.4,
    q: [4, 2],
    sum: 'Castellan: morning optimisation for Valencia takes 18 minutes during the summer peak',
    body:
      'Valencia dispatch reports that the morning optimisation takes 18 minutes instead of 4, and drivers wait at the hub. ' +
      'The solver queue for the region was under-provisioned; capacity was doubled the same day.',
    needs: ['need-peace-of-mind-peak'],
    topics: ['performance', 'route-planning'],
  },
]);

const aurora = story('cust-aurora', [
  {
    id: 'au-01',
    by: 'emp-nadia',
    at: '2025-02-18 10:00',
    ch: 'MEETING',
    tp: 'ONBOARDING',
    dir: 'OUTBOUND',
    s: 0.4,
    q: [4, 4],
    sum: 'Aurora rolls out the technician app to 210 fibre installers',
    body: "Wave two of Aurora's rollout: 210 fibre installers in three regions. Team leads trained on site; installers get a 15-minute video in the app.",
    needs: ['need-fast-onboarding'],
    topics: ['onboarding', 'training', 'mobile-app'],
  },
  {
    id: 'au-02',
    by: 'emp-elena',
    at: '2025-06-04 14:00',
    ch: 'VIDEO_CALL',
    tp: 'PRODUCT',
    dir: 'INBOUND',
    s: -0.2,
    q: [4, 3],
    sum: "Aurora's works council objects to continuous location tracking of technicians",
    body:
      "Aurora's works council will not approve live location tracking outside job hours. Live ETAs for Aurora's subscribers are on hold " +
      'until tracking can be limited to the time between "on my way" and "job done".',
    needs: ['need-driver-fairness', 'need-realtime-eta'],
    topics: ['data-privacy', 'customer-notifications', 'mobile-app'],
  },
  {
    id: 'au-03',
    by: 'emp-elena',
    at: '2025-10-29 11:00',
    ch: 'MEETING',
    tp: 'PRODUCT',
    dir: 'OUTBOUND',
    s: 0.5,
    q: [4, 4],
    sum: "Job-scoped tracking approved by Aurora's works council; live ETAs to subscribers from November",
    body:
      'Presented tracking limited to active jobs, with location data deleted after 30 days. The works council approved it, ' +
      'and Aurora will send live ETAs to subscribers waiting for installations from November.',
    needs: ['need-driver-fairness', 'need-realtime-eta'],
    topics: ['data-privacy', 'customer-notifications'],
  },
]);

const greywell = story('cust-greywell', [
  {
    id: 'gw-01',
    by: 'emp-sofia',
    at: '2024-12-17 11:00',
    ch: 'PHONE',
    tp: 'SALES',
    dir: 'INBOUND',
    s: 0.6,
    q: [3, 4],
    sum: "Greywell's operations lead recommends Fieldline to Helio Solar's owner",
    body:
      "Greywell's operations lead called to say he introduced us to the owner of Helio Solar, whom he knows from a trade association. " +
      'He asked whether referrals earn anything; Sofia offered a free training day.',
    topics: ['account-management', 'user-community'],
  },
  {
    id: 'gw-02',
    by: 'emp-jonas',
    at: '2025-05-06 16:00',
    ch: 'MEETING',
    tp: 'EVENT',
    dir: 'OUTBOUND',
    s: 0.7,
    q: [3, 5],
    sum: 'Greywell speaks at the user day about planning maintenance rounds across 300 buildings',
    body:
      "Greywell's operations lead presented planned-maintenance rounds across 300 office buildings. He talked to several installers afterwards " +
      'and asked whether we run regional meetups.',
    needs: ['need-peer-community'],
    topics: ['user-community', 'dispatch-scheduling'],
  },
  {
    id: 'gw-03',
    by: 'emp-tomas',
    at: '2025-11-18 10:00',
    ch: 'EMAIL',
    tp: 'BILLING',
    dir: 'INBOUND',
    s: -0.3,
    q: [4, 2],
    sum: 'Greywell cannot reconcile the proration of 12 seats added mid-quarter',
    body: "Greywell's finance team cannot check the proration of 12 seats added on 17 October: the invoice shows one prorated amount without days or rates.",
    needs: ['need-clear-invoices'],
    topics: ['billing'],
  },
]);

const lumen = story('cust-lumen', [
  {
    id: 'lu-01',
    by: 'emp-jonas',
    at: '2026-05-19 10:00',
    ch: 'VIDEO_CALL',
    tp: 'FEEDBACK',
    dir: 'OUTBOUND',
    s: -0.1,
    q: [4, 3],
    sum: "Check-in with Lumen: engineers' app logins down 40% since March",
    body:
      "The usage report shows engineer logins down 40% since March. Lumen's service manager says some engineers went back to paper job sheets " +
      'because "the app asks too many questions on every job".',
    needs: ['need-fast-onboarding'],
    topics: ['mobile-app', 'reporting-analytics'],
  },
  {
    id: 'lu-02',
    by: 'emp-sofia',
    at: '2026-07-22 15:00',
    ch: 'EMAIL',
    tp: 'FEEDBACK',
    dir: 'INBOUND',
    s: -0.6,
    q: [4, 2],
    sum: 'Lumen complains that mandatory checklists slow engineers down on routine visits',
    body:
      "Lumen's service manager: the 22-question safety checklist is mandatory on every visit, including five-minute routine checks, so engineers skip the app. " +
      'He asks for shorter checklists per job type.',
    needs: ['need-control-own-day', 'need-feel-heard'],
    topics: ['mobile-app', 'compliance'],
  },
  {
    id: 'lu-03',
    by: 'emp-sofia',
    at: '2026-10-01 11:00',
    ch: 'PHONE',
    tp: 'RENEWAL',
    dir: 'OUTBOUND',
    s: -0.5,
    q: [4, 2],
    sum: 'Lumen wants to cut from 25 to 10 seats at renewal and will decide after a competitor demo',
    body:
      'Lumen wants to downgrade to 10 seats at the December renewal and has a competitor demo next week. ' +
      'Sofia offered to configure checklists per job type at no charge.',
    needs: ['need-simple-pricing'],
    topics: ['renewal', 'pricing'],
  },
]);

const quarry = story('cust-quarry', [
  {
    id: 'qu-01',
    by: 'emp-nadia',
    at: '2025-05-14 09:00',
    ch: 'PHONE',
    tp: 'BILLING',
    dir: 'INBOUND',
    s: -0.5,
    q: [3, 2],
    sum: 'Quarry Lane pays for the five-user minimum plan while only three people use it',
    body:
      "Quarry Lane's owner says they are three builders paying for five users because of the minimum plan. He uses the calendar and invoicing, not routing, " +
      'and asked for a smaller plan; none exists.',
    needs: ['need-simple-pricing'],
    topics: ['pricing', 'billing'],
  },
  {
    id: 'qu-02',
    by: 'emp-nadia',
    at: '2025-07-29 16:00',
    ch: 'EMAIL',
    tp: 'FEEDBACK',
    dir: 'INBOUND',
    s: -0.6,
    q: [3, 2],
    sum: 'Quarry Lane cancels at the end of August: "too big and too expensive for a three-person firm"',
    body:
      'Cancellation email: they move to a simple calendar app at a quarter of the price. He liked the support team, but "we are not a logistics company". ' +
      'Opted out of marketing contact.',
    needs: ['need-simple-pricing'],
    topics: ['pricing', 'renewal'],
  },
]);

const pim = story('cust-pim-de-boer', [
  {
    id: 'pd-01',
    by: 'emp-nadia',
    at: '2025-03-03 08:30',
    ch: 'PHONE',
    tp: 'ONBOARDING',
    dir: 'INBOUND',
    s: 0.2,
    q: [3, 4],
    sum: 'Pim de Boer sets up Fieldline Go for his plumbing business over the phone',
    body:
      'Pim, a self-employed plumber in Utrecht, wanted help entering his 180 regular customers. Nadia imported them from his spreadsheet in a 50-minute call. ' +
      'He prefers the phone to chat or email.',
    needs: ['need-fast-onboarding', 'need-look-professional'],
    topics: ['onboarding'],
  },
  {
    id: 'pd-02',
    by: 'emp-tomas',
    at: '2025-06-10 07:45',
    ch: 'PHONE',
    tp: 'SUPPORT',
    dir: 'INBOUND',
    s: -0.1,
    q: [3, 3],
    sum: 'Pim calls again about moving appointments: fourth call in two weeks',
    body: "Pim could not move tomorrow's appointments to another day. Tomás walked him through drag-and-drop for the fourth time in two weeks; each call lasts 20 to 30 minutes.",
    needs: ['need-control-own-day'],
    topics: ['mobile-app', 'training'],
  },
  {
    id: 'pd-03',
    by: 'emp-tomas',
    at: '2025-10-21 08:00',
    ch: 'PHONE',
    tp: 'SUPPORT',
    dir: 'INBOUND',
    s: -0.1,
    q: [3, 3],
    sum: '40-minute call with Pim to rebuild his quote template; fifth call this month',
    body:
      "Pim's quote template lost its logo after an update; rebuilt it with him on the phone in 40 minutes. Fifth call in October. " +
      'He is friendly and grateful, but support time now exceeds what his subscription pays.',
    needs: ['need-look-professional'],
    topics: ['support-responsiveness', 'training'],
  },
  {
    id: 'pd-04',
    by: 'emp-tomas',
    at: '2026-05-12 09:00',
    ch: 'PHONE',
    tp: 'BILLING',
    dir: 'INBOUND',
    s: -0.2,
    q: [3, 3],
    sum: 'Pim asks for a discount because he "only uses the calendar and the quotes"',
    body: 'Pim finds EUR 39 a month a lot for the features he uses and asked whether there is a light plan. Tomás logged the request and promised a call from Customer Success.',
    needs: ['need-simple-pricing'],
    topics: ['pricing', 'billing'],
  },
]);

const tobias = story('cust-tobias-engel', [
  {
    id: 'te-01',
    by: 'emp-tomas',
    at: '2026-06-23 10:00',
    ch: 'EMAIL',
    tp: 'BILLING',
    dir: 'OUTBOUND',
    s: -0.3,
    q: [3, 2],
    sum: "Two failed payments for Tobias Engel's subscription; his card has expired",
    body: 'Automated reminder followed by a personal email: the card expired in May and two payments failed. No reply yet; his logins dropped to once a week.',
    needs: ['need-no-billing-surprises'],
    topics: ['billing'],
  },
  {
    id: 'te-02',
    by: 'emp-nadia',
    at: '2026-09-30 19:00',
    ch: 'CHAT',
    tp: 'FEEDBACK',
    dir: 'INBOUND',
    s: -0.4,
    q: [3, 2],
    sum: 'Tobias thinks about cancelling: winter is slow for a mobile bike mechanic',
    body:
      'Tobias has almost no jobs from November to February and does not want to pay for an app he does not open. ' +
      'He would stay if he could pause the subscription for the winter.',
    needs: ['need-seasonal-pause', 'need-simple-pricing'],
    topics: ['pricing', 'billing'],
  },
]);

/** All hand-written interactions, in storyline order. */
export const storylines: DemoInteraction[] = [
  ...northwind,
  ...baltic,
  ...tidewater,
  ...helio,
  ...vantage,
  ...kestrel,
  ...lena,
  ...meridian,
  ...orchard,
  ...castellan,
  ...aurora,
  ...greywell,
  ...lumen,
  ...quarry,
  ...pim,
  ...tobias,
];
