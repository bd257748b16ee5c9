import type { RecordChangedPayload } from '../../realtime/topics';
import { typeOfLabel } from './history.type';

/** The filters of `recordChanged` (and of webhooks on it): each one given narrows the stream (AND). */
export interface RecordChangedFilter {
  /** RecordType values. */
  recordTypes?: readonly string[] | null;
  /** RecordChangeKind values. */
  kinds?: readonly string[] | null;
  recordId?: string | null;
  customerId?: string | null;
}

/** Whether a `recordChanged` event passes `filter`. */
export const recordChangedFilter =
  (filter: RecordChangedFilter) =>
  (p: RecordChangedPayload): boolean =>
    (filter.recordTypes == null || filter.recordTypes.includes(typeOfLabel(p.recordType))) &&
    (filter.kinds == null || filter.kinds.includes(p.kind)) &&
    (filter.recordId == null || p.recordId === filter.recordId || p.otherId === filter.recordId) &&
    (filter.customerId == null || p.customerIds.includes(filter.customerId));
