import type { Reader } from '../../db/read-batcher';
import { byIdLoader, listLoader, relatedLoader } from '../../common/loaders';
import type { Employee } from '../employee/employee.type';
import type { ModuleDefinition } from '../module';
import type { Need } from '../need/need.type';
import type { Segment } from '../segment/segment.type';
import { customerList, customerRelations } from './customer.repository';
import { CustomerResolver } from './customer.resolver';
import { CustomerService } from './customer.service';
import type { Customer } from './customer.type';

/** Its DataLoaders, made for every request. */
const loaders = (reader: Reader) => ({
  byId: byIdLoader<Customer>(reader, 'Customer'),
  list: listLoader<Customer, keyof typeof customerList.filters, keyof typeof customerList.order>(reader, customerList),
  owners: relatedLoader<Employee>(reader, customerRelations.owners),
  segment: relatedLoader<Segment>(reader, customerRelations.segment),
  organization: relatedLoader<Customer>(reader, customerRelations.organization),
  referredBy: relatedLoader<Customer>(reader, customerRelations.referredBy),
  heldNeeds: relatedLoader<Need & { __rel: { intensity?: number; since?: Date } }>(reader, customerRelations.heldNeeds),
});

/** Customers: profile, value, relationship, who owns them. */
export const customerModule: ModuleDefinition<'customer', CustomerService, ReturnType<typeof loaders>> = {
  name: 'customer',
  resolvers: [CustomerResolver],
  service: ({ graph, events }) => new CustomerService(graph, events),
  loaders,
};
