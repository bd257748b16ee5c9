import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../db/local-neo4j';
import { printRapportSchema } from '../server/schema';

/** `npm run schema:print`: writes the SDL printed from the code to schema/schema.graphql. */
printRapportSchema()
  .then((sdl) => {
    const file = path.join(projectRoot(), 'schema', 'schema.graphql');
    writeFileSync(file, sdl);
    process.stdout.write(`Wrote ${path.relative(process.cwd(), file)} (${sdl.length} characters).\n`);
  })
  .catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
