import type { InteractionRecordedPayload } from '../../realtime/topics';

/** The filters of `interactionRecorded` (and of webhooks on it): each one given narrows the stream (AND). */
export interface InteractionRecordedFilter {
  customerId?: string | null;
  employeeId?: string | null;
  channels?: readonly string[] | null;
}

/** Whether an `interactionRecorded` event passes `filter`. */
export const interactionRecordedFilter =
  (filter: InteractionRecordedFilter) =>
  (p: InteractionRecordedPayload): boolean =>
    (filter.customerId == null || p.customerId === filter.customerId) &&
    (filter.employeeId == null || p.handlerId === filter.employeeId) &&
    (filter.channels == null || filter.channels.includes(p.channel));
