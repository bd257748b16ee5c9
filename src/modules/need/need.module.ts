import type { Reader } from '../../db/read-batcher';
import { byIdLoader, listLoader, relatedLoader } from '../../common/loaders';
import type { ModuleDefinition } from '../module';
import { topicsOf } from '../topic/topic.repository';
import type { Topic } from '../topic/topic.type';
import { needList } from './need.repository';
import { NeedRaisedEventResolver, NeedResolver } from './need.resolver';
import { NeedService } from './need.service';
import type { Need } from './need.type';

/** Its DataLoaders, made for every request. */
const loaders = (reader: Reader) => ({
  byId: byIdLoader<Need>(reader, 'Need'),
  list: listLoader<Need, keyof typeof needList.filters, keyof typeof needList.order>(reader, needList),
  topics: relatedLoader<Topic>(reader, topicsOf('Need')),
});

/** Needs: what customers need, who holds them and how strongly. */
export const needModule: ModuleDefinition<'need', NeedService, ReturnType<typeof loaders>> = {
  name: 'need',
  resolvers: [NeedResolver, NeedRaisedEventResolver],
  service: ({ graph, events }) => new NeedService(graph, events),
  loaders,
};
