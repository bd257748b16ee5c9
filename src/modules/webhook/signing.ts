import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * How deliveries are signed (docs/webhooks.md says it for receivers): the `rapport-signature`
 * header is `v1=` and the hex HMAC-SHA256, keyed with the endpoint's secret (its text, as shown
 * once), of `<rapport-timestamp>.<raw body>`. The timestamp (Unix seconds) is part of what is
 * signed, so a receiver that refuses timestamps more than {@link DEFAULT_TOLERANCE_SECONDS} away
 * from its clock cannot be fed an old delivery again.
 */

/** The scheme's version, the prefix of every signature. */
export const SIGNATURE_SCHEME = 'v1';

/** How far a timestamp may be from the receiver's clock, in seconds (5 minutes). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The headers of a delivery, lower case. */
export const Headers = {
  WEBHOOK_ID: 'rapport-webhook-id',
  EVENT_ID: 'rapport-event-id',
  TIMESTAMP: 'rapport-timestamp',
  SIGNATURE: 'rapport-signature',
} as const;

export const USER_AGENT = 'Rapport-Webhooks/1';

/** A new secret: `whsec_` and 32 random bytes (base64url). */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** The signature header's value for `body` sent at `timestamp` (Unix seconds). */
export function sign(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body, 'utf8').digest('hex');
  return `${SIGNATURE_SCHEME}=${mac}`;
}

/**
 * Whether a delivery is genuine and fresh: `signatureHeader` holds a `v1=` signature of
 * `<timestamp>.<body>` with `secret` (compared in constant time; several, comma-separated, may be
 * given), and `timestampHeader` is within `toleranceSeconds` of `nowSeconds`. What a receiver does;
 * here for the tests and as the reference of docs/webhooks.md.
 */
export function verify(
  secret: string,
  body: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  if (!timestampHeader || !/^\d{1,15}$/.test(timestampHeader) || !signatureHeader) return false;
  const timestamp = Number(timestampHeader);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(sign(secret, timestamp, body), 'utf8');
  return signatureHeader
    .split(',')
    .map((s) => Buffer.from(s.trim(), 'utf8'))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
}

/** What one delivery sends: its body and headers (without content-length). */
export interface SignedDelivery {
  body: string;
  headers: Record<string, string>;
}

/**
 * The body (`{"id", "type", "createdAt", "data"}`) and the signed headers of one delivery of an
 * event, at `timestamp` (Unix seconds; each attempt signs anew).
 */
export function signedDelivery(
  delivery: { webhookId: string; eventId: string; type: string; createdAt: string; data: unknown },
  secret: string,
  timestamp: number,
): SignedDelivery {
  const body = JSON.stringify({ id: delivery.eventId, type: delivery.type, createdAt: delivery.createdAt, data: delivery.data });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      [Headers.WEBHOOK_ID]: delivery.webhookId,
      [Headers.EVENT_ID]: delivery.eventId,
      [Headers.TIMESTAMP]: String(timestamp),
      [Headers.SIGNATURE]: sign(secret, timestamp, body),
    },
  };
}
