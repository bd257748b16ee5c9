import {
  getMetadataStorage,
  validate,
  ValidationTypes,
  validateSync,
  ValidateBy,
  ValidationError,
  MaxLength,
  type ValidationOptions,
  type ValidatorOptions,
} from 'class-validator';
import { ArgumentValidationError, Field, ID } from 'type-graphql';

/** A character that shows: neither white space nor an invisible format character (a zero-width space, a joiner). */
export const VISIBLE = /[^\s\p{Cf}]/u;

/**
 * The text holds at least one character that shows: not only white space (what is stored is
 * trimmed, so "   " would become an empty string) nor only zero-width characters. With `{ each: true }` it checks every item of a list.
 */
export function NotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'notBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && VISIBLE.test(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must not be empty or only spaces`,
      },
    },
    options,
  );
}

/** A topic name's length as it is stored (trimmed, lower case), in characters. */
export const storedLength = (text: string) => [...text.trim().toLowerCase()].length;

/**
 * The text is at most `max` characters once lower-cased, as topic names are stored: lower-casing
 * can lengthen a text ("İ" becomes two characters). Counts characters, not UTF-16 units. Goes
 * with `@MaxLength(max)`, which reports a text too long as given. With `{ each: true }` it checks
 * every item of a list.
 */
export function MaxLengthLowerCased(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxLengthLowerCased',
      validator: {
        // A text already too long as given is @MaxLength's to report: one message per fault.
        validate: (value: unknown) => typeof value !== 'string' || [...value].length > max || storedLength(value) <= max,
        defaultMessage: (args) =>
          `${options?.each ? 'each value in ' : ''}${args?.property ?? 'value'} must be at most ${max} characters once lower-cased, as it is stored`,
      },
    },
    options,
  );
}

/** Skip validators of omitted (undefined or null) optional fields; check everything given. */
const VALIDATOR_OPTIONS: ValidatorOptions = { skipMissingProperties: true, forbidUnknownValues: false };

/**
 * Per argument class, what its class-validator rules (its own and inherited) can check: the
 * properties that carry a rule, or every value when a rule applies to missing properties too.
 */
interface Rules {
  always: boolean;
  properties: string[];
}
const rulesByClass = new Map<unknown, Rules>();

function rulesOf(type: unknown): Rules {
  let rules = rulesByClass.get(type);
  if (!rules) {
    const metadatas = getMetadataStorage().getTargetValidationMetadatas(type as Function, '', true, false);
    rules = {
      always: metadatas.some((m) => m.type === ValidationTypes.IS_DEFINED),
      properties: [...new Set(metadatas.map((m) => m.propertyName))],
    };
    rulesByClass.set(type, rules);
  }
  return rules;
}

/**
 * Whether class-validator could find anything wrong with `value`: with `skipMissingProperties`, a
 * property that is undefined or null is not checked (except by `@IsDefined`), so a value whose
 * ruled properties are all missing has nothing to check.
 */
function hasCheckedValues(value: object): boolean {
  // An object without a class (a null prototype) has no rules either.
  if (typeof value.constructor !== 'function') return false;
  const rules = rulesOf(value.constructor);
  return rules.always || rules.properties.some((p) => (value as Record<string, unknown>)[p] != null);
}

const isObject = (value: unknown): value is object => value !== null && typeof value === 'object';

/**
 * Whether an instance of an argument class passes the checks {@link validateArgument} makes, with
 * the same options, at once (rules that only run asynchronously are not run; this schema has none).
 * The look-ahead uses it to fetch a nested filtered page only when its resolver will accept it.
 */
export function passesValidation(value: object): boolean {
  return !hasCheckedValues(value) || validateSync(value, VALIDATOR_OPTIONS).length === 0;
}

/**
 * The schema's validation of every argument (`buildSchema`'s `validateFn`). It checks what
 * type-graphql's own validation checks, with the same options and the same error, and differs in
 * cost only: type-graphql's looks class-validator up with `require` on every call and has
 * class-validator search all its rules for the argument's class on every call, even when nothing
 * it would check is there (a nested page's `first` and `after` beside an omitted `filter`, for every
 * parent). This validates with the same options, and skips the values that have nothing to check.
 */
export async function validateArgument(value: unknown): Promise<void> {
  if (!isObject(value)) return;
  if (!Array.isArray(value)) applyRenames(value);
  const checked = (Array.isArray(value) ? value : [value]).filter((item): item is object => isObject(item) && hasCheckedValues(item));
  if (checked.length === 0) return;
  // validateSync: the same rules and errors without a promise per rule (no rule of this schema is
  // asynchronous: a custom constraint would be a @ValidatorConstraint, and src/ declares none).
  for (const item of checked) {
    const errors = validateSync(item, VALIDATOR_OPTIONS);
    if (errors.length) throw new ArgumentValidationError(errors);
  }
}

/**
 * Validates every item of a list argument, naming each invalid item by its position
 * (`3.summary`), where type-graphql's own validation of lists would name only the field. Use as
 * `@Arg(..., { validateFn: validateEachItem })`.
 */
export async function validateEachItem(value: unknown): Promise<void> {
  if (!Array.isArray(value)) return;
  const failed: ValidationError[] = [];
  for (const [k, item] of value.entries()) {
    const errors = await validate(item as object, VALIDATOR_OPTIONS);
    if (errors.length === 0) continue;
    const parent = new ValidationError();
    parent.property = String(k);
    parent.children = errors;
    failed.push(parent);
  }
  if (failed.length) throw new ArgumentValidationError(failed);
}

/**
 * Input fields renamed to follow the API's naming rule (docs/front-end.md), by input class: the
 * new name and the old one, which keeps working (deprecated) for one release. Filled by
 * {@link RenamedId}; applied by {@link validateArgument} before anything else looks at the input.
 */
const renamedFields = new Map<Function, { name: string; oldName: string; what: string }[]>();

/** The old name of a renamed field or argument, for its `deprecationReason`. */
export const renamedReason = (name: string) =>
  `Use \`${name}\` (renamed by the naming rule in docs/front-end.md); this old name goes in the next release.`;

/** What the `id` of an input renamed by {@link RenamedId} says in the schema, after what it names. */
export const renamedIdDescription = (description: string, oldName: string) =>
  `${description} Required (nullable in the schema only while \`${oldName}\`, its deprecated old name, is accepted).`;

/**
 * On an input class whose field naming the record acted on was called `oldName` until this release:
 * declares `id` (an ID, at most 100 characters) and `oldName` beside it, deprecated, and moves a
 * value given under the old name to `id` before the input is validated. One of the two must be
 * given, not both (BAD_USER_INPUT on `id`). `id` is nullable in the schema until the old name is
 * removed; the code may treat it as always given. `description` says what `id` names ("The insight
 * to annotate."), `what` the same for the error message ("the id of the insight").
 */
export function RenamedId(oldName: string, description: string, what: string): ClassDecorator {
  return (target) => {
    const prototype = target.prototype as object;
    Field(() => ID, { nullable: true, description: renamedIdDescription(description, oldName) })(prototype, 'id');
    MaxLength(100)(prototype, 'id');
    Field(() => ID, { nullable: true, deprecationReason: renamedReason('id'), description: 'Old name of `id`: give one or the other.' })(
      prototype,
      oldName,
    );
    MaxLength(100)(prototype, oldName);
    renamedFields.set(target, [...(renamedFields.get(target) ?? []), { name: 'id', oldName, what }]);
  };
}

/** Moves the values given under an old field name to the new one; throws when neither or both are given. */
function applyRenames(value: object): void {
  const renames = renamedFields.get(value.constructor);
  if (!renames) return;
  const record = value as Record<string, unknown>;
  for (const { name, oldName, what } of renames) {
    record[name] = renamedValue(record[name], record[oldName], name, oldName, what);
    delete record[oldName];
  }
}

/**
 * The value of a field or argument given under its name or its deprecated old name: one of the two
 * (BAD_USER_INPUT naming the field when neither or both are given).
 */
export function renamedValue<T>(
  value: T | null | undefined,
  oldValue: T | null | undefined,
  name: string,
  oldName: string,
  what: string,
): T {
  if (value != null && oldValue != null)
    throw fieldError(name, `${name} and ${oldName} (its deprecated old name) were both given; give ${name} only`);
  if (value != null) return value;
  if (oldValue != null) return oldValue;
  throw fieldError(name, `${name} must be given: ${what}`);
}

function fieldError(property: string, message: string): ArgumentValidationError {
  const error = new ValidationError();
  error.property = property;
  error.constraints = { renamed: message };
  return new ArgumentValidationError([error]);
}
