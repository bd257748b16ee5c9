import { OrderDirection, pageArgsOf } from '../../common/connection';
import { InteractionFilter, InteractionOrder, InteractionOrderField } from './interaction.type';

/** Arguments of every list of interactions, top-level or nested. */
export const InteractionListArgs = pageArgsOf(InteractionFilter, InteractionOrder, 'newest first (OCCURRED_AT, DESC)');
export type InteractionListArgs = InstanceType<typeof InteractionListArgs>;

export const INTERACTION_DEFAULT_ORDER = { field: InteractionOrderField.OCCURRED_AT, direction: OrderDirection.DESC };
