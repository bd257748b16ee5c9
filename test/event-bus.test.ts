import pino from 'pino';
import { freePort } from '../src/db/local-neo4j';
import { createEventBus } from '../src/realtime/event-bus';

/**
 * The event bus with a Redis that cannot be reached (nothing listens on its port): shutdown must
 * not wait for it. QUIT waited for a connection that never came, so SIGTERM never got to close
 * Neo4j and exit.
 */
it('closes at once when Redis has been unreachable since start', async () => {
  const bus = createEventBus({ redisUrl: `redis://127.0.0.1:${await freePort()}`, logger: pino({ level: 'silent' }) });
  await new Promise((r) => setTimeout(r, 300)); // a connection attempt or two fail meanwhile
  const started = Date.now();
  await bus.close();
  expect(Date.now() - started).toBeLessThan(2_000);
});
