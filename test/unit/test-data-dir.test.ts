import * as path from 'node:path';
import { projectRoot } from '../../src/db/local-neo4j';
import { testDataDir } from '../global-setup';

/** The tests wipe their data folder at every run: it can only be a folder inside `.neo4j`. */
const neo4jDir = path.join(projectRoot(), '.neo4j');

it('empty gives the default folder; a folder inside .neo4j is taken as given', () => {
  expect(testDataDir('')).toBe(path.join(neo4jDir, 'test'));
  expect(testDataDir('.neo4j/test-main')).toBe(path.join(neo4jDir, 'test-main'));
  expect(testDataDir(path.join(neo4jDir, 'other'))).toBe(path.join(neo4jDir, 'other'));
});

it.each(['.', '.neo4j', '.neo4j/..', 'src', '..', '/', '/tmp/x', '.neo4j-other/test'])(
  'refuses "%s", which is not inside .neo4j',
  (given) => {
    expect(() => testDataDir(given)).toThrow(
      `RAPPORT_TEST_DATA_DIR must name a folder inside ${neo4jDir}${path.sep} (the tests wipe it at every run), not "${given}".`,
    );
  },
);
