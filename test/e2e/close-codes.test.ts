import WebSocket from 'ws';
import { AccessRole } from '../../src/graphql/access';
import { mintToken } from '../../src/server/auth';
import { appEnv, buildDist, startApp } from '../helpers/process';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

/**
 * The close codes a client sees from a real server process, spoken by hand as any WebSocket client
 * would (no graphql-ws client in between): one condition, one code, as the README's table says.
 */
let s: TestServer; // fixtures and tokens only
let w: World;
let app: Awaited<ReturnType<typeof startApp>>;

beforeAll(async () => {
  buildDist();
  s = await startTestServer();
  w = await buildWorld(s.graph);
  // Not 'test': the server must behave as `npm start` runs it (Apollo changes its signal handling by NODE_ENV).
  app = await startApp(appEnv(process.env.NEO4J_URI!, TEST_JWT_SECRET, { NODE_ENV: 'development' }));
}, 180_000);
afterAll(async () => {
  await app?.stop();
  await s?.close();
});

/** Opens a socket, sends connection_init with `authorization` and a subscription; resolves with the close code and reason. */
function connect(authorization: string | undefined): { closed: Promise<{ code: number; reason: string }>; acked: Promise<void> } {
  const socket = new WebSocket(app.wsUrl, 'graphql-transport-ws');
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const acked = new Promise<void>((resolve) =>
    socket.on('message', (data) => {
      if (JSON.parse(data.toString()).type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { needRaised { needId } }' } }));
        resolve();
      }
    }),
  );
  socket.on('open', () =>
    socket.send(JSON.stringify({ type: 'connection_init', payload: authorization === undefined ? {} : { authorization } })),
  );
  return { closed, acked };
}

const token = (seconds: number) => mintToken(s.config.jwt, w.id('employee', 'alice'), [AccessRole.ANALYST], seconds);

it('closes with 4401 for every token that signs nobody in: missing, forged, expired at connect, expiring while connected', async () => {
  expect(await connect(undefined).closed).toEqual({
    code: 4401,
    reason: 'Unauthorized: send connectionParams.authorization = "Bearer <token>"',
  });
  const valid = await token(3600);
  expect(await connect(`Bearer ${valid.slice(0, -3)}abc`).closed).toEqual({
    code: 4401,
    reason: 'Unauthorized: The token is not valid (bad signature, issuer, audience or format).',
  });
  expect(await connect(`Bearer ${await token(-10)}`).closed).toEqual({
    code: 4401,
    reason: 'Unauthorized: The token has expired; sign in again.',
  });
  const shortLived = connect(`Bearer ${await token(2)}`);
  await shortLived.acked;
  expect(await shortLived.closed).toEqual({ code: 4401, reason: 'Unauthorized: The token has expired; sign in again.' });
});

it('closes open subscriptions with 1001 when the process is stopped (SIGTERM)', async () => {
  const sockets = await Promise.all(
    Array.from({ length: 5 }, async () => {
      const c = connect(`Bearer ${await token(3600)}`);
      await c.acked;
      return c;
    }),
  );
  // One more that opened but has not signed in yet.
  const early = new WebSocket(app.wsUrl, 'graphql-transport-ws');
  const earlyClosed = new Promise<{ code: number; reason: string }>((resolve) =>
    early.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((r) => early.on('open', r));
  await app.stop();
  for (const c of sockets) expect(await c.closed).toEqual({ code: 1001, reason: 'Server shutting down' });
  expect(await earlyClosed).toEqual({ code: 1001, reason: 'Server shutting down' });
});
