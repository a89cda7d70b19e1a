// Allowed source addresses of a token (Cloudflare-style CIDR lists), matched with node's BlockList.
import { BlockList, isIP } from 'node:net';

export const MAX_CIDRS = 50;

interface Subnet {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

export function parseCidr(text: string): Subnet | null {
  const [address, prefixText, extra] = text.split('/');
  if (address === undefined || extra !== undefined) return null;
  const version = isIP(address);
  if (version === 0) return null;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const maxPrefix = version === 4 ? 32 : 128;
  const prefix =
    prefixText === undefined ? maxPrefix : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
  return prefix >= 0 && prefix <= maxPrefix ? { address, prefix, family } : null;
}

/** A problem text, or null when every entry is an IPv4 or IPv6 address or CIDR block. */
export function checkCidrs(list: readonly string[]): string | null {
  if (list.length === 0 || list.length > MAX_CIDRS)
    return `allowed_cidrs must hold 1 to ${MAX_CIDRS} entries`;
  const bad = list.find((entry) => parseCidr(entry) === null);
  return bad === undefined ? null : `"${bad.slice(0, 60)}" is not an IP address or CIDR block`;
}

/**
 * Each list compiled once: a cached credential keeps the same token record (and so the same array)
 * across hits, so a verification checks a ready BlockList instead of parsing every block again.
 */
const compiledLists = new WeakMap<readonly string[], BlockList>();

function compiled(cidrs: readonly string[]): BlockList {
  let list = compiledLists.get(cidrs);
  if (list === undefined) {
    list = new BlockList();
    for (const entry of cidrs) {
      const subnet = parseCidr(entry);
      if (subnet !== null) list.addSubnet(subnet.address, subnet.prefix, subnet.family);
    }
    compiledLists.set(cidrs, list);
  }
  return list;
}

/** Whether `ip` (as Node reports it, IPv4-mapped IPv6 included) falls in one of the blocks. */
export function ipAllowed(cidrs: readonly string[], ip: string | null | undefined): boolean {
  if (ip === null || ip === undefined) return false;
  const plain = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  const version = isIP(plain);
  if (version === 0) return false;
  return compiled(cidrs).check(plain, version === 4 ? 'ipv4' : 'ipv6');
}
