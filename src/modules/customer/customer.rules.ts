/**
 * The words of the rules about customers that both the API (customer.service.ts and the services
 * that write about customers) and the bulk importer (import/importer.ts, which reports them per
 * line, in lower case and without a full stop) enforce: one home for each message.
 */

/** Nothing more is written about an erased customer. `who`: how the customer is named ("customer 'x'", "holder 'y'"). */
export const erasedCustomer = (who: string) => `${who} has been erased; nothing more can be recorded about them`;

/** An organization's contact persons are its members; nobody is a member of themself. */
export const MEMBER_OF_ITSELF = 'a customer cannot be a member of itself';

/** A reason as the API says it: a sentence. */
export const sentence = (reason: string) => `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`;
