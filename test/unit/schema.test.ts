import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildRapportSchema, printRapportSchema } from '../../src/server/schema';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputField,
} from 'graphql';

describe('schema/schema.graphql', () => {
  it('is exactly the SDL printed from the code (run `npm run schema:print` after changing the API)', async () => {
    const committed = readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
    expect(committed).toBe(await printRapportSchema());
  });

  it('describes every type, field, argument, input field and enum value', async () => {
    const schema = await buildRapportSchema();
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const f of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
          if (!f.description) missing.push(`${type.name}.${f.name}`);
          for (const a of f.args) if (!a.description) missing.push(`${type.name}.${f.name}(${a.name})`);
        }
      }
      if (isInputObjectType(type)) {
        for (const f of Object.values(type.getFields()) as GraphQLInputField[]) if (!f.description) missing.push(`${type.name}.${f.name}`);
      }
      if (isEnumType(type)) for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
      if (isUnionType(type) && !type.description) missing.push(type.name);
    }
    expect(missing).toEqual([]);
  });
});
