import { nonPublicAddressReason, WebhookAddressPolicy } from './webhook-address-policy';
import { webhookUrlProblems } from './webhook-url';

const strict = WebhookAddressPolicy.strict();
const refusalOf = (url: string, policy = strict) => policy.hostRefusal(new URL(url));

describe('webhook address policy', () => {
  it('refuses loopback, private, link-local, shared, multicast, reserved and broadcast IPv4 literals', () => {
    const cases: [string, string][] = [
      ['http://127.0.0.1:55432/x', '127.0.0.1 is a loopback address'],
      ['http://127.255.255.254/', '127.255.255.254 is a loopback address'],
      ['http://10.0.0.1/', '10.0.0.1 is a private address'],
      ['http://172.16.0.1/', '172.16.0.1 is a private address'],
      ['http://172.31.255.255/', '172.31.255.255 is a private address'],
      ['http://192.168.1.1/', '192.168.1.1 is a private address'],
      [
        'http://169.254.169.254/latest/meta-data',
        '169.254.169.254 is a link-local address (cloud metadata lives there)',
      ],
      ['http://100.64.0.1/', '100.64.0.1 is a shared (carrier-grade NAT) address'],
      ['http://100.127.255.255/', '100.127.255.255 is a shared (carrier-grade NAT) address'],
      ['http://0.0.0.0/', '0.0.0.0 is a "this network" address'],
      ['http://0.1.2.3/', '0.1.2.3 is a "this network" address'],
      ['http://224.0.0.1/', '224.0.0.1 is a multicast address'],
      ['http://239.255.255.250/', '239.255.255.250 is a multicast address'],
      ['http://240.0.0.1/', '240.0.0.1 is a reserved address'],
      ['http://255.255.255.255/', '255.255.255.255 is the broadcast address'],
      ['http://192.0.2.10/', '192.0.2.10 is a documentation address'],
      ['http://198.18.0.1/', '198.18.0.1 is a benchmarking address'],
    ];
    for (const [url, refusal] of cases) expect([url, refusalOf(url)]).toEqual([url, refusal]);
  });

  it('sees through the spellings that new URL normalises: decimal, octal, hex, short, percent-encoded', () => {
    for (const url of [
      'http://2130706433/',
      'http://017700000001/',
      'http://0177.0.0.1/',
      'http://0x7f.0.0.1/',
      'http://0x7f000001/',
      'http://0x7f.1/',
      'http://127.1/',
      'http://%31%32%37.0.0.1/',
      'HTTP://127.0.0.1./',
    ])
      expect([url, refusalOf(url)]).toEqual([url, '127.0.0.1 is a loopback address']);
    expect(refusalOf('http://2852039166/')).toBe(
      '169.254.169.254 is a link-local address (cloud metadata lives there)',
    );
    expect(refusalOf('http://0xa.0.0.1/')).toBe('10.0.0.1 is a private address');
  });

  it('refuses the IPv6 equivalents, IPv4-mapped and NAT64 forms judged by the IPv4 address they carry', () => {
    const cases: [string, string][] = [
      ['http://[::1]:8080/', '::1 is a loopback address'],
      ['http://[0:0:0:0:0:0:0:1]/', '::1 is a loopback address'],
      ['http://[::]/', ':: is the unspecified address'],
      ['http://[fc00::1]/', 'fc00::1 is a unique-local (private) address'],
      ['http://[fd12:3456::1]/', 'fd12:3456::1 is a unique-local (private) address'],
      ['http://[fe80::1]/', 'fe80::1 is a link-local address'],
      ['http://[febf::1]/', 'febf::1 is a link-local address'],
      ['http://[ff02::1]/', 'ff02::1 is a multicast address'],
      ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1 is a loopback address'],
      ['http://[::ffff:7f00:1]/', '::ffff:7f00:1 is a loopback address'],
      [
        'http://[0:0:0:0:0:ffff:a9fe:a9fe]/',
        '::ffff:a9fe:a9fe is a link-local address (cloud metadata lives there)',
      ],
      ['http://[::ffff:10.1.2.3]/', '::ffff:a01:203 is a private address'],
      ['http://[64:ff9b::127.0.0.1]/', '64:ff9b::7f00:1 is a loopback address'],
      [
        'http://[64:ff9b::169.254.169.254]/',
        '64:ff9b::a9fe:a9fe is a link-local address (cloud metadata lives there)',
      ],
      ['http://[64:ff9b:1::1]/', '64:ff9b:1::1 is a local-use NAT64 address'],
      ['http://[::127.0.0.1]/', '::7f00:1 is a reserved address (outside global unicast 2000::/3)'],
      ['http://[2001:db8::1]/', '2001:db8::1 is a documentation address'],
      ['http://[2002:7f00:1::1]/', '2002:7f00:1::1 is a 6to4 address'],
      [
        'http://[2001:0:4136:e378::1]/',
        '2001:0:4136:e378::1 is a reserved address (IETF protocol assignments, Teredo)',
      ],
    ];
    for (const [url, refusal] of cases) expect([url, refusalOf(url)]).toEqual([url, refusal]);
  });

  it('refuses names of this machine or the local network, and single-label names', () => {
    expect(refusalOf('http://localhost:3000/')).toBe('localhost names this machine (loopback)');
    expect(refusalOf('http://LOCALHOST./')).toBe('localhost names this machine (loopback)');
    expect(refusalOf('http://api.localhost/')).toBe('api.localhost names this machine (loopback)');
    expect(refusalOf('http://printer.local/')).toBe(
      'printer.local is a local-network name (.local), not a public one',
    );
    expect(refusalOf('http://metadata.google.internal/')).toBe(
      'metadata.google.internal is a local-network name (.internal), not a public one',
    );
    expect(refusalOf('http://nas.home.arpa/')).toMatch(/\.home\.arpa/);
    expect(refusalOf('http://metadata/')).toBe(
      'metadata is not a fully qualified domain name (it would resolve through local search domains)',
    );
  });

  it('accepts public addresses and public names (a name is judged again by its addresses at delivery)', () => {
    for (const url of [
      'https://mot-cua.example.gov.vn/lien-thong/webhook',
      'https://hooks.example.com:8443/x',
      'http://8.8.8.8/',
      'http://1.1.1.1:8080/',
      'http://100.63.255.255/',
      'http://100.128.0.0/',
      'http://172.32.0.1/',
      'http://169.253.255.255/',
      'http://[2606:4700:4700::1111]/',
      'http://[::ffff:8.8.8.8]/',
      'http://[64:ff9b::8.8.8.8]/',
      'http://127.0.0.1.nip.io/',
    ])
      expect([url, refusalOf(url)]).toEqual([url, null]);
    for (const address of ['8.8.8.8', '2606:4700:4700::1111', '2a00:1450:4001::200e'])
      expect(nonPublicAddressReason(address)).toBeNull();
    expect(nonPublicAddressReason('not-an-address')).toBe('not an IP address');
  });

  it('lets the operator allow networks (any port) and host:port pairs (that port only)', () => {
    const policy = WebhookAddressPolicy.fromSetting(
      ' 127.0.0.0/8, fd00::/8 ,10.20.1.5, receiver.internal:8443, [::1]:8089, 192.168.1.10:9000',
    );
    expect(refusalOf('http://127.0.0.1:55432/x', policy)).toBeNull();
    expect(refusalOf('http://2130706433/', policy)).toBeNull();
    expect(refusalOf('http://[::ffff:127.0.0.1]/', policy)).toBeNull();
    expect(refusalOf('http://localhost:3000/', policy)).toBeNull();
    expect(refusalOf('http://[fd00::5]/', policy)).toBeNull();
    expect(refusalOf('http://10.20.1.5:1234/', policy)).toBeNull();
    expect(refusalOf('http://10.20.1.6/', policy)).toBe('10.20.1.6 is a private address');
    expect(refusalOf('https://receiver.internal:8443/hook', policy)).toBeNull();
    expect(refusalOf('https://receiver.internal/hook', policy)).toMatch(/\.internal/);
    expect(refusalOf('http://[::1]:8089/', policy)).toBeNull();
    expect(refusalOf('http://[::1]:8090/', policy)).toBe('::1 is a loopback address');
    expect(refusalOf('http://169.254.169.254/', policy)).toMatch(/link-local/);
    // A host:port pair naming an address also allows a name that resolves to it, on that port.
    expect(policy.addressRefusal('192.168.1.10', new URL('http://printer.example.vn:9000/'))).toBeNull();
    expect(policy.addressRefusal('192.168.1.10', new URL('http://printer.example.vn:9001/'))).toBe(
      '192.168.1.10 is a private address',
    );
    // A name allowed with its port reaches whatever it resolves to, on that port.
    expect(policy.addressRefusal('10.9.9.9', new URL('https://receiver.internal:8443/'))).toBeNull();
  });

  it("allows a host on a port range only (npm start's local receivers), never the machine's other ports", () => {
    const policy = WebhookAddressPolicy.fromSetting(
      '127.0.0.1:4900-4999,[::1]:4900-4999,localhost:4900-4999',
    );
    expect(refusalOf('http://127.0.0.1:4900/lien-thong/webhook', policy)).toBeNull();
    expect(refusalOf('http://127.0.0.1:4999/', policy)).toBeNull();
    expect(refusalOf('http://[::1]:4950/', policy)).toBeNull();
    expect(refusalOf('http://localhost:4901/', policy)).toBeNull();
    for (const url of [
      'http://127.0.0.1:55432/x',
      'http://127.0.0.1:5000/',
      'http://127.0.0.1:4899/',
      'http://127.0.0.1/',
      'http://127.0.0.2:4900/',
      'http://[::1]:7233/',
      'http://169.254.169.254:4900/',
    ])
      expect(refusalOf(url, policy)).not.toBeNull();
    // At delivery: a name resolving to loopback is allowed only on the range's ports.
    expect(policy.addressRefusal('127.0.0.1', new URL('http://localhost:4910/'))).toBeNull();
    expect(policy.addressRefusal('127.0.0.1', new URL('http://localhost:3000/'))).toBe(
      '127.0.0.1 is a loopback address',
    );
  });

  it('refuses a setting it cannot read, naming the entry', () => {
    for (const bad of [
      '127.0.0.1:5000-4000',
      '127.0.0.1:0-10',
      '127.0.0.1:1-70000',
      '10.0.0.0/33',
      '::/129',
      'nonsense/8',
      'receiver.internal',
      '10.0.0.0/8x',
      'http://x:1/path',
    ])
      expect(() => WebhookAddressPolicy.fromSetting(bad)).toThrow(
        new RegExp(`LIEN_THONG_WEBHOOK_ALLOWED_NETWORKS: "${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"`),
      );
    expect(WebhookAddressPolicy.fromSetting('').hostRefusal(new URL('http://127.0.0.1/'))).toMatch(
      /loopback/,
    );
    expect(WebhookAddressPolicy.fromSetting(undefined).hostRefusal(new URL('http://[::1]/'))).toMatch(
      /loopback/,
    );
  });

  it('names the refusal in the registration problem', () => {
    expect(webhookUrlProblems('http://169.254.169.254/latest/meta-data')).toEqual([
      {
        path: 'url',
        code: 'ADDRESS_NOT_ALLOWED',
        message:
          'url: must reach a public internet address: 169.254.169.254 is a link-local address (cloud metadata lives there)',
      },
    ]);
  });
});
