import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses a webhook may be delivered to: the server must not become a way to reach the
 * inside of a network (server-side request forgery). A URL is checked when it is registered and
 * again before every delivery, and the delivery connects to the very address that was checked
 * (see {@link resolveTarget}): a name that resolves elsewhere between the check and the connection
 * (DNS rebinding) cannot move it.
 *
 * - `https://` only; `http://` too in development and test, and there only to loopback.
 * - No user name or password in the URL, no fragment, at most {@link MAX_URL_LENGTH} characters.
 * - Every address the host resolves to must be a public unicast address: loopback (allowed in
 *   development and test only), private (10/8, 172.16/12, 192.168/16), shared (100.64/10),
 *   link-local (169.254/16, the cloud metadata address among them; fe80::/10), unique-local
 *   (fc00::/7), site-local (fec0::/10), unspecified, multicast, broadcast, reserved and
 *   documentation ranges, benchmarking (198.18/15), IPv4-compatible and NAT64 / 6to4 / Teredo
 *   forms (which can carry any of these) are refused; an IPv4-mapped IPv6 address is judged as the
 *   IPv4 address it carries.
 */

/** The longest URL accepted, in characters. */
export const MAX_URL_LENGTH = 2000;

/** What the deployment allows (config: `webhooks.allowLoopback`, true outside production). */
export interface AddressPolicy {
  /** `http://` and loopback addresses are allowed (development and test). */
  allowLoopback: boolean;
}

/** A URL or address that may not be delivered to; the message says why, for a person. */
export class AddressRefused extends Error {
  override name = 'AddressRefused';
}

/** One resolved address of a host. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Where a delivery goes: the URL as registered and the address it connects to (checked). */
export interface Target {
  url: URL;
  /** The address to connect to: the first the host resolved to (every one of them was checked). */
  address: ResolvedAddress;
}

/** Resolves a host name to every address it has (node:dns `lookup`, as connections do). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses: LookupAddress[]) =>
      err ? reject(err) : resolve(addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }))),
    ),
  );

/** Ranges ipaddr.js counts as unicast that are no place for a webhook either. */
const ALSO_REFUSED: { range: [ipaddr.IPv4 | ipaddr.IPv6, number]; name: string }[] = [
  { range: ipaddr.parseCIDR('198.18.0.0/15'), name: 'benchmarking' },
  { range: ipaddr.parseCIDR('fec0::/10'), name: 'site-local' },
  { range: ipaddr.parseCIDR('100::/64'), name: 'discard-only' },
  { range: ipaddr.parseCIDR('::/96'), name: 'IPv4-compatible' },
  // Local-use NAT64 (RFC 8215): 64:ff9b:1::7f00:1 may reach 127.0.0.1 through a local gateway.
  { range: ipaddr.parseCIDR('64:ff9b:1::/48'), name: 'local-use NAT64' },
  // IPv6 special-purpose ranges ipaddr.js 1.9 counts as unicast: benchmarking, ORCHID, documentation, SRv6 SIDs.
  { range: ipaddr.parseCIDR('2001:2::/48'), name: 'benchmarking' },
  { range: ipaddr.parseCIDR('2001:10::/28'), name: 'ORCHID' },
  { range: ipaddr.parseCIDR('2001:20::/28'), name: 'ORCHIDv2' },
  { range: ipaddr.parseCIDR('3fff::/20'), name: 'documentation' },
  { range: ipaddr.parseCIDR('5f00::/16'), name: 'SRv6 SIDs' },
];

/** The words for ipaddr.js' range names, in messages. */
const RANGE_WORDS: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a shared (carrier-grade NAT) address',
  private: 'a private address',
  reserved: 'a reserved address',
  uniqueLocal: 'a unique-local address',
  rfc6145: 'an IPv4-translated address',
  rfc6052: 'a NAT64 address',
  '6to4': 'a 6to4 address',
  teredo: 'a Teredo address',
  'IPv4-compatible': 'an IPv4-compatible address',
};

/**
 * The range of an IP address, as ipaddr.js names it ('unicast' for a public one), an IPv4-mapped
 * IPv6 address judged as its IPv4 address; or the name of one of the further refused ranges.
 * Throws for text that is no IP address.
 */
export function rangeOf(ip: string): string {
  let parsed = ipaddr.parse(ip);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (range !== 'unicast') return range;
  for (const extra of ALSO_REFUSED) {
    if (parsed.kind() === extra.range[0].kind() && (parsed as ipaddr.IPv4).match(extra.range as [ipaddr.IPv4, number])) return extra.name;
  }
  return 'unicast';
}

/** Why `ip` may not be delivered to under `policy`, or null when it may. `host`: the name that resolved to it, if any. */
export function refusalOf(ip: string, policy: AddressPolicy, host?: string): string | null {
  const range = rangeOf(ip);
  if (range === 'unicast') return null;
  if (range === 'loopback' && policy.allowLoopback) return null;
  const subject = host ? `${host} resolves to ${ip}, ` : `${ip} is `;
  return range === 'loopback'
    ? `${subject}a loopback address; webhooks are delivered only to public addresses (to loopback only in development and test).`
    : `${subject}${RANGE_WORDS[range] ?? `a ${range} address`}; webhooks are delivered only to public addresses, never inside a private network.`;
}

/**
 * Checks the form of a webhook URL (before any name is resolved): a URL, https (http in
 * development and test), no credentials, no fragment, not too long. Returns it parsed; throws
 * {@link AddressRefused}.
 */
export function parseWebhookUrl(text: string, policy: AddressPolicy): URL {
  // The URL parser would drop these silently: the URL stored must be the one delivered to.
  if (/[\u0000-\u0020\u007f]/.test(text)) {
    throw new AddressRefused('The URL must not contain spaces, tabs, line breaks or other control characters.');
  }
  if (text.length > MAX_URL_LENGTH)
    throw new AddressRefused(`The URL may have at most ${MAX_URL_LENGTH} characters; it has ${text.length}.`);
  if (!URL.canParse(text))
    throw new AddressRefused('The URL is not a valid absolute URL; give one such as https://hooks.example.com/rapport.');
  const url = new URL(text);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowLoopback)) {
    throw new AddressRefused(
      policy.allowLoopback
        ? `The URL must start with https:// (or, in development and test, http:// to a loopback address); it starts with ${url.protocol}//.`
        : `The URL must start with https://; it starts with ${url.protocol}//.`,
    );
  }
  if (url.username || url.password) {
    throw new AddressRefused('The URL must not carry a user name or password; authenticate deliveries with their signature instead.');
  }
  if (url.hash || text.includes('#')) throw new AddressRefused('The URL must not have a fragment (#...); it is never sent to a receiver.');
  if (!url.hostname) throw new AddressRefused('The URL has no host.');
  return url;
}

/** The host of a URL as an IP address when it is one (IPv6 without its brackets), else null. */
function literalAddress(url: URL): ResolvedAddress | null {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const family = isIP(host);
  return family === 4 || family === 6 ? { address: host, family } : null;
}

/**
 * Checks a webhook URL and every address its host resolves to (see the module's description),
 * and returns where to connect. Throws {@link AddressRefused} saying why not.
 */
export async function resolveTarget(text: string, policy: AddressPolicy, resolver: Resolver = systemResolver): Promise<Target> {
  const url = parseWebhookUrl(text, policy);
  const literal = literalAddress(url);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [literal];
  } else {
    try {
      addresses = await resolver(url.hostname);
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new AddressRefused(`The host ${url.hostname} could not be resolved${code ? ` (${code})` : ''}; check the URL.`);
    }
    if (addresses.length === 0) throw new AddressRefused(`The host ${url.hostname} has no address; check the URL.`);
  }
  for (const a of addresses) {
    const refusal = refusalOf(a.address, policy, literal ? undefined : url.hostname);
    if (refusal) throw new AddressRefused(refusal);
  }
  if (url.protocol === 'http:' && !addresses.every((a) => rangeOf(a.address) === 'loopback')) {
    throw new AddressRefused('Plain http:// is allowed only to a loopback address (in development and test); use https://.');
  }
  return { url, address: addresses[0] };
}
