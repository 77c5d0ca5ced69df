import { SD_ID, octetCounted, readFrames, syslogMessage } from './syslog-frame';
import type { StreamEvent, TestEvent } from './stream-event';

const AT = '2026-12-06T00:00:00.000Z';
const operation = (outcome: string): StreamEvent => ({
  v: 1,
  type: 'operation',
  id: 'op-1',
  organizationId: 'org-1',
  chain: 'operations:org-1',
  sequence: 3,
  previousHash: 'p0',
  hash: 'h1',
  occurredAt: AT,
  record: { outcome } as never,
});
const login: StreamEvent = {
  v: 1,
  type: 'login',
  id: 'lg-1',
  organizationId: null,
  chain: 'login:system',
  sequence: 9,
  previousHash: '',
  hash: 'h9',
  occurredAt: AT,
  record: { outcome: 'failure' } as never,
};
const test: TestEvent = { v: 1, type: 'test', id: 't-1', organizationId: 'org-1', occurredAt: AT };

describe('syslog messages (RFC 5424)', () => {
  it('write the header, the structured data and the event as JSON after a BOM', () => {
    const event = operation('success');
    expect(SD_ID).toBe('kanri@32473');
    expect(syslogMessage(event, 'kanri-app-1')).toBe(
      `<110>1 ${AT} kanri-app-1 kanri - operation [kanri@32473 id="op-1" org="org-1" chain="operations:org-1" seq="3" prev="p0" hash="h1"] \uFEFF${JSON.stringify(event)}`,
    );
  });

  it('are informational for successes, logins and tests, notice for refused and failed operations', () => {
    const pri = (event: StreamEvent | TestEvent) => syslogMessage(event, 'h').split('>')[0];
    expect(pri(operation('success'))).toBe('<110');
    expect(pri(operation('refused'))).toBe('<109');
    expect(pri(operation('failure'))).toBe('<109');
    expect(pri(login)).toBe('<110');
    expect(pri(test)).toBe('<110');
  });

  it('name the system chain for events of no organization, and give tests no chain', () => {
    expect(syslogMessage(login, 'h')).toContain(
      '[kanri@32473 id="lg-1" org="system" chain="login:system" seq="9" prev="" hash="h9"] \uFEFF',
    );
    expect(syslogMessage(test, 'h')).toBe(
      `<110>1 ${AT} h kanri - test [kanri@32473 id="t-1" org="org-1"] \uFEFF${JSON.stringify(test)}`,
    );
  });

  it('escape only ", \\ and ] in parameter values', () => {
    const event = { ...test, id: 'a"b\\c]d[e=f g' };
    expect(syslogMessage(event, 'h')).toContain('[kanri@32473 id="a\\"b\\\\c\\]d[e=f g" org="org-1"]');
  });

  it('keep printable ASCII of the host name, at most 255 characters, or "-"', () => {
    const host = (name: string) => syslogMessage(test, name).split(' ')[2];
    expect(host('app 1\tまち\x7f!~')).toBe('app1!~');
    expect(host('a'.repeat(300))).toBe('a'.repeat(255));
    expect(host('')).toBe('-');
    expect(host('まち')).toBe('-');
  });
});

describe('octet-counted framing', () => {
  it('prefixes the length in bytes and a space', () => {
    expect(octetCounted('abc').toString('utf8')).toBe('3 abc');
    expect(octetCounted('日本').toString('utf8')).toBe('6 日本');
  });

  it('splits complete frames and returns the rest', () => {
    const stream = Buffer.concat([octetCounted('a b'), octetCounted('日本'), Buffer.from('5 ab')]);
    const { frames, rest } = readFrames(stream);
    expect(frames).toEqual(['a b', '日本']);
    expect(rest.toString()).toBe('5 ab');
    expect(readFrames(Buffer.from('3 abc'))).toEqual({ frames: ['abc'], rest: Buffer.alloc(0) });
    expect(readFrames(Buffer.from('12'))).toEqual({ frames: [], rest: Buffer.from('12') });
    expect(readFrames(Buffer.alloc(0))).toEqual({ frames: [], rest: Buffer.alloc(0) });
    expect(readFrames(Buffer.from('4 abc'))).toEqual({ frames: [], rest: Buffer.from('4 abc') });
  });

  it('refuses a length that is not a positive whole number', () => {
    for (const bad of ['0 x', 'x abc', '-1 a', '1.5 ab', ' abc']) {
      expect(() => readFrames(Buffer.from(bad))).toThrow();
    }
    // The frames before a bad one are not lost silently: the whole buffer is refused.
    expect(() => readFrames(Buffer.from('1 a0 x'))).toThrow();
  });
});
