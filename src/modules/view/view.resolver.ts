import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { caller, type Context } from '../../graphql/context';
import { DeleteSavedViewInput, MAX_VIEWS_PER_PERSON, SavedView, SaveViewInput } from './view.type';

@Resolver(() => SavedView)
export class ViewResolver {
  @Authorized()
  @Query(() => [SavedView], {
    description: `The signed-in person's saved views (never anyone else's), by name; at most ${MAX_VIEWS_PER_PERSON}. Any role may keep views.`,
  })
  savedViews(@Ctx() ctx: Context) {
    return ctx.services.view.mine(caller(ctx));
  }

  @Authorized()
  @Mutation(() => SavedView, {
    description:
      "Keeps a view (a list's filter, order and page size) for the signed-in person under a name; a name they already use (case-insensitive) " +
      `is replaced. More than ${MAX_VIEWS_PER_PERSON} views, a blank or too long name, or a page size other than 20, 50 or 100: BAD_USER_INPUT. Any role.`,
  })
  saveView(
    @Arg('input', { description: 'The view; see SaveViewInput for each field, its limits and default.' }) input: SaveViewInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.view.save(input, caller(ctx));
  }

  @Authorized()
  @Mutation(() => SavedView, {
    description:
      "Deletes one of the signed-in person's saved views and returns it as it was. Another person's view, or an unknown id: NOT_FOUND. Any role.",
  })
  deleteSavedView(
    @Arg('input', { description: 'Which view; see DeleteSavedViewInput.' }) input: DeleteSavedViewInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.view.delete(input, caller(ctx));
  }
}
