import { createHmac } from 'node:crypto';
import { retryDelay } from '../../src/modules/webhook/delivery';
import { DEFAULT_TOLERANCE_SECONDS, newSecret, sign, signedDelivery, verify } from '../../src/modules/webhook/signing';

/** The signature of deliveries as docs/webhooks.md tells receivers to check it, and the retry schedule. */
describe('webhook signatures', () => {
  const secret = 'whsec_test-secret';
  const body = '{"id":"abc","type":"needRaised","createdAt":"2026-01-01T00:00:00.000Z","data":{"needId":"n1"}}';

  it('are v1= and the hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the secret text', () => {
    const expected = createHmac('sha256', secret).update(`1767225600.${body}`).digest('hex');
    expect(sign(secret, 1767225600, body)).toBe(`v1=${expected}`);
    expect(sign(secret, 1767225600, body)).toMatch(/^v1=[0-9a-f]{64}$/);
  });

  it('verify: the right secret, body and timestamp pass; any change fails', () => {
    const now = 1767225600;
    const header = sign(secret, now, body);
    expect(verify(secret, body, String(now), header, now)).toBe(true);
    expect(verify(secret, body, String(now), header, now + DEFAULT_TOLERANCE_SECONDS)).toBe(true);
    expect(verify('whsec_other', body, String(now), header, now)).toBe(false);
    expect(verify(secret, body.replace('n1', 'n2'), String(now), header, now)).toBe(false);
    // The timestamp is signed: another one does not fit the signature.
    expect(verify(secret, body, String(now + 1), header, now)).toBe(false);
    expect(
      verify(
        secret,
        body,
        String(now),
        header.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
        now,
      ),
    ).toBe(false);
    expect(verify(secret, body, String(now), undefined, now)).toBe(false);
    expect(verify(secret, body, undefined, header, now)).toBe(false);
    expect(verify(secret, body, 'soon', header, now)).toBe(false);
    // Several signatures (a receiver may list them): one that fits is enough.
    expect(verify(secret, body, String(now), `v1=${'0'.repeat(64)}, ${header}`, now)).toBe(true);
  });

  it('verify refuses a timestamp more than 5 minutes from the clock, either way (replays)', () => {
    const sentAt = 1767225600;
    const header = sign(secret, sentAt, body);
    expect(verify(secret, body, String(sentAt), header, sentAt + 301)).toBe(false);
    expect(verify(secret, body, String(sentAt), header, sentAt - 301)).toBe(false);
    expect(verify(secret, body, String(sentAt), header, sentAt + 299)).toBe(true);
  });

  it('a delivery carries the body, the idempotency key and a signature of exactly that body', () => {
    const d = signedDelivery(
      { webhookId: 'w1', eventId: 'ZTE6eDox', type: 'needRaised', createdAt: '2026-01-01T00:00:00.000Z', data: { needId: 'n1' } },
      secret,
      1767225600,
    );
    expect(JSON.parse(d.body)).toEqual({
      id: 'ZTE6eDox',
      type: 'needRaised',
      createdAt: '2026-01-01T00:00:00.000Z',
      data: { needId: 'n1' },
    });
    expect(d.headers).toEqual({
      'content-type': 'application/json',
      'user-agent': 'Rapport-Webhooks/1',
      'rapport-webhook-id': 'w1',
      'rapport-event-id': 'ZTE6eDox',
      'rapport-timestamp': '1767225600',
      'rapport-signature': sign(secret, 1767225600, d.body),
    });
    expect(verify(secret, d.body, d.headers['rapport-timestamp'], d.headers['rapport-signature'], 1767225600)).toBe(true);
  });

  it('secrets are whsec_ and 32 random bytes, never the same twice', () => {
    const a = newSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newSecret()).not.toBe(a);
  });
});

describe('webhook retries', () => {
  it('wait from 0 up to a ceiling that doubles from the base to the cap (full jitter)', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 20, 100].map((attempt) => retryDelay(attempt, 10_000, 3_600_000, () => 0.999999));
    expect(ceilings.map((c) => Math.round(c / 1000))).toEqual([10, 20, 40, 80, 160, 320, 640, 1280, 3600, 3600]);
    expect(retryDelay(3, 10_000, 3_600_000, () => 0)).toBe(0);
    expect(retryDelay(3, 10_000, 3_600_000, () => 0.5)).toBe(20_000);
    for (let i = 0; i < 1000; i++) {
      const d = retryDelay(4, 100, 1000);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(800);
    }
  });
});
