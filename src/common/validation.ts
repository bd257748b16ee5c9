import { validate, ValidateBy, ValidationError, type ValidationOptions } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';

/**
 * The text holds at least one character that is not white space (what is stored is trimmed, so
 * "   " would become an empty string). With `{ each: true }` it checks every item of a list.
 */
export function NotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'notBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0,
        defaultMessage: (args) => `${args?.property ?? 'value'} must not be empty or only spaces`,
      },
    },
    options,
  );
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
    const errors = await validate(item as object, { skipMissingProperties: true, forbidUnknownValues: false });
    if (errors.length === 0) continue;
    const parent = new ValidationError();
    parent.property = String(k);
    parent.children = errors;
    failed.push(parent);
  }
  if (failed.length) throw new ArgumentValidationError(failed);
}
