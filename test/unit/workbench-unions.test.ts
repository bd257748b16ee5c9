import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildSchema, isUnionType } from 'graphql';
import { POSSIBLE_TYPES } from '../../web/src/possible-types';

it("the workbench's cache knows every union of the schema, with exactly its members", () => {
  const schema = buildSchema(readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8'));
  const unions = Object.fromEntries(
    Object.values(schema.getTypeMap())
      .filter(isUnionType)
      .map((u) => [
        u.name,
        u
          .getTypes()
          .map((t) => t.name)
          .sort(),
      ]),
  );
  const known = Object.fromEntries(Object.entries(POSSIBLE_TYPES).map(([k, v]) => [k, [...v].sort()]));
  expect(known).toEqual(unions);
});
