import { ArrayMaxSize, ArrayMinSize, MaxLength } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageInfo } from '../../common/connection';
import { DuplicateReason } from './duplicates';

export { DuplicateReason };

registerEnumType(DuplicateReason, {
  name: 'DuplicateReason',
  description: 'Why two customers are probably one customer recorded twice.',
  valuesConfig: {
    SAME_EMAIL: { description: 'The same email address (trimmed, without regard to case).' },
    SAME_PHONE: {
      description: 'The same phone number, formatting ignored (at least 7 digits; `+49 30 1234567` is `030 1234567`).',
    },
    SIMILAR_NAME: {
      description:
        'Names that are the same after normalisation (case and accents folded, punctuation dropped, words in any order, a leading "the" ' +
        'and trailing legal forms dropped: "ACME Corp." is "Acme Corporation"), or a typo or two apart (one from 8 letters, two from 16; ' +
        'never in a number: "Store 12" is not "Store 13"). ' +
        'Names whose legal forms disagree (GmbH and AB) are not similar.',
    },
  },
});

/** Description of a merge's `reason`. */
const REASON = 'Why, in a sentence (up to 1,000 characters); kept in the history of both records.';

@InputType({ description: 'Merges one customer into another: the same customer recorded twice.' })
export class MergeCustomersInput {
  @Field(() => ID, { description: 'The customer that stays (its profile is kept; it takes over everything of the other).' })
  @MaxLength(100)
  survivorId!: string;

  @Field(() => ID, { description: 'The customer merged into the survivor: afterwards its id (and external id) stand for the survivor.' })
  @MaxLength(100)
  mergedId!: string;

  @Field(() => String, {
    nullable: true,
    description: `${REASON} Required of an ANALYST (BAD_USER_INPUT without one); optional for an ADMIN.`,
  })
  @MaxLength(1000)
  reason?: string | null;
}

@InputType({ description: 'Merges one need into another: the same need raised twice, under different titles.' })
export class MergeNeedsInput {
  @Field(() => ID, {
    description: 'The need that stays (its title, kind, priority and status are kept; it takes over everything of the other).',
  })
  @MaxLength(100)
  survivorId!: string;

  @Field(() => ID, { description: 'The need merged into the survivor: afterwards its id (and external id) stand for the survivor.' })
  @MaxLength(100)
  mergedId!: string;

  @Field(() => String, { nullable: true, description: `${REASON} Optional.` })
  @MaxLength(1000)
  reason?: string | null;
}

@InputType({ description: 'Two customers a person has looked at and found to be two customers, not one.' })
export class DismissDuplicateInput {
  @Field(() => [ID], { description: 'The two customers (in any order).' })
  @ArrayMinSize(2)
  @ArrayMaxSize(2)
  @MaxLength(100, { each: true })
  customerIds!: string[];
}

@ObjectType({
  description:
    'Two customers that are probably one customer recorded twice, with why: a person decides (mergeCustomers, or dismissDuplicate).',
})
export class DuplicateCandidate {
  /** The two ids, in id order (resolved as `customers`). */
  customerIds!: [string, string];

  @Field(() => [DuplicateReason], { description: 'Why they are probably the same, in the order SAME_EMAIL, SAME_PHONE, SIMILAR_NAME.' })
  reasons!: DuplicateReason[];

  @Field(() => Float, {
    description:
      'How likely they are the same customer, 0 to 1: each reason counts as independent evidence (the same email 0.9, phone 0.8, ' +
      'name 0.6 for organizations and 0.5 for persons, a name a typo or two apart 0.45 and 0.35), combined as 1 − Π(1 − evidence).',
  })
  score!: number;

  /** `<id>|<id>`: the pair's identity (cursors). */
  key!: string;
}

@ObjectType({ description: 'One possible duplicate, with its cursor.' })
export class DuplicateCandidateEdge {
  @Field({ description: 'Opaque cursor of this item; pass it as `after` to get the items that follow it.' })
  cursor!: string;

  @Field(() => DuplicateCandidate, { description: 'The item.' })
  node!: DuplicateCandidate;
}

@ObjectType({ description: 'A page of possible duplicates, most likely first.' })
export class DuplicateCandidateConnection {
  @Field(() => [DuplicateCandidateEdge], { description: 'The items of this page, in list order.' })
  edges!: DuplicateCandidateEdge[];

  @Field(() => PageInfo, { description: 'Where this page sits in the list.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many possible duplicates there are in all pages (cursors ignored).' })
  totalCount!: number;
}

@ArgsType()
export class DuplicateCandidateArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_PAGE_SIZE,
    description: `How many items to return, 0 to ${MAX_PAGE_SIZE}. Default (also when null): ${DEFAULT_PAGE_SIZE}.`,
  })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Return the items after this cursor (an `endCursor` or edge `cursor` of this list). A string this list did not issue is BAD_USER_INPUT.',
  })
  after?: string | null;
}

@ObjectType({ description: 'A pair of customers a person found to be two customers: no longer listed as a possible duplicate.' })
export class DismissedDuplicate {
  /** The two ids (resolved as `customers`). */
  customerIds!: string[];

  @Field(() => Date, { description: 'When it was first dismissed.' })
  dismissedAt!: Date;

  /** Who dismissed it (resolved as `dismissedBy`). */
  dismissedById!: string;
}
