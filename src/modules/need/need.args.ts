import { OrderDirection, pageArgsOf } from '../../common/connection';
import { NeedFilter, NeedOrder, NeedOrderField } from './need.type';

/** Arguments of every list of needs, top-level or nested. */
export const NeedListArgs = pageArgsOf(NeedFilter, NeedOrder, 'newest first (CREATED_AT, DESC)');
export type NeedListArgs = InstanceType<typeof NeedListArgs>;

export const NEED_DEFAULT_ORDER = { field: NeedOrderField.CREATED_AT, direction: OrderDirection.DESC };
