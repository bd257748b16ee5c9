import neo4j from 'neo4j-driver';
import pino from 'pino';
import { Graph } from '../../src/db/graph';
import { freePort } from '../../src/db/local-neo4j';
import { createEventBus } from '../../src/realtime/event-bus';
import { checkCursor, decodeEventCursor, encodeEventCursor, NO_LOG_YET } from '../../src/realtime/event-log';

/**
 * The event bus with a Redis that cannot be reached (nothing listens on its port): shutdown must
 * not wait for it. QUIT waited for a connection that never came, so SIGTERM never got to close
 * Neo4j and exit.
 */
it('closes at once when Redis has been unreachable since start', async () => {
  const graph = new Graph(neo4j.driver(`bolt://127.0.0.1:${await freePort()}`), 'neo4j');
  const bus = createEventBus({ graph, redisUrl: `redis://127.0.0.1:${await freePort()}`, logger: pino({ level: 'silent' }), relay: false });
  await new Promise((r) => setTimeout(r, 300)); // a connection attempt or two fail meanwhile
  const started = Date.now();
  await bus.close();
  expect(Date.now() - started).toBeLessThan(2_000);
  await graph.driver.close();
});

describe('event cursors', () => {
  const head = { epoch: 'f1e2d3c4-0000-4000-8000-000000000001', position: 120, trimmedThrough: 40 };

  it('round-trip, and are opaque (base64url)', () => {
    const cursor = encodeEventCursor(head.epoch, 77);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeEventCursor(cursor)).toEqual({ epoch: head.epoch, position: 77 });
  });

  it.each([
    ['not base64 of a cursor', 'hello'],
    ['a list cursor', Buffer.from(JSON.stringify([1, 'x', 'Customer.name.ASC'])).toString('base64url')],
    ['a negative position', Buffer.from(`e1:${'a'.repeat(8)}:-3`).toString('base64url')],
    ['an empty string', ''],
    ['a very long string', 'A'.repeat(10_000)],
    // Node's decoder takes these; the cursor this API wrote is another string (a hostile tester's finds).
    ['standard base64 with padding', Buffer.from(`e1:${'a'.repeat(8)}:7`).toString('base64')],
    ['a cursor with characters inserted', `${encodeEventCursor('a'.repeat(8), 7)}!!!*`],
    ['a position with leading zeros', Buffer.from(`e1:${'a'.repeat(8)}:0007`).toString('base64url')],
  ])('refuse %s with BAD_USER_INPUT on `after`', (_what, cursor) => {
    expect(() => decodeEventCursor(cursor)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: { field: 'after' } }));
  });

  it('are checked against the head: another epoch or trimmed past is CURSOR_EXPIRED, ahead of the head is BAD_USER_INPUT', () => {
    expect(checkCursor(head, { epoch: head.epoch, position: 40 })).toBe(40);
    expect(checkCursor(head, { epoch: head.epoch, position: 120 })).toBe(120);
    expect(() => checkCursor(head, { epoch: head.epoch, position: 39 })).toThrow(
      expect.objectContaining({ code: 'CURSOR_EXPIRED', message: expect.stringContaining('older than the retention') }),
    );
    expect(() => checkCursor(head, { epoch: 'another', position: 50 })).toThrow(
      expect.objectContaining({ code: 'CURSOR_EXPIRED', message: expect.stringContaining('no longer exists') }),
    );
    expect(() => checkCursor({ epoch: null, position: 0, trimmedThrough: 0 }, { epoch: head.epoch, position: 5 })).toThrow(
      expect.objectContaining({ code: 'CURSOR_EXPIRED' }),
    );
    expect(() => checkCursor(head, { epoch: head.epoch, position: 121 })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    // Taken before any event was logged: the start of whichever log comes first, while nothing of it was trimmed.
    expect(checkCursor({ ...head, trimmedThrough: 0 }, { epoch: NO_LOG_YET, position: 0 })).toBe(0);
    expect(() => checkCursor(head, { epoch: NO_LOG_YET, position: 0 })).toThrow(expect.objectContaining({ code: 'CURSOR_EXPIRED' }));
    expect(checkCursor({ epoch: null, position: 0, trimmedThrough: 0 }, { epoch: NO_LOG_YET, position: 0 })).toBe(0);
    // "none" only ever comes with position 0: another position was never a cursor of this API.
    expect(() => checkCursor({ ...head, trimmedThrough: 0 }, { epoch: NO_LOG_YET, position: 3 })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', details: { field: 'after' } }),
    );
  });
});
