import { domainToASCII } from 'node:url';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * A host or domain name in the form certificates carry: lower-case ASCII (IDNs in punycode, `例え.jp` becomes
 * `xn--r8jz45g.jp`), no trailing dot, LDH labels, and a last label that is not all digits (so an IP address is
 * never mistaken for a name). With `wildcard`, a leading `*.` label is allowed. Returns null when invalid.
 */
export function normalizeDnsName(input: string, options: { wildcard?: boolean } = {}): string | null {
  let name = input.trim().replace(/\.$/, '');
  let prefix = '';
  if (options.wildcard && name.startsWith('*.')) {
    prefix = '*.';
    name = name.slice(2);
  }
  const ascii = domainToASCII(name);
  if (!ascii || ascii.length + prefix.length > 253) return null;
  const labels = ascii.split('.');
  if (!labels.every((l) => LABEL.test(l))) return null;
  if (/^\d+$/.test(labels[labels.length - 1])) return null;
  return prefix + ascii;
}

/**
 * The registered domain that covers `name` (equal to it, or a parent of it), preferring the most specific; a
 * wildcard `*.a.example.jp` is covered by `a.example.jp` or any parent. Null when no registered domain covers it.
 */
export function coveringDomain(name: string, registered: readonly string[]): string | null {
  const host = name.startsWith('*.') ? name.slice(2) : name;
  let best: string | null = null;
  for (const domain of registered) {
    // Every domain that covers the host is a parent of the host, so of two, the more specific is a subdomain of
    // the other.
    if ((host === domain || host.endsWith(`.${domain}`)) && (!best || domain.endsWith(`.${best}`)))
      best = domain;
  }
  return best;
}
