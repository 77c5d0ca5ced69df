import type * as Crypto from 'node:crypto';

// randomBytes made to give a serial with a zero first octet before a good one.
const queue: Buffer[] = [];
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof Crypto>('node:crypto');
  return { ...actual, randomBytes: (size: number) => queue.shift() ?? actual.randomBytes(size) };
});

import { canonicalSerial, randomSerialNumber } from './serial-number';

describe('serial numbers at their edges', () => {
  it('draws again when the first octet is zero, and gives 16 bytes as upper-case hex', () => {
    queue.push(Buffer.alloc(16, 0x00), Buffer.from([0x00, ...Array(15).fill(0xab)]), Buffer.alloc(16, 0x0c));
    expect(randomSerialNumber()).toBe('0C'.repeat(16));
    expect(queue).toHaveLength(0);
  });

  it('accepts the first draw whose first octet is not zero', () => {
    queue.push(Buffer.from([0x01, ...Array(15).fill(0xfe)]), Buffer.alloc(16, 0x77));
    expect(randomSerialNumber()).toBe(`01${'FE'.repeat(15)}`);
    queue.length = 0;
  });

  it.each([
    ['00', '00'],
    ['0', '00'],
    ['', '00'],
    ['0001', '01'],
    ['00:00:10:01', '1001'],
    ['ab:cd', 'ABCD'],
    ['abc', '0ABC'],
    ['a:b:c', '0ABC'],
    ['100', '0100'],
  ])('canonicalizes %j as %j', (printed, canonical) => {
    expect(canonicalSerial(printed)).toBe(canonical);
  });
});
