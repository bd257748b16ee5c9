import type { Reader } from '../../db/read-batcher';
import { byIdLoader, listLoader } from '../../common/loaders';
import type { ModuleDefinition } from '../module';
import { recordChangeList } from './history.repository';
import { RecordChangedEventResolver, RecordChangeResolver } from './history.resolver';
import type { RecordChange } from './history.type';

/** Its DataLoaders, made for every request. */
const loaders = (reader: Reader) => ({
  byId: byIdLoader<RecordChange>(reader, 'RecordChange'),
  list: listLoader<RecordChange, keyof typeof recordChangeList.filters, keyof typeof recordChangeList.order>(reader, recordChangeList),
});

/** Histories of corrections: every edit, deletion, restore and merge of a record. */
export const historyModule: ModuleDefinition<'history', undefined, ReturnType<typeof loaders>> = {
  name: 'history',
  resolvers: [RecordChangeResolver, RecordChangedEventResolver],
  loaders,
};
