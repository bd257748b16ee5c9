import { OrderDirection, pageArgsOf } from '../../common/connection';
import { EmployeeFilter, EmployeeOrder, EmployeeOrderField } from './employee.type';

/** Arguments of every list of employees, top-level or nested. */
export const EmployeeListArgs = pageArgsOf(EmployeeFilter, EmployeeOrder, 'by name, ascending');
export type EmployeeListArgs = InstanceType<typeof EmployeeListArgs>;

export const EMPLOYEE_DEFAULT_ORDER = { field: EmployeeOrderField.NAME, direction: OrderDirection.ASC };
