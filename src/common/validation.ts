import { ValidateBy, type ValidationOptions } from 'class-validator';

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
