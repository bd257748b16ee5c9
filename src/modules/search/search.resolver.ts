import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { caller, type Context } from '../../graphql/context';
import { SearchHitConnection, SearchType } from './search.type';

@Resolver()
export class SearchResolver {
  @Authorized()
  @Query(() => SearchHitConnection, {
    description:
      'Ranked full-text search over customers, interactions, needs and insights: every word must occur (the last one also as a prefix, ' +
      'so "rout" finds "routing"). Punctuation and Lucene operators in the text are taken as word breaks, never as query syntax. ' +
      'Customers without analytics consent, interactions with them, insights about them and needs only they hold are left out. Each type contributes at most its best 1,000 hits.',
  })
  search(
    @Arg('query', { description: 'What to look for: words, at most 200 characters.' }) query: string,
    @Arg('types', () => [SearchType], { nullable: true, description: 'Only these kinds of things; default: all four.' })
    types: SearchType[] | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: 'How many hits to return: 0 to 100, default 20.' })
    first: number,
    @Arg('after', () => String, { nullable: true, description: 'Return the hits after this cursor (an `endCursor` of the same search).' })
    after: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.search.search({ query, types, first, after }, caller(ctx));
  }
}
