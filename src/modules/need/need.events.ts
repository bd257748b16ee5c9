import type { NeedRaisedPayload } from '../../realtime/topics';

/** The filter of `needRaised` (and of webhooks on it). */
export interface NeedRaisedFilter {
  customerId?: string | null;
}

/** Whether a `needRaised` event passes `filter`. */
export const needRaisedFilter =
  (filter: NeedRaisedFilter) =>
  (p: NeedRaisedPayload): boolean =>
    filter.customerId == null || p.customerId === filter.customerId;
