import DataLoader from 'dataloader';
import type { Reader } from '../../db/read-batcher';
import { typeOfLabel } from '../history/history.type';
import type { ModuleDefinition } from '../module';
import { cascadedOf, linkedOutsideOf } from './deletion.repository';
import { DeletionResolver } from './deletion.resolver';
import { DeletionService } from './deletion.service';
import type { DeletedRecordRef, DeletedRecordType } from './deletion.type';

/** Its DataLoaders, made for every request (or subscription event). */
const loaders = (reader: Reader) => ({
  /** The records that went with each deletion. */
  cascaded: new DataLoader<string, DeletedRecordRef[]>(async (ids) =>
    (await cascadedOf(reader, ids)).map((refs) =>
      refs.map((r) => ({ recordType: typeOfLabel<DeletedRecordType>(r.recordType), recordId: r.recordId })),
    ),
  ),
  /** The records still there that each deletion's records were linked to ({@link linkedOutsideOf}). */
  linked: new DataLoader<string, string[]>((ids) => linkedOutsideOf(reader, ids)),
});

/** Deletion: soft deletion, restore, and purging after the retention. */
export const deletionModule: ModuleDefinition<'deletion', DeletionService, ReturnType<typeof loaders>> = {
  name: 'deletion',
  resolvers: [DeletionResolver],
  service: ({ graph, events, config }) => new DeletionService(graph, events, config.deletion),
  loaders,
};
