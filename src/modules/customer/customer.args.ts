import { OrderDirection, pageArgsOf } from '../../common/connection';
import { CustomerFilter, CustomerOrder, CustomerOrderField } from './customer.type';

/** Arguments of every list of customers, top-level or nested. */
export const CustomerListArgs = pageArgsOf(CustomerFilter, CustomerOrder, 'by name, ascending');
export type CustomerListArgs = InstanceType<typeof CustomerListArgs>;

export const CUSTOMER_DEFAULT_ORDER = { field: CustomerOrderField.NAME, direction: OrderDirection.ASC };
