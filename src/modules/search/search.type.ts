import { createUnionType, Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { connectionOf } from '../../common/connection';
import { Customer } from '../customer/customer.type';
import { Insight } from '../insight/insight.type';
import { Interaction } from '../interaction/interaction.type';
import { Need } from '../need/need.type';
import { typeOfNode } from '../../common/union';

export enum SearchType {
  CUSTOMER = 'CUSTOMER',
  INTERACTION = 'INTERACTION',
  NEED = 'NEED',
  INSIGHT = 'INSIGHT',
}
registerEnumType(SearchType, {
  name: 'SearchType',
  description: 'A kind of thing `search` looks through.',
  valuesConfig: {
    CUSTOMER: { description: 'Customers, by name and email (by name only for a VIEWER; only customers with analytics consent).' },
    INTERACTION: {
      description: 'Interactions, by summary and content (by summary only for a VIEWER; only with customers who gave analytics consent).',
    },
    NEED: { description: 'Needs, by title and description (not a need whose every holder withheld analytics consent).' },
    INSIGHT: { description: 'Insights, by title and body (not an insight about any customer without analytics consent).' },
  },
});

export const SearchResult = createUnionType({
  name: 'SearchResult',
  description: 'What a search hit is: a customer, an interaction, a need or an insight.',
  types: () => [Customer, Interaction, Need, Insight] as const,
  resolveType: typeOfNode,
});

@ObjectType({ description: 'One search result: the thing found, how well it matches, and the passage that matched.' })
export class SearchHit {
  @Field(() => SearchType, { description: 'What kind of thing was found.' })
  type!: SearchType;

  @Field(() => Float, { description: 'Relevance from the full-text index (Lucene score, higher is better); hits are sorted by it.' })
  score!: number;

  @Field({
    description:
      'A passage of the matched text (at most about 160 characters) around the first search word it contains. Never personal data (email, interaction content) for a VIEWER, who does not search them either.',
  })
  snippet!: string;

  @Field(() => SearchResult, { description: 'The thing found.' })
  item!: typeof SearchResult;
}

export const SearchHitConnection = connectionOf(SearchHit, 'SearchHit', 'search hits');
