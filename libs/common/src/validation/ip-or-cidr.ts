import { isIP } from 'node:net';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/** An IPv4/IPv6 address or CIDR block (`192.0.2.0/24`, `2001:db8::/32`). */
export function isIpOrCidr(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 49) return false;
  const [address, prefix, extra] = value.split('/');
  const version = isIP(address);
  if (!version || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

export function IsIpOrCidr(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isIpOrCidr',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'each entry must be an IP address or CIDR block', ...options },
      validator: { validate: isIpOrCidr },
    });
}
