import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { AccessRole } from '../../graphql/access';
import { caller, type Context } from '../../graphql/context';
import { LearningRun, RunLearningInput } from './learning.type';

@Resolver()
export class LearningResolver {
  @Authorized(AccessRole.ADMIN)
  @Mutation(() => LearningRun, {
    description:
      'Runs the insight miners over the graph now (the same as `npm run learn`): new patterns become PROPOSED insights, earlier proposals are ' +
      'updated in place, insights a person validated, refuted or archived are left alone. Customers without analytics consent are left out. Needs ADMIN.',
  })
  runLearning(
    @Arg('input', () => RunLearningInput, { nullable: true, description: 'Which miners, and as of when; default: all, now.' })
    input: RunLearningInput | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.learning.run({ miners: input?.miners, asOf: input?.asOf }, caller(ctx));
  }
}
