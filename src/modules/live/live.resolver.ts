import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';

@Resolver()
export class LiveResolver {
  @Authorized()
  @Query(() => String, {
    description:
      'The cursor of the event log as it stands now (after the last event committed). Give it as `after` when you subscribe, and ' +
      'keep it until the first event brings a newer one: a connection that drops before any event then resumes from here, ' +
      'without missing what was committed meanwhile. Read the data you show first, then this cursor, then subscribe: nothing ' +
      'committed after the read is lost. Any role.',
  })
  eventCursor(@Ctx() ctx: Context): Promise<string> {
    return ctx.events.cursorNow();
  }
}
