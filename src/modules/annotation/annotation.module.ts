import type { Reader } from '../../db/read-batcher';
import { byIdLoader, listLoader, relatedLoader } from '../../common/loaders';
import type { Employee } from '../employee/employee.type';
import type { Insight } from '../insight/insight.type';
import type { ModuleDefinition } from '../module';
import { annotationList, annotationRelations } from './annotation.repository';
import { AnnotationResolver } from './annotation.resolver';
import { AnnotationService } from './annotation.service';
import type { Annotation } from './annotation.type';

/** Its DataLoaders, made for every request. */
const loaders = (reader: Reader) => ({
  byId: byIdLoader<Annotation>(reader, 'Annotation'),
  list: listLoader<Annotation, keyof typeof annotationList.filters, keyof typeof annotationList.order>(reader, annotationList),
  author: relatedLoader<Employee>(reader, annotationRelations.author),
  insight: relatedLoader<Insight>(reader, annotationRelations.insight),
});

/** Annotations: comments, endorsements and challenges on insights. */
export const annotationModule: ModuleDefinition<'annotation', AnnotationService, ReturnType<typeof loaders>> = {
  name: 'annotation',
  resolvers: [AnnotationResolver],
  service: ({ graph, events }) => new AnnotationService(graph, events),
  loaders,
};
