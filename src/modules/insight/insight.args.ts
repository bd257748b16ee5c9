import { OrderDirection, pageArgsOf } from '../../common/connection';
import { InsightFilter, InsightOrder, InsightOrderField } from './insight.type';

/** Arguments of every list of insights, top-level or nested. */
export const InsightListArgs = pageArgsOf(InsightFilter, InsightOrder, 'newest first (CREATED_AT, DESC)');
export type InsightListArgs = InstanceType<typeof InsightListArgs>;

export const INSIGHT_DEFAULT_ORDER = { field: InsightOrderField.CREATED_AT, direction: OrderDirection.DESC };
