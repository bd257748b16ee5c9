import type { GraphQLField } from 'graphql';
import { Extensions } from 'type-graphql';
import type { NestedField } from './hints';

/**
 * Look-ahead hints, on the fields they describe. Every field of a type the planner fetches says
 * what it reads of its node, with one of these decorators (a test fails for a field without one):
 *
 *   @Reads('revenue', 'costToServe')   the node properties the field's resolver reads
 *   @ReadsItself()                     the node property of the field's own name (`name` reads `name`)
 *   @Reads()                           nothing of the node but its id (relations, nested lists)
 *   @Ahead(related(...)) / @Ahead(page(...))  nothing but the id, and the planner may fetch the
 *                                      field ahead, exactly as its resolver's loader reads it
 *
 * They put a {@link FieldHint} in the field's extensions (type-graphql's `@Extensions`), where the
 * planner reads it from the schema.
 */

/** What a field reads of its node, and how the planner may fetch it ahead. */
export interface FieldHint {
  /** The node properties the field reads (`[its own name]`: that property alone, its id included). */
  reads: readonly string[];
  /** How the field is fetched ahead; absent: its resolver loads it. */
  nested?: NestedField;
}

/** The key of the hint in a field's extensions. */
const KEY = 'lookahead';

const hint = (value: FieldHint) => Extensions({ [KEY]: value });

/** The field reads these properties of its node (none: only its id). */
export const Reads = (...properties: string[]): PropertyDecorator & MethodDecorator => hint({ reads: properties });

/** The field reads the node property of its own name. */
export function ReadsItself(): PropertyDecorator & MethodDecorator {
  return (target: object, key: string | symbol) => {
    Reads(String(key))(target, key);
  };
}

/** The field reads only its node's id, and may be fetched ahead as `nested` says. */
export const Ahead = (nested: NestedField): PropertyDecorator & MethodDecorator => hint({ reads: [], nested });

/** The hint of a field of the schema; undefined when it has none (then its node reads all its properties). */
export const hintOf = (field: GraphQLField<unknown, unknown> | undefined): FieldHint | undefined =>
  field?.extensions?.[KEY] as FieldHint | undefined;
