import { AddressRefused, parseWebhookUrl, rangeOf, refusalOf, resolveTarget, type Resolver } from '../../src/modules/webhook/address';

/** Which webhook addresses are refused, in production and in development and test. */
const PRODUCTION = { allowLoopback: false };
const DEVELOPMENT = { allowLoopback: true };

/** A resolver from a fixed table (no DNS in unit tests). */
const table =
  (names: Record<string, string[]>): Resolver =>
  async (host) => {
    const found = names[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

const dns = table({
  'hooks.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'internal.example.com': ['10.1.2.3'],
  'mixed.example.com': ['93.184.216.34', '192.168.0.10'],
  'metadata.example.com': ['169.254.169.254'],
  'mapped.example.com': ['::ffff:10.0.0.1'],
  localhost: ['127.0.0.1', '::1'],
  'empty.example.com': [],
});

async function refusal(url: string, policy = PRODUCTION): Promise<string> {
  try {
    await resolveTarget(url, policy, dns);
  } catch (e) {
    if (e instanceof AddressRefused) return e.message;
    throw e;
  }
  throw new Error(`${url} was not refused`);
}

describe('webhook addresses', () => {
  it('classify IP addresses: only public unicast passes', () => {
    const ranges = Object.fromEntries(
      [
        '93.184.216.34',
        '8.8.8.8',
        '10.0.0.1',
        '172.16.0.1',
        '172.31.255.255',
        '172.32.0.1',
        '192.168.1.1',
        '100.64.0.1',
        '169.254.169.254',
        '127.0.0.1',
        '0.0.0.0',
        '255.255.255.255',
        '224.0.0.1',
        '198.18.0.1',
        '192.0.2.1',
        '::1',
        '::',
        'fe80::1',
        'fc00::1',
        'fd12:3456::1',
        'fec0::1',
        'ff02::1',
        '::ffff:10.0.0.1',
        '::ffff:127.0.0.1',
        '::ffff:93.184.216.34',
        '::7f00:1',
        '64:ff9b::a00:1',
        '2002:a00:1::1',
        '2001:db8::1',
        '2606:4700:4700::1111',
      ].map((ip) => [ip, rangeOf(ip)]),
    );
    expect(ranges).toEqual({
      '93.184.216.34': 'unicast',
      '8.8.8.8': 'unicast',
      '10.0.0.1': 'private',
      '172.16.0.1': 'private',
      '172.31.255.255': 'private',
      '172.32.0.1': 'unicast',
      '192.168.1.1': 'private',
      '100.64.0.1': 'carrierGradeNat',
      '169.254.169.254': 'linkLocal',
      '127.0.0.1': 'loopback',
      '0.0.0.0': 'unspecified',
      '255.255.255.255': 'broadcast',
      '224.0.0.1': 'multicast',
      '198.18.0.1': 'benchmarking',
      '192.0.2.1': 'reserved',
      '::1': 'loopback',
      '::': 'unspecified',
      'fe80::1': 'linkLocal',
      'fc00::1': 'uniqueLocal',
      'fd12:3456::1': 'uniqueLocal',
      'fec0::1': 'site-local',
      'ff02::1': 'multicast',
      // IPv4-mapped IPv6 is judged as the IPv4 address it carries.
      '::ffff:10.0.0.1': 'private',
      '::ffff:127.0.0.1': 'loopback',
      '::ffff:93.184.216.34': 'unicast',
      '::7f00:1': 'IPv4-compatible',
      '64:ff9b::a00:1': 'rfc6052',
      '2002:a00:1::1': '6to4',
      '2001:db8::1': 'reserved',
      '2606:4700:4700::1111': 'unicast',
    });
  });

  it('allow loopback in development and test only, and nothing internal anywhere', () => {
    expect(refusalOf('127.0.0.1', DEVELOPMENT)).toBeNull();
    expect(refusalOf('::1', DEVELOPMENT)).toBeNull();
    expect(refusalOf('127.0.0.1', PRODUCTION)).toMatch(/^127\.0\.0\.1 is a loopback address;/);
    for (const ip of ['10.0.0.1', '192.168.1.1', '169.254.169.254', 'fe80::1', 'fd00::1', '100.64.0.1', '0.0.0.0'])
      expect(refusalOf(ip, DEVELOPMENT)).toMatch(/webhooks are delivered only to public addresses/);
    expect(refusalOf('169.254.169.254', DEVELOPMENT)).toBe(
      '169.254.169.254 is a link-local address; webhooks are delivered only to public addresses, never inside a private network.',
    );
  });

  it('refuse URLs that are not https (http only to loopback in development), carry credentials or a fragment, or are not URLs', () => {
    expect(parseWebhookUrl('https://hooks.example.com/rapport?x=1', PRODUCTION).href).toBe('https://hooks.example.com/rapport?x=1');
    expect(() => parseWebhookUrl('http://hooks.example.com/', PRODUCTION)).toThrow(
      'The URL must start with https://; it starts with http://.',
    );
    expect(() => parseWebhookUrl('ftp://hooks.example.com/', DEVELOPMENT)).toThrow(/must start with https:\/\//);
    expect(() => parseWebhookUrl('https://user:pass@hooks.example.com/', PRODUCTION)).toThrow(/must not carry a user name or password/);
    expect(() => parseWebhookUrl('https://user@hooks.example.com/', PRODUCTION)).toThrow(/must not carry a user name or password/);
    expect(() => parseWebhookUrl('https://hooks.example.com/#x', PRODUCTION)).toThrow(/must not have a fragment/);
    expect(() => parseWebhookUrl('hooks.example.com/path', PRODUCTION)).toThrow(/not a valid absolute URL/);
    expect(() => parseWebhookUrl(`https://hooks.example.com/${'x'.repeat(2000)}`, PRODUCTION)).toThrow(/at most 2000 characters/);
  });

  it('resolve the host and check every address it has', async () => {
    await expect(resolveTarget('https://hooks.example.com/in', PRODUCTION, dns)).resolves.toEqual({
      url: new URL('https://hooks.example.com/in'),
      address: { address: '93.184.216.34', family: 4 },
    });
    expect(await refusal('https://internal.example.com/')).toBe(
      'internal.example.com resolves to 10.1.2.3, a private address; webhooks are delivered only to public addresses, never inside a private network.',
    );
    // One internal address among public ones is enough to refuse: a connection might go there.
    expect(await refusal('https://mixed.example.com/')).toMatch(/^mixed\.example\.com resolves to 192\.168\.0\.10, a private address/);
    expect(await refusal('https://metadata.example.com/')).toMatch(/169\.254\.169\.254, a link-local address/);
    expect(await refusal('https://mapped.example.com/')).toMatch(/::ffff:10\.0\.0\.1, a private address/);
    expect(await refusal('https://nowhere.example.com/')).toBe(
      'The host nowhere.example.com could not be resolved (ENOTFOUND); check the URL.',
    );
    expect(await refusal('https://empty.example.com/')).toBe('The host empty.example.com has no address; check the URL.');
  });

  it('judge IP literals as written, in any form the URL parser accepts', async () => {
    expect(await refusal('https://10.0.0.1/')).toMatch(/^10\.0\.0\.1 is a private address/);
    expect(await refusal('https://192.168.1.1:8443/x')).toMatch(/^192\.168\.1\.1 is a private address/);
    expect(await refusal('https://169.254.169.254/latest/meta-data/')).toMatch(/^169\.254\.169\.254 is a link-local address/);
    expect(await refusal('https://[fe80::1]/')).toMatch(/^fe80::1 is a link-local address/);
    expect(await refusal('https://[::ffff:a9fe:a9fe]/')).toMatch(/link-local address/); // 169.254.169.254, mapped
    expect(await refusal('https://0x7f000001/')).toMatch(/^127\.0\.0\.1 is a loopback address/); // the parser reads 127.0.0.1
    expect(await refusal('https://2130706433/')).toMatch(/^127\.0\.0\.1 is a loopback address/);
    expect(await refusal('https://[::1]/')).toMatch(/^::1 is a loopback address/);
    expect(await refusal('https://localhost/')).toMatch(/^localhost resolves to 127\.0\.0\.1, a loopback address/);
    expect(await refusal('http://localhost:8080/')).toBe('The URL must start with https://; it starts with http://.');
  });

  it('in development and test: http and https to loopback pass, http elsewhere and internal addresses do not', async () => {
    await expect(resolveTarget('http://127.0.0.1:9000/hook', DEVELOPMENT, dns)).resolves.toMatchObject({
      address: { address: '127.0.0.1', family: 4 },
    });
    await expect(resolveTarget('http://[::1]:9000/hook', DEVELOPMENT, dns)).resolves.toMatchObject({
      address: { address: '::1', family: 6 },
    });
    await expect(resolveTarget('http://localhost:9000/hook', DEVELOPMENT, dns)).resolves.toMatchObject({
      address: { address: '127.0.0.1' },
    });
    expect(await refusal('http://hooks.example.com/', DEVELOPMENT)).toBe(
      'Plain http:// is allowed only to a loopback address (in development and test); use https://.',
    );
    expect(await refusal('http://10.0.0.1/', DEVELOPMENT)).toMatch(/^10\.0\.0\.1 is a private address/);
    expect(await refusal('https://internal.example.com/', DEVELOPMENT)).toMatch(/10\.1\.2\.3, a private address/);
  });
});

describe('webhook addresses found by the hostile review', () => {
  it.each([
    ['https://[64:ff9b:1::7f00:1]/', 'local-use NAT64'],
    ['https://[64:ff9b:1::a9fe:a9fe]/', 'local-use NAT64'],
    ['https://[2001:2::1]/', 'benchmarking'],
    ['https://[2001:10::1]/', 'ORCHID'],
    ['https://[2001:20::1]/', 'ORCHIDv2'],
    ['https://[3fff::1]/', 'documentation'],
    ['https://[5f00::1]/', 'SRv6 SIDs'],
  ])('refuses %s (%s), in production and in development', async (url, range) => {
    const words = `a ${range} address; webhooks are delivered only to public addresses, never inside a private network.`;
    expect(await refusal(url)).toContain(words);
    expect(await refusal(url, DEVELOPMENT)).toContain(words);
  });

  it.each([
    ['http://127.0.0.1:4799/ok\r\nX-Injected: 1'],
    [' https://hooks.example.com/r'],
    ['https://hooks.example.com/r\t'],
    ['https://hooks.example.com/a b'],
  ])('refuses a URL with spaces or control characters (%j): the URL stored is the one delivered to', (url) => {
    expect(() => parseWebhookUrl(url, DEVELOPMENT)).toThrow(
      'The URL must not contain spaces, tabs, line breaks or other control characters.',
    );
  });
});
