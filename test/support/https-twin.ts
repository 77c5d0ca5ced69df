import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadAppConfig } from '@kanri/common/config/app-config';
import { httpsOptionsFor } from '../../src/certificates/tls/https-options';
import { makeCsr } from './certificate-helpers';
import { createTestApp, type TestApp } from './test-app';
import { sameDatabase, type TestDatabase } from './test-database';

/**
 * A second Kanri on the same database serving HTTPS with client-certificate sign-in (TLS_CLIENT_CA), for the
 * certificate sign-in and renewal tests. Its server certificate for localhost comes from Kanri's own CA through the
 * organization's domains, like any server certificate an organization holds; the PEM files go to `dir`.
 */
export async function startHttpsTwin(
  a: TestApp,
  o: { orgId: string; managerToken: string; chainPem: string; dir: string; database: TestDatabase },
): Promise<{ app: TestApp; port: number }> {
  await a.api('post', `/organizations/${o.orgId}/domains`, o.managerToken).send({ domain: 'localhost' });
  const serverKey = await makeCsr({ key: 'p256', subject: 'CN=localhost' });
  const server = await a
    .api('post', `/organizations/${o.orgId}/certificates`, o.managerToken)
    .send({ type: 'server', csr: serverKey.pem, dnsNames: ['localhost'] });
  if (server.status !== 201)
    throw new Error(`server certificate: ${server.status} ${JSON.stringify(server.body)}`);
  writeFileSync(join(o.dir, 'server.pem'), server.body.certificatePem + o.chainPem);
  writeFileSync(join(o.dir, 'server-key.pem'), serverKey.privateKeyPem);
  writeFileSync(join(o.dir, 'client-ca.pem'), o.chainPem);
  const env = {
    TLS_CERT: join(o.dir, 'server.pem'),
    TLS_KEY: join(o.dir, 'server-key.pem'),
    TLS_CLIENT_CA: join(o.dir, 'client-ca.pem'),
  };
  const httpsOptions = httpsOptionsFor(
    loadAppConfig({
      NODE_ENV: 'test',
      JWT_SECRET: 'x'.repeat(40),
      FIELD_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      ...env,
    }),
  );
  const app = await createTestApp({ database: sameDatabase(o.database), env, httpsOptions });
  await app.app.listen(0, '127.0.0.1');
  return { app, port: (app.app.getHttpServer().address() as AddressInfo).port };
}
