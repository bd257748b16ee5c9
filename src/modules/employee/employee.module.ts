import type { Reader } from '../../db/read-batcher';
import { byIdLoader, listLoader } from '../../common/loaders';
import type { ModuleDefinition } from '../module';
import { employeeList } from './employee.repository';
import { EmployeeResolver } from './employee.resolver';
import { EmployeeService } from './employee.service';
import type { Employee } from './employee.type';

/** Its DataLoaders, made for every request. */
const loaders = (reader: Reader) => ({
  byId: byIdLoader<Employee>(reader, 'Employee'),
  list: listLoader<Employee, keyof typeof employeeList.filters, keyof typeof employeeList.order>(reader, employeeList),
});

/** Employees: who handles interactions, owns accounts and writes insights; their access roles. */
export const employeeModule: ModuleDefinition<'employee', EmployeeService, ReturnType<typeof loaders>> = {
  name: 'employee',
  resolvers: [EmployeeResolver],
  service: ({ graph }) => new EmployeeService(graph),
  loaders,
};
