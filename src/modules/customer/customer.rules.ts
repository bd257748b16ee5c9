/**
 * The rules about customers that both the API (customer.service.ts and the services that write
 * about customers) and the bulk importer (customer.import.ts and the other modules' import handlers,
 * which report them per line, in lower case and without a full stop) enforce: one home for each
 * rule and its message. The services say a reason as a sentence (`sentence` of common/errors.ts).
 */

/** Nothing more is written about an erased customer. `who`: how the customer is named ("customer 'x'", "holder 'y'"). */
export const erasedCustomer = (who: string) => `${who} has been erased; nothing more can be recorded about them`;

/** An organization's contact persons are its members; nobody is a member of themself. */
export const MEMBER_OF_ITSELF = 'a customer cannot be a member of itself';

/** Membership of an organization is for its contact persons: an organization is never a member. */
export const ONLY_PERSONS_ARE_MEMBERS = 'only a contact person (kind PERSON) can be a member of an organization';

/** Whether a customer of `kind` may be a member of an organization (else {@link ONLY_PERSONS_ARE_MEMBERS}). */
export const mayBeAMember = (kind: string) => kind === 'PERSON';

/** What a customer's organization must be, in the words of the API's refusal and the importer's. */
export const AN_ORGANIZATION = 'a customer of kind ORGANIZATION';

/** Whether a customer of `kind` (undefined: none found) can be another's organization (else {@link AN_ORGANIZATION}). */
export const isAnOrganization = (kind: string | null | undefined) => kind === 'ORGANIZATION';
