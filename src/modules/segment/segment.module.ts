import type { Reader } from '../../db/read-batcher';
import { byIdLoader, listLoader } from '../../common/loaders';
import type { ModuleDefinition } from '../module';
import { segmentList } from './segment.repository';
import { SegmentResolver } from './segment.resolver';
import { SegmentService } from './segment.service';
import type { Segment } from './segment.type';

/** Its DataLoaders, made for every request. */
const loaders = (reader: Reader) => ({
  byId: byIdLoader<Segment>(reader, 'Segment'),
  list: listLoader<Segment, keyof typeof segmentList.filters, keyof typeof segmentList.order>(reader, segmentList),
});

/** Segments: groups of customers served alike. */
export const segmentModule: ModuleDefinition<'segment', SegmentService, ReturnType<typeof loaders>> = {
  name: 'segment',
  resolvers: [SegmentResolver],
  service: ({ graph, events }) => new SegmentService(graph, events),
  loaders,
};
