import pino from 'pino';
import { freePort } from '../../src/db/local-neo4j';
import { createEventBus } from '../../src/realtime/event-bus';
import { Topics } from '../../src/realtime/topics';

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

it('delivers every event to each of many subscribers on one topic', async () => {
  const bus = createEventBus({ logger: pino({ level: 'silent' }) });
  try {
    const streams = Array.from({ length: 50 }, () =>
      bus.subscribe(
        Topics.NEED_RAISED,
        () => true,
        () => undefined,
      ),
    );
    const firsts = streams.map((s) => s.next()); // starts each subscription
    while (bus.listenerCount(Topics.NEED_RAISED) < 50) await new Promise((r) => setTimeout(r, 5));
    const event = { needId: 'n', customerId: 'c', actorId: 'a', at: new Date(0).toISOString() };
    bus.publish(Topics.NEED_RAISED, event);
    expect((await Promise.all(firsts)).map((r) => r.value)).toEqual(Array(50).fill(event));
    await Promise.all(streams.map((s) => s.return?.(undefined)));
  } finally {
    await bus.close();
  }
});
