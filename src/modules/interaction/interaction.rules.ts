import { FUTURE_SLACK_MS } from './interaction.type';

/**
 * The rules about interactions that both the API (interaction.service.ts) and the bulk importer
 * (interaction.import.ts, which reports them per line, in lower case and without a full stop)
 * enforce: one home for each rule and its message (the API says it as a sentence).
 */

/**
 * When an interaction happened (`time`, in ms) is not in the future, but for {@link FUTURE_SLACK_MS} of
 * difference between clocks. The API says "occurredAt cannot be in the future.", the importer
 * "occurredAt must not be in the future".
 */
export const inTheFuture = (time: number, now = Date.now()) => time > now + FUTURE_SLACK_MS;

/**
 * An interaction's external id is its identity in its source system: recording it again with
 * another customer is refused, not taken for a retry. `who`: how the id is named ("externalId 'x'").
 */
export const usedWithAnotherCustomer = (who: string) => `${who} is already used by an interaction with another customer`;
