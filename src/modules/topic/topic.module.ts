import type { Reader } from '../../db/read-batcher';
import { byIdLoader, listLoader } from '../../common/loaders';
import type { ModuleDefinition } from '../module';
import { topicList } from './topic.repository';
import { TopicResolver } from './topic.resolver';
import { TopicService } from './topic.service';
import type { Topic } from './topic.type';

/** Its DataLoaders, made for every request. */
const loaders = (reader: Reader) => ({
  byId: byIdLoader<Topic>(reader, 'Topic'),
  list: listLoader<Topic, keyof typeof topicList.filters, keyof typeof topicList.order>(reader, topicList),
});

/** Topics: what interactions, needs and insights are about. */
export const topicModule: ModuleDefinition<'topic', TopicService, ReturnType<typeof loaders>> = {
  name: 'topic',
  resolvers: [TopicResolver],
  service: ({ graph, events }) => new TopicService(graph, events),
  loaders,
};
