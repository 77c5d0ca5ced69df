import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@kanri/common/config/environment';
import { loadAppConfig } from '@kanri/common/config/app-config';
import { httpsOptionsFor } from './https-options';

const base = {
  NODE_ENV: 'test',
  JWT_SECRET: 'x'.repeat(40),
  FIELD_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  DATABASE_URL: 'sqlite::memory:',
};

describe('TLS_CERT / TLS_KEY / TLS_CLIENT_CA', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kanri-tls-'));
  for (const name of ['cert.pem', 'key.pem', 'ca.pem']) writeFileSync(join(dir, name), `${name}\n`);

  it('serves plain HTTP when none is set', () => {
    expect(httpsOptionsFor(loadAppConfig(base))).toBeUndefined();
  });

  it('serves HTTPS with the files, and asks for client certificates only with a client CA', () => {
    const https = httpsOptionsFor(
      loadAppConfig({ ...base, TLS_CERT: join(dir, 'cert.pem'), TLS_KEY: join(dir, 'key.pem') }),
    )!;
    expect(String(https.cert)).toBe('cert.pem\n');
    expect(https.requestCert).toBeUndefined();
    const mutual = httpsOptionsFor(
      loadAppConfig({
        ...base,
        TLS_CERT: join(dir, 'cert.pem'),
        TLS_KEY: join(dir, 'key.pem'),
        TLS_CLIENT_CA: join(dir, 'ca.pem'),
      }),
    )!;
    expect(String(mutual.ca)).toBe('ca.pem\n');
    expect(mutual).toMatchObject({ requestCert: true, rejectUnauthorized: false });
  });

  it('stops the start with the variable named when a file is missing or a half is absent', () => {
    expect(() => loadAppConfig({ ...base, TLS_CERT: join(dir, 'cert.pem') })).toThrow(/TLS_CERT and TLS_KEY/);
    try {
      loadAppConfig({ ...base, TLS_CERT: join(dir, 'cert.pem'), TLS_KEY: join(dir, 'missing.pem') });
      throw new Error('expected a configuration error');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems).toEqual([
        `TLS_KEY: cannot read the file ${join(dir, 'missing.pem')}`,
      ]);
    }
  });
});
