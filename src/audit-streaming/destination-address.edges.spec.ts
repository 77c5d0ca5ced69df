import {
  caCertificateProblem,
  isLoopbackHost,
  syslogHostProblem,
  webhookUrlProblem,
} from './destination-address';

// A self-signed P-256 certificate (CN=Kanri test CA, valid until 2126), as an operator would paste it.
const CA_PEM = `
-----BEGIN CERTIFICATE-----
MIIBiDCCAS2gAwIBAgIUH+eFdeh7eBX2ekp+UZorYL4JuKgwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNS2FucmkgdGVzdCBDQTAgFw0yNjEyMDYwMjQzNTZaGA8yMTI2
MTExMjAyNDM1NlowGDEWMBQGA1UEAwwNS2FucmkgdGVzdCBDQTBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABMy0N8oWGjuITV5y9whpoKnnmQbgojx9x7BX6oysVpUl
+RR3QbGdiPVU0k+glJ8UXiOdi7Ke5I+wQWLLPOi7FCijUzBRMB0GA1UdDgQWBBSR
L/k7EWbnazNI8IQunOupjx4TyzAfBgNVHSMEGDAWgBSRL/k7EWbnazNI8IQunOup
jx4TyzAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQCT0yzQw0fq
Mmoj4cb9pbWE9Z1PdEoC4Suq0x+Q2YghTAIhAM0PQAxdRLucV9da07ZabfKAHVJg
yGR33yjfMeBSo5RP
-----END CERTIFICATE-----
`;

/** A problem is a non-empty explanation; the wording is not the rule, its presence is. */
const refused = (problem: string | null) => typeof problem === 'string' && problem.length > 0;

describe('loopback hosts', () => {
  it('are localhost, ::1 and 127.0.0.0/8, bracketed or not, in any case', () => {
    for (const host of ['localhost', 'LocalHost', '::1', '[::1]', '127.0.0.1', '127.255.0.9']) {
      expect([host, isLoopbackHost(host)]).toEqual([host, true]);
    }
  });

  it('are nothing else', () => {
    for (const host of [
      '::2',
      '[::2]',
      '10.0.0.127',
      '127.0.0.1.example.jp',
      '127.example',
      'localhost.example',
      'x[::1]',
      '[::1]x',
      '::[1]',
      '[::]1',
      '0.0.0.0',
    ]) {
      expect([host, isLoopbackHost(host)]).toEqual([host, false]);
    }
  });
});

describe('webhook URLs', () => {
  it('refuse a user name alone and a password alone', () => {
    expect(refused(webhookUrlProblem('https://user@siem.example.jp/', false))).toBe(true);
    expect(refused(webhookUrlProblem('https://:pw@siem.example.jp/', false))).toBe(true);
  });

  it('refuse every problem with a non-empty explanation', () => {
    for (const [url, production] of [
      ['not a url', false],
      ['https://u:p@siem.example.jp/', false],
      ['https://siem.example.jp/#f', false],
      ['http://127.0.0.1/', true],
      ['http://192.0.2.1/', false],
      ['ftp://siem.example.jp/', false],
      ['ws://127.0.0.1/', false],
    ] as const) {
      expect([url, production, refused(webhookUrlProblem(url, production))]).toEqual([url, production, true]);
    }
  });

  it('allow https anywhere and http to loopback outside production', () => {
    expect(webhookUrlProblem('https://192.0.2.1:8443/in?x=1', true)).toBeNull();
    expect(webhookUrlProblem('http://[::1]:8080/', false)).toBeNull();
    expect(webhookUrlProblem('http://LOCALHOST/', false)).toBeNull();
  });
});

describe('syslog hosts', () => {
  it('accept host names and IP addresses, bracketed IPv6 included', () => {
    for (const host of [
      'a',
      'syslog.example.jp',
      'SYSLOG-1.Example.JP',
      '192.0.2.1',
      '2001:db8::1',
      '[2001:db8::1]',
      'x1',
      'a.b',
      'x.y.z',
      '1x',
    ]) {
      expect([host, syslogHostProblem(host, true, true)]).toEqual([host, null]);
    }
  });

  it('refuse what is neither', () => {
    for (const host of [
      '',
      'bad host',
      '-a.example',
      'a-.example',
      'a..b',
      '.a',
      'a.',
      'a_b',
      'é.example',
      'a.b/c',
      'a[b',
      'a]b',
      '[syslog.example.jp]x',
    ]) {
      expect([host, refused(syslogHostProblem(host, true, false))]).toEqual([host, true]);
    }
  });

  it('allow labels of up to 63 characters and names of up to 253', () => {
    const label63 = 'a'.repeat(63);
    expect(syslogHostProblem(label63, true, true)).toBeNull();
    expect(syslogHostProblem(`${label63}.jp`, true, true)).toBeNull();
    expect(syslogHostProblem(`a${'-'.repeat(61)}b`, true, true)).toBeNull();
    expect(refused(syslogHostProblem('a'.repeat(64), true, true))).toBe(true);
    expect(refused(syslogHostProblem(`${'a'.repeat(64)}.jp`, true, true))).toBe(true);
    const name253 = [label63, label63, label63, 'a'.repeat(61)].join('.');
    expect(name253).toHaveLength(253);
    expect(syslogHostProblem(name253, true, true)).toBeNull();
    expect(refused(syslogHostProblem(`${name253}a`, true, true))).toBe(true);
  });

  it('allow plain TCP only to loopback outside production', () => {
    expect(syslogHostProblem('[::1]', false, false)).toBeNull();
    expect(syslogHostProblem('localhost', false, false)).toBeNull();
    expect(refused(syslogHostProblem('localhost', false, true))).toBe(true);
    expect(refused(syslogHostProblem('syslog.example.jp', false, false))).toBe(true);
    expect(syslogHostProblem('syslog.example.jp', true, false)).toBeNull();
  });
});

describe('CA certificates', () => {
  it('accept a PEM certificate', () => {
    expect(caCertificateProblem(CA_PEM)).toBeNull();
  });

  it('refuse other PEM labels that OpenSSL would read as a certificate', () => {
    expect(refused(caCertificateProblem(CA_PEM.replaceAll('CERTIFICATE', 'X509 CERTIFICATE')))).toBe(true);
    expect(refused(caCertificateProblem(CA_PEM.replaceAll('CERTIFICATE', 'TRUSTED CERTIFICATE')))).toBe(true);
  });

  it('refuse anything else', () => {
    for (const pem of [
      '',
      'garbage',
      CA_PEM.replace('MIIB', 'XXXX'),
      '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
    ]) {
      expect(refused(caCertificateProblem(pem))).toBe(true);
    }
  });
});
