import { ArrayMaxSize, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { OrderDirection } from '../../common/connection';
import { NotBlank } from '../../common/validation';
import { CustomerOrder, CustomerOrderField, LifecycleStage, RelationshipType } from '../customer/customer.type';

/** The longest name of a saved view, in characters. */
export const MAX_VIEW_NAME_LENGTH = 80;
/** How many views one person may keep. */
export const MAX_VIEWS_PER_PERSON = 50;
/** The page sizes a view may keep (those the workbench offers). */
export const VIEW_PAGE_SIZES = [20, 50, 100] as const;

export enum SavedViewList {
  CUSTOMERS = 'CUSTOMERS',
}
registerEnumType(SavedViewList, {
  name: 'SavedViewList',
  description: 'The list a saved view is of.',
  valuesConfig: {
    CUSTOMERS: { description: 'The list of customers (`customers`): its filter, order and page size.' },
  },
});

@ObjectType({
  description: 'The filter a saved view keeps: the fields of `CustomerFilter` the workbench sets; every given one must hold (AND).',
})
export class SavedViewFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Part of the name, case-insensitive (`CustomerFilter.nameContains`); null: any name.',
  })
  nameContains!: string | null;

  @Field(() => [LifecycleStage], { nullable: true, description: 'Any of these lifecycle stages; null: any stage.' })
  lifecycleStages!: LifecycleStage[] | null;

  @Field(() => [RelationshipType], { nullable: true, description: 'Any of these relationship types; null: any.' })
  relationshipTypes!: RelationshipType[] | null;

  @Field(() => ID, { nullable: true, description: 'Members of this segment; null: any segment.' })
  segmentId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Customers who have this need; null: any.' })
  hasNeedId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Customers whose account this employee owns; null: any owner.' })
  ownerId!: string | null;
}

@InputType({
  description: 'The filter to keep in a saved view: the fields of `CustomerFilter` the workbench sets. Omitted fields are not filtered on.',
})
export class SavedViewFilterInput {
  @Field({ nullable: true, description: 'Part of the name, case-insensitive: at most 200 characters.' })
  @MaxLength(200)
  nameContains?: string;

  @Field(() => [LifecycleStage], { nullable: true, description: 'Any of these lifecycle stages (at most 4).' })
  @ArrayMaxSize(4)
  lifecycleStages?: LifecycleStage[];

  @Field(() => [RelationshipType], { nullable: true, description: 'Any of these relationship types (at most 2).' })
  @ArrayMaxSize(2)
  relationshipTypes?: RelationshipType[];

  @Field(() => ID, { nullable: true, description: 'Members of this segment.' })
  @MaxLength(100)
  segmentId?: string;

  @Field(() => ID, { nullable: true, description: 'Customers who have this need.' })
  @MaxLength(100)
  hasNeedId?: string;

  @Field(() => ID, { nullable: true, description: 'Customers whose account this employee owns.' })
  @MaxLength(100)
  ownerId?: string;
}

@ObjectType({ description: 'The order a saved view keeps (as `CustomerOrder`).' })
export class SavedViewOrder {
  @Field(() => CustomerOrderField, { description: 'What the list is sorted by.' })
  field!: CustomerOrderField;

  @Field(() => OrderDirection, { description: 'Ascending or descending.' })
  direction!: OrderDirection;
}

@ObjectType({
  description:
    'A list as one person arranged it (filter, order, page size), kept under a name in the graph for that person only: nobody else reads, changes or deletes it.',
})
export class SavedView {
  @Field(() => ID, { description: 'Opaque unique id.' })
  id!: string;

  @Field({ description: `Its name, unique among the person's views (case-insensitive): 1 to ${MAX_VIEW_NAME_LENGTH} characters.` })
  name!: string;

  @Field(() => SavedViewList, { description: 'Which list it arranges.' })
  list!: SavedViewList;

  @Field(() => SavedViewFilter, { description: 'The filter it keeps (every field null: the whole list).' })
  filter!: SavedViewFilter;

  @Field(() => SavedViewOrder, { description: 'The order it keeps.' })
  orderBy!: SavedViewOrder;

  @Field(() => Int, { description: `Rows per page: one of ${VIEW_PAGE_SIZES.join(', ')}.` })
  pageSize!: number;

  @Field(() => Date, { description: 'When it was first saved.' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When it was last saved (saving under an existing name replaces that view).' })
  updatedAt!: Date;
}

@InputType({
  description:
    'A view to keep for the signed-in person. A name they already use (case-insensitive) replaces that view; otherwise a new one is kept, up to ' +
    `${MAX_VIEWS_PER_PERSON} per person.`,
})
export class SaveViewInput {
  @Field({ description: `Its name: 1 to ${MAX_VIEW_NAME_LENGTH} characters, not only spaces (kept trimmed).` })
  @MaxLength(MAX_VIEW_NAME_LENGTH)
  @NotBlank()
  name!: string;

  @Field(() => SavedViewList, { description: 'Which list it arranges.' })
  list!: SavedViewList;

  @Field(() => SavedViewFilterInput, { nullable: true, description: 'The filter to keep; default: none (the whole list).' })
  @ValidateNested()
  filter?: SavedViewFilterInput;

  @Field(() => CustomerOrder, { nullable: true, description: 'The order to keep; default: by name, ascending.' })
  orderBy?: CustomerOrder;

  @Field(() => Int, { nullable: true, defaultValue: 20, description: `Rows per page: one of ${VIEW_PAGE_SIZES.join(', ')}; default 20.` })
  @Min(1)
  @Max(100)
  pageSize?: number;
}

@InputType({ description: "The saved view to delete: one of the signed-in person's own." })
export class DeleteSavedViewInput {
  @Field(() => ID, { description: "The id of the view; the id of a view that is not the caller's own is NOT_FOUND, as an unknown one." })
  @MaxLength(100)
  id!: string;
}
