import { BlockList, isIP } from 'node:net';

/** The operator setting that lets webhooks reach private networks or named hosts (default: none). */
export const WEBHOOK_ALLOWED_NETWORKS_SETTING = 'LIEN_THONG_WEBHOOK_ALLOWED_NETWORKS';

type Family = 'ipv4' | 'ipv6';

/**
 * Addresses that are not public unicast, by the reason shown in refusals (IANA special-purpose address
 * registries). Order matters only for the label: the broadcast address before the rest of 240/4.
 */
const IPV4_RANGES: readonly (readonly [string, number, string])[] = [
  ['0.0.0.0', 8, 'a "this network" address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a shared (carrier-grade NAT) address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address (cloud metadata lives there)'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'a reserved address'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.88.99.0', 24, 'a reserved address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a benchmarking address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['255.255.255.255', 32, 'the broadcast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];

const IPV6_RANGES: readonly (readonly [string, number, string])[] = [
  ['::', 128, 'the unspecified address'],
  ['::1', 128, 'a loopback address'],
  ['64:ff9b:1::', 48, 'a local-use NAT64 address'],
  ['100::', 64, 'a discard-only address'],
  ['2001:db8::', 32, 'a documentation address'],
  ['2001::', 23, 'a reserved address (IETF protocol assignments, Teredo)'],
  ['2002::', 16, 'a 6to4 address'],
  ['3fff::', 20, 'a documentation address'],
  ['fc00::', 7, 'a unique-local (private) address'],
  ['fe80::', 10, 'a link-local address'],
  ['fec0::', 10, 'a site-local address'],
  ['ff00::', 8, 'a multicast address'],
];

/**
 * One BlockList per reason. An IPv4 rule of a BlockList also matches the IPv4-mapped IPv6 form
 * (`::ffff:127.0.0.1`); the well-known NAT64 prefix (64:ff9b::/96, RFC 6052) is judged by the IPv4
 * address it embeds, so each IPv4 range is added once more inside it.
 */
const NON_PUBLIC: readonly { readonly reason: string; readonly list: BlockList }[] = [
  ...IPV4_RANGES.map(([network, prefix, reason]) => {
    const list = new BlockList();
    list.addSubnet(network, prefix, 'ipv4');
    list.addSubnet(`64:ff9b::${network}`, 96 + prefix, 'ipv6');
    return { reason, list };
  }),
  ...IPV6_RANGES.map(([network, prefix, reason]) => {
    const list = new BlockList();
    list.addSubnet(network, prefix, 'ipv6');
    return { reason, list };
  }),
];

const GLOBAL_UNICAST_V6 = subnets([
  ['2000::', 3],
  // Judged by the IPv4 address they carry (the IPv4 ranges above match them).
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
]);

/** Names that resolve on this machine or its local network, never on the public DNS. */
const LOCAL_NAME_SUFFIXES = ['localhost', 'local', 'internal', 'home.arpa', 'localdomain'];

function subnets(entries: readonly (readonly [string, number])[]): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of entries) list.addSubnet(network, prefix, 'ipv6');
  return list;
}

function familyOf(address: string): Family | null {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : null;
}

/**
 * Why an IP address is not a public unicast address (e.g. "a loopback address"), or null when it is one.
 * Not an IP address at all: a reason too, so that nothing unrecognised is ever contacted.
 */
export function nonPublicAddressReason(address: string): string | null {
  const family = familyOf(address);
  if (family === null) return 'not an IP address';
  for (const { reason, list } of NON_PUBLIC) if (list.check(address, family)) return reason;
  if (family === 'ipv6' && !GLOBAL_UNICAST_V6.check(address, 'ipv6'))
    return 'a reserved address (outside global unicast 2000::/3)';
  return null;
}

/** The URL's host as compared here: lower case, no IPv6 brackets, no trailing dot. */
export function comparableHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

function effectivePort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/**
 * The ports a local agency receiver (the agency simulator) listens on under `npm start`, which allows
 * webhooks to loopback on these ports only: never to the local PostgreSQL, Temporal or the API itself.
 */
export const LOCAL_WEBHOOK_RECEIVER_PORTS = { from: 4900, to: 4999 } as const;

/**
 * Where webhooks may be delivered. By default only public unicast addresses: loopback, private,
 * link-local (cloud metadata), shared, multicast, reserved and the like are refused, also when spelled
 * oddly (`new URL` turns `http://2130706433/` and `http://0x7f.1/` into 127.0.0.1 before this sees them)
 * or wrapped in IPv6 (`::ffff:127.0.0.1`, NAT64). The operator may allow more with
 * `LIEN_THONG_WEBHOOK_ALLOWED_NETWORKS`: CIDRs or addresses (any port), and `host:port` pairs (that host
 * name, or that address, on that port only; a name allowed so reaches whatever it resolves to).
 */
export class WebhookAddressPolicy {
  private constructor(
    private readonly networks: BlockList,
    private readonly hostPorts: ReadonlySet<string>,
    /** As configured, for messages. */
    readonly description: string,
    /** `host:from-to`: that host on any port of the range (a local receiver that picks a free port). */
    private readonly hostPortRanges: readonly { host: string; from: number; to: number }[] = [],
  ) {}

  /** Nothing private allowed. */
  static strict(): WebhookAddressPolicy {
    return new WebhookAddressPolicy(new BlockList(), new Set(), '');
  }

  /** Parses the setting (comma-separated); throws naming the entry that is not a CIDR, address or host:port. */
  static fromSetting(value: string | undefined): WebhookAddressPolicy {
    const networks = new BlockList();
    const hostPorts = new Set<string>();
    const hostPortRanges: { host: string; from: number; to: number }[] = [];
    const entries = (value ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '');
    for (const entry of entries) {
      const refuse = (why: string): never => {
        throw new Error(
          `${WEBHOOK_ALLOWED_NETWORKS_SETTING}: "${entry}" ${why}; expected a comma-separated list of ` +
            'CIDRs (10.20.0.0/16, fd00::/8), addresses (10.20.1.5, ::1), host:port pairs (hooks.local:8443, [::1]:8089) ' +
            'or host:port ranges (127.0.0.1:4900-4999)',
        );
      };
      const slash = entry.lastIndexOf('/');
      if (slash >= 0) {
        const network = entry.slice(0, slash);
        const prefixText = entry.slice(slash + 1);
        const family = familyOf(network);
        const prefix = Number(prefixText);
        if (family === null) refuse('is not a CIDR (the network is not an IP address)');
        else if (!/^\d+$/.test(prefixText) || prefix > (family === 'ipv4' ? 32 : 128))
          refuse('has an impossible prefix length');
        else networks.addSubnet(network, prefix, family);
        continue;
      }
      const range = /^(.+):(\d{1,5})-(\d{1,5})$/.exec(entry);
      if (range) {
        const [from, to] = [Number(range[2]), Number(range[3])];
        let parsed: URL | null = null;
        try {
          parsed = new URL(`http://${range[1]}:${from}`);
        } catch {
          parsed = null;
        }
        if (
          parsed === null ||
          parsed.pathname !== '/' ||
          parsed.username ||
          from < 1 ||
          to > 65535 ||
          from > to
        )
          refuse('is not host:port-port with a port range from 1 to 65535');
        else hostPortRanges.push({ host: comparableHost(parsed), from, to });
        continue;
      }
      const bare = entry.replace(/^\[(.*)\]$/, '$1');
      const family = familyOf(bare);
      if (family !== null) {
        networks.addAddress(bare, family);
        continue;
      }
      let parsed: URL;
      try {
        parsed = new URL(`http://${entry}`);
      } catch {
        return refuse('is neither a CIDR, an address nor host:port');
      }
      if (!parsed.port || parsed.pathname !== '/' || parsed.search || parsed.username || parsed.password)
        refuse('is a host without its port (allow a name only with its port: host:port)');
      hostPorts.add(`${comparableHost(parsed)}|${parsed.port}`);
    }
    return new WebhookAddressPolicy(networks, hostPorts, entries.join(','), hostPortRanges);
  }

  /** Whether `host` (a name or an address) on `port` is allowed by a `host:port` or `host:from-to` entry. */
  private allowsHostPort(host: string, port: string): boolean {
    if (this.hostPorts.has(`${host}|${port}`)) return true;
    const n = Number(port);
    return this.hostPortRanges.some((r) => r.host === host && n >= r.from && n <= r.to);
  }

  /**
   * At registration, without DNS: why the URL's host may not be used (e.g. "127.0.0.1 is a loopback
   * address"), or null. A DNS name is judged again by its addresses at each delivery.
   */
  hostRefusal(url: URL): string | null {
    const host = comparableHost(url);
    const port = effectivePort(url);
    if (this.allowsHostPort(host, port)) return null;
    if (familyOf(host) !== null) return this.addressRefusal(host, url);
    const suffix = LOCAL_NAME_SUFFIXES.find((s) => host === s || host.endsWith(`.${s}`));
    if (suffix === 'localhost')
      return this.networks.check('127.0.0.1', 'ipv4') ? null : `${host} names this machine (loopback)`;
    if (suffix) return `${host} is a local-network name (.${suffix}), not a public one`;
    if (!host.includes('.'))
      return `${host} is not a fully qualified domain name (it would resolve through local search domains)`;
    return null;
  }

  /**
   * At delivery, for each address the host resolved to: why it may not be contacted for this URL
   * (e.g. "127.0.0.1 is a loopback address"), or null.
   */
  addressRefusal(address: string, url: URL): string | null {
    const port = effectivePort(url);
    if (this.allowsHostPort(comparableHost(url), port) || this.allowsHostPort(address, port)) return null;
    const reason = nonPublicAddressReason(address);
    if (reason === null) return null;
    const family = familyOf(address);
    if (family !== null && this.networks.check(address, family)) return null;
    return `${address} is ${reason}`;
  }
}
