import { createServer } from 'node:http';
import neo4j from 'neo4j-driver';
import { READS } from './reads';

/**
 * The benchmark's baseline: the same reads as hand-written Cypher through neo4j-driver, served
 * over bare HTTP (no GraphQL, no auth, no validation) so that autocannon measures both sides the
 * same way. POST /<read index> with the Cypher parameters as the JSON body. Run by `npm run bench`
 * as its own process, like the API server.
 *
 * Each read is one auto-commit statement (`session.run`), like the API's reads: one round trip.
 * A managed transaction (`executeRead`) costs three (begin, run, commit) and made this baseline
 * 25-35% slower than it can be.
 */
const driver = neo4j.driver(process.env.NEO4J_URI!, neo4j.auth.basic('neo4j', process.env.NEO4J_PASSWORD ?? 'unused'), {
  disableLosslessIntegers: true,
  maxConnectionPoolSize: 50,
});
const database = process.env.NEO4J_DATABASE ?? 'neo4j';

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    const read = READS[Number((req.url ?? '/').slice(1))];
    if (!read) {
      res.writeHead(404).end();
      return;
    }
    const session = driver.session({ database, defaultAccessMode: neo4j.session.READ });
    try {
      const params = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      const result = await session.run(read.cypher, params);
      const body = JSON.stringify({ data: result.records.map((r) => r.toObject()) });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } catch (e) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: (e as Error).message }] }));
    } finally {
      await session.close();
    }
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`raw Cypher server ready at http://127.0.0.1:${port}\n`);
});

const stop = () => server.close(() => void driver.close().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
