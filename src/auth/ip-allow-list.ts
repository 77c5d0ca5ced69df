import { BlockList, isIP } from 'node:net';

/**
 * Per-user IP allow-lists (SPEC §3.2 step 2, §4 `allowedIps`): addresses and CIDR blocks, IPv4 and IPv6. An empty
 * list allows every address. IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`, as a dual-stack socket reports IPv4
 * clients) are treated as the IPv4 address, on both sides, so an IPv4 entry matches them and vice versa.
 */
export function isAddressAllowed(
  allowed: readonly string[] | null | undefined,
  address: string | null,
): boolean {
  if (!allowed?.length) return true;
  if (!address) return false;
  const client = unmapIpv4(address);
  const family = isIP(client);
  // Stryker disable next-line ConditionalExpression: BlockList.check answers false for a malformed address too
  if (!family) return false;
  const list = new BlockList();
  for (const entry of allowed) addEntry(list, entry);
  return list.check(client, family === 4 ? 'ipv4' : 'ipv6');
}

function addEntry(list: BlockList, entry: string): void {
  const [rawAddress, prefixText] = entry.trim().split('/');
  const address = unmapIpv4(rawAddress);
  const family = isIP(address);
  if (!family) return; // entries are validated on the way in; a stray one allows nothing
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) {
    list.addAddress(address, type);
    return;
  }
  // Digits only: `Number('')` is 0, and `192.0.2.0/` must not become the whole IPv4 space.
  if (!/^\d{1,3}$/.test(prefixText)) return;
  let prefix = Number(prefixText);
  // `::ffff:192.0.2.0/120` written in IPv6 form: the same block in IPv4 terms.
  // Stryker disable next-line ConditionalExpression: only IPv4 addresses come out of unmapIpv4 changed
  if (family === 4 && address !== rawAddress) prefix -= 96;
  if (prefix < 0 || prefix > (family === 4 ? 32 : 128)) return;
  list.addSubnet(address, prefix, type);
}

/** `::ffff:a.b.c.d` → `a.b.c.d`; anything else unchanged. */
export function unmapIpv4(address: string): string {
  const match = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return match ? match[1] : address;
}
