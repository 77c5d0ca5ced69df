import { isLoopbackHost, syslogHostProblem, webhookUrlProblem } from './destination-address';
import { octetCounted, readFrames, syslogMessage } from './syslog-frame';

describe('where audit records may go', () => {
  it.each([
    ['https://siem.example.jp/kanri', false, null],
    ['https://siem.example.jp/kanri', true, null],
    ['http://127.0.0.1:8080/x', false, null],
    ['http://localhost/x', false, null],
    ['http://[::1]:9/x', false, null],
    ['http://127.0.0.1:8080/x', true, 'must use https'],
    ['http://10.0.0.1/x', false, 'must use https (http only to a loopback address outside production)'],
    [
      'http://127.0.0.1.example.jp/x',
      false,
      'must use https (http only to a loopback address outside production)',
    ],
    ['ftp://siem.example.jp/', false, 'must use https'],
    ['https://user:pw@siem.example.jp/', false, 'must not carry a user name or password'],
    ['https://siem.example.jp/#x', false, 'must not carry a fragment'],
    ['siem.example.jp', false, 'must be an absolute URL'],
  ])('webhook %s (production %s): %s', (url, production, problem) => {
    expect(webhookUrlProblem(url, production)).toBe(problem);
  });

  it('allows plain TCP syslog only to loopback outside production', () => {
    expect(syslogHostProblem('syslog.example.jp', true, true)).toBeNull();
    expect(syslogHostProblem('127.0.0.1', false, false)).toBeNull();
    expect(syslogHostProblem('127.0.0.1', false, true)).toMatch(/plain TCP/);
    expect(syslogHostProblem('192.0.2.1', false, false)).toMatch(/plain TCP/);
    expect(syslogHostProblem('bad host', true, false)).toMatch(/host name/);
    expect(isLoopbackHost('127.8.9.10')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });
});

describe('syslog framing', () => {
  it('writes RFC 5424 with escaped structured data, framed by byte length', () => {
    const message = syslogMessage(
      {
        v: 1,
        type: 'operation',
        id: 'a"b]c\\d',
        organizationId: null,
        chain: 'operations:system',
        sequence: 7,
        previousHash: 'p',
        hash: 'h',
        occurredAt: '2026-12-06T00:00:00.000Z',
        record: { outcome: 'refused' } as never,
      },
      'host name',
    );
    expect(message).toMatch(
      /^<109>1 2026-12-06T00:00:00.000Z hostname kanri - operation \[kanri@32473 id="a\\"b\\]c\\\\d" org="system" chain="operations:system" seq="7" prev="p" hash="h"\] \uFEFF\{/,
    );
    const frames = Buffer.concat([
      octetCounted(message),
      octetCounted('<110>1 日本語'),
      Buffer.from('12 <1'),
    ]);
    const { frames: read, rest } = readFrames(frames);
    expect(read).toEqual([message, '<110>1 日本語']);
    expect(rest.toString()).toBe('12 <1');
  });
});
