import type { Reader } from '../../db/read-batcher';
import { byIdLoader, listLoader } from '../../common/loaders';
import type { ModuleDefinition } from '../module';
import { auditList } from './audit.repository';
import { AuditResolver } from './audit.resolver';
import type { AuditEntry } from './audit.type';

/** Its DataLoaders, made for every request. */
const loaders = (reader: Reader) => ({
  byId: byIdLoader<AuditEntry>(reader, 'AuditEntry'),
  list: listLoader<AuditEntry, keyof typeof auditList.filters, keyof typeof auditList.order>(reader, auditList),
});

/** The audit trail: who did what, when. */
export const auditModule: ModuleDefinition<'audit', undefined, ReturnType<typeof loaders>> = {
  name: 'audit',
  resolvers: [AuditResolver],
  loaders,
};
