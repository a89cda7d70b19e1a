// SSRF defence for webhook deliveries: a webhook URL is the one place a tenant makes Tessera open a
// connection, so the target is resolved once, every address it resolves to is checked, and the
// connection goes to the checked address itself (no second lookup a rebinding DNS could answer
// differently). Link-local and cloud metadata addresses are refused always; loopback and private
// ranges unless TESSERA_WEBHOOK_ALLOW_PRIVATE=true. IPv4-mapped IPv6 (::ffff:a.b.c.d, in either
// spelling) is checked as the IPv4 address it carries (node's BlockList does so).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ipAllowed } from '../../core/cidr.js';

/** Never a target: link-local (where cloud metadata lives), metadata hosts, multicast, reserved. */
const ALWAYS_REFUSED = [
  '169.254.0.0/16',
  'fe80::/10',
  // Metadata services outside 169.254/16: AWS over IPv6, Alibaba Cloud.
  'fd00:ec2::254/128',
  '100.100.100.200/32',
  '224.0.0.0/4',
  '240.0.0.0/4',
  'ff00::/8',
];

/** Targets only with TESSERA_WEBHOOK_ALLOW_PRIVATE=true: loopback, private, shared and "this" networks. */
const PRIVATE = [
  '127.0.0.0/8',
  '::1/128',
  '::/128',
  '0.0.0.0/8',
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  'fc00::/7',
  // NAT64 and 6to4 embed an IPv4 address the gateway would reach on our behalf.
  '64:ff9b::/96',
  '2002::/16',
];

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Resolves a host name to every address it has (the system resolver, as connecting would use). */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => ({
    address: entry.address,
    family: entry.family === 6 ? 6 : 4,
  }));

/** Why this address may not be a target, or null when it may. */
export function addressRefusal(address: string, allowPrivate: boolean): string | null {
  if (isIP(address) === 0) return 'not an IP address';
  if (ipAllowed(ALWAYS_REFUSED, address)) return `${address} is link-local, metadata or reserved`;
  if (!allowPrivate && ipAllowed(PRIVATE, address))
    return `${address} is loopback or private (TESSERA_WEBHOOK_ALLOW_PRIVATE is off)`;
  return null;
}

export type VettedTarget =
  | { readonly ok: true; readonly address: ResolvedAddress }
  | { readonly ok: false; readonly reason: string };

/**
 * The address to connect to for `hostname` (a URL's, brackets and all): an IP literal is checked as
 * is; a name is resolved once and refused if any address it resolves to is refused (a name that
 * answers one public and one private address is not a public name).
 */
export async function vetHost(
  hostname: string,
  allowPrivate: boolean,
  resolve: Resolver,
): Promise<VettedTarget> {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  const literal = isIP(bare);
  let addresses: readonly ResolvedAddress[];
  if (literal !== 0) {
    addresses = [{ address: bare, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await resolve(bare);
    } catch {
      return { ok: false, reason: 'the host name does not resolve' };
    }
  }
  if (addresses.length === 0) return { ok: false, reason: 'the host name does not resolve' };
  for (const entry of addresses) {
    const refusal = addressRefusal(entry.address, allowPrivate);
    if (refusal !== null) return { ok: false, reason: refusal };
  }
  return { ok: true, address: addresses[0]! };
}
