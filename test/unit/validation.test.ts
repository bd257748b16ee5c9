import 'reflect-metadata';
import { getMetadataStorage, IsDefined, MaxLength, validate, ValidationError } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import { validateArgument } from '../../src/common/validation';
import { CustomerListArgs } from '../../src/modules/customer/customer.args';
import { CreateCustomerInput } from '../../src/modules/customer/customer.inputs';
import { CustomerFilter } from '../../src/modules/customer/customer.type';
import { buildRapportSchema } from '../../src/server/schema';

/**
 * validateArgument (the schema's validation of every argument) skips the values that have nothing
 * for class-validator to check. Its verdict must be class-validator's own, with the API's options,
 * for every value: the same errors, or none.
 */
const OPTIONS = { skipMissingProperties: true, forbidUnknownValues: false };

class Required {
  @IsDefined()
  name?: string;
}

class Inherited extends CustomerFilter {
  @MaxLength(3)
  extra?: string;
}

const make = <T extends object>(type: new () => T, fields: Partial<T>): T => Object.assign(new type(), fields);

/** What validateArgument answers: null when it lets the value through, else the errors it rejects with. */
async function verdict(value: unknown): Promise<ValidationError[] | null> {
  try {
    await validateArgument(value);
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(ArgumentValidationError);
    return (e as ArgumentValidationError).extensions.validationErrors as unknown as ValidationError[];
  }
}

const longName = 'x'.repeat(201);

describe('validateArgument', () => {
  const cases: Array<[string, object]> = [
    ['page arguments without a filter', make(CustomerListArgs, { first: 10 })],
    ['page arguments with an empty filter', make(CustomerListArgs, { first: 10, filter: make(CustomerFilter, {}) })],
    ['page arguments with a valid filter', make(CustomerListArgs, { first: 10, filter: make(CustomerFilter, { nameContains: 'acme' }) })],
    [
      'page arguments with an oversized filter field',
      make(CustomerListArgs, { first: 10, filter: make(CustomerFilter, { nameContains: longName }) }),
    ],
    ['an input with an oversized field', make(CreateCustomerInput, { name: longName })],
    ['an input whose ruled fields are all missing', make(CreateCustomerInput, {})],
    ['a rule on a missing property that applies anyway (@IsDefined)', make(Required, {})],
    ['an inherited rule broken', make(Inherited, { nameContains: longName })],
    ['an own rule of a subclass broken', make(Inherited, { extra: 'four' })],
  ];

  it.each(cases)('answers as class-validator does for %s', async (_, value) => {
    const expected = await validate(value, OPTIONS);
    const got = await verdict(value);
    if (expected.length === 0) expect(got).toBeNull();
    else expect(JSON.stringify(got)).toEqual(JSON.stringify(expected));
  });

  it('rejects exactly the broken values above, and lets the rest through', async () => {
    const rejected = [];
    for (const [name, value] of cases) if ((await verdict(value)) !== null) rejected.push(name);
    expect(rejected).toEqual([
      'page arguments with an oversized filter field',
      'an input with an oversized field',
      'a rule on a missing property that applies anyway (@IsDefined)',
      'an inherited rule broken',
      'an own rule of a subclass broken',
    ]);
  });

  it('checks every object of a list, and passes scalars and lists of scalars through', async () => {
    expect(await verdict(['a', 'b'])).toBeNull();
    expect(await verdict('x'.repeat(10_000))).toBeNull();
    expect(await verdict(null)).toBeNull();
    expect(await verdict(Object.assign(Object.create(null), { name: longName }))).toBeNull();
    const list = [make(CreateCustomerInput, { name: 'Fine' }), make(CreateCustomerInput, { name: longName })];
    const errors = await verdict(list);
    expect(errors?.map((e) => [e.property, Object.keys(e.constraints ?? {})])).toEqual([['name', ['maxLength']]]);
  });
});

it('finds no asynchronous rule in the schema (validateArgument validates synchronously)', async () => {
  await buildRapportSchema(); // every module's argument and input classes are declared by now
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<Function, { target: Function; propertyName: string; constraintCls?: Function }[]>;
    getTargetValidatorConstraints(target: Function): { async: boolean }[];
  };
  const rules = [...storage.validationMetadatas.values()].flat();
  expect(rules.length).toBeGreaterThan(50);
  const asynchronous = rules
    .filter((r) => r.constraintCls && storage.getTargetValidatorConstraints(r.constraintCls).some((c) => c.async))
    .map((r) => `${r.target.name}.${r.propertyName}`);
  expect(asynchronous).toEqual([]);
});
