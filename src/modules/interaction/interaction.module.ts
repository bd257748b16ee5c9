import type { Reader } from '../../db/read-batcher';
import { byIdLoader, listLoader, relatedLoader } from '../../common/loaders';
import type { Customer } from '../customer/customer.type';
import type { Employee } from '../employee/employee.type';
import type { ModuleDefinition } from '../module';
import type { Need } from '../need/need.type';
import { topicsOf } from '../topic/topic.repository';
import type { Topic } from '../topic/topic.type';
import { interactionList, interactionRelations } from './interaction.repository';
import { InteractionRecordedEventResolver, InteractionResolver } from './interaction.resolver';
import { InteractionService } from './interaction.service';
import type { Interaction } from './interaction.type';

/** Its DataLoaders, made for every request. */
const loaders = (reader: Reader) => ({
  byId: byIdLoader<Interaction>(reader, 'Interaction'),
  list: listLoader<Interaction, keyof typeof interactionList.filters, keyof typeof interactionList.order>(reader, interactionList),
  customer: relatedLoader<Customer>(reader, interactionRelations.customer),
  handler: relatedLoader<Employee>(reader, interactionRelations.handler),
  needs: relatedLoader<Need>(reader, interactionRelations.needs),
  topics: relatedLoader<Topic>(reader, topicsOf('Interaction')),
});

/** Interactions: what customers told us, at which touchpoint, through which channel. */
export const interactionModule: ModuleDefinition<'interaction', InteractionService, ReturnType<typeof loaders>> = {
  name: 'interaction',
  resolvers: [InteractionResolver, InteractionRecordedEventResolver],
  service: ({ graph, events }) => new InteractionService(graph, events),
  loaders,
};
