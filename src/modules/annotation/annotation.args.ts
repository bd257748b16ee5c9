import { MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { filteredPageArgsOf, OrderDirection } from '../../common/connection';
import { AnnotationKind } from './annotation.type';

@InputType({ description: 'Narrows a list of annotations; every given field must hold (AND).' })
export class AnnotationFilter {
  @Field(() => ID, { nullable: true, description: 'Written by this employee.' })
  @MaxLength(100)
  authorId?: string;

  @Field(() => [AnnotationKind], { nullable: true, description: 'Of any of these kinds.' })
  kinds?: AnnotationKind[];
}

/** Arguments of a list of annotations (always oldest first, like a conversation). */
export const AnnotationListArgs = filteredPageArgsOf(AnnotationFilter);
export type AnnotationListArgs = InstanceType<typeof AnnotationListArgs>;

export const ANNOTATION_DEFAULT_ORDER = { field: 'CREATED_AT' as const, direction: OrderDirection.ASC };
