import type { Reader } from '../../db/read-batcher';
import DataLoader from 'dataloader';
import { byIdLoader, listLoader, relatedLoader } from '../../common/loaders';
import type { Customer } from '../customer/customer.type';
import type { Employee } from '../employee/employee.type';
import type { Interaction } from '../interaction/interaction.type';
import type { ModuleDefinition } from '../module';
import type { Need } from '../need/need.type';
import type { Segment } from '../segment/segment.type';
import { topicsOf } from '../topic/topic.repository';
import type { Topic } from '../topic/topic.type';
import { historyLoader } from './insight.history';
import { insightList, insightRelations, reviserIds } from './insight.repository';
import { InsightChangeResolver, InsightResolver } from './insight.resolver';
import { InsightService } from './insight.service';
import type { Insight } from './insight.type';

/** Its DataLoaders, made for every request. */
const loaders = (reader: Reader) => ({
  byId: byIdLoader<Insight>(reader, 'Insight'),
  list: listLoader<Insight, keyof typeof insightList.filters, keyof typeof insightList.order>(reader, insightList),
  author: relatedLoader<Employee>(reader, insightRelations.author),
  subjects: relatedLoader<Customer | Need | Segment>(reader, insightRelations.subjects),
  evidence: relatedLoader<Interaction>(reader, insightRelations.evidence),
  supersedes: relatedLoader<Insight>(reader, insightRelations.supersedes),
  supersededBy: relatedLoader<Insight>(reader, insightRelations.supersededBy),
  topics: relatedLoader<Topic>(reader, topicsOf('Insight')),
  history: historyLoader(reader),
  /** The ids of the people who revised each insight (see `reviserIds`). */
  revisers: new DataLoader<string, string[]>((ids) => reviserIds(reader, ids)),
});

/** Insights: knowledge learned from customers, proposed, reviewed, revised and annotated. */
export const insightModule: ModuleDefinition<'insight', InsightService, ReturnType<typeof loaders>> = {
  name: 'insight',
  resolvers: [InsightResolver, InsightChangeResolver],
  service: ({ graph, events }) => new InsightService(graph, events),
  loaders,
};
