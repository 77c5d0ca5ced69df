import { getRepositoryToken } from '@nestjs/typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { FieldCipher } from '@kanri/security/field-cipher';
import { CaService } from '../src/certificates/ca/ca.service';
import { CertificateAuthority } from '../src/certificates/ca/certificate-authority.entity';
import { createTestApp, type TestApp } from './support/test-app';

/** SPEC §7 "on first start Kanri creates a root and an issuing CA", once, however many instances start together. */
describe('CA bootstrap', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates the CA on first start and keeps it across restarts', async () => {
    const rows = await t.dataSource.query('SELECT id, role FROM certificate_authorities');
    expect(rows.map((r: { role: string }) => r.role).sort()).toEqual(['issuing', 'root']);
    const restarted = instance();
    expect((await restarted.ca()).root.id).toBe((await t.app.get(CaService).ca()).root.id);
    expect(await t.dataSource.query('SELECT id FROM certificate_authorities')).toHaveLength(2);
  });

  it('ends with one CA when several instances find an empty database at the same moment', async () => {
    await t.dataSource.query('DELETE FROM certificate_crls');
    await t.dataSource.query('DELETE FROM certificate_authorities');
    const starting = Array.from({ length: 5 }, () => instance());
    const pairs = await Promise.all(starting.map((s) => s.ca()));
    const roots = new Set(pairs.map((p) => p.root.certificate.serialNumber));
    const issuers = new Set(pairs.map((p) => p.issuing.id));
    expect(roots.size).toBe(1);
    expect(issuers.size).toBe(1);
    const rows = await t.dataSource.query('SELECT role FROM certificate_authorities');
    expect(rows).toHaveLength(2);
    const rootIds = new Set(pairs.map((p) => p.root.id));
    expect(rootIds.size).toBe(1);
    // One CRL per CA: the issuing CA's, and the root's that the issuing CA certificate points to.
    const crls = (await t.dataSource.query('SELECT ca_id FROM certificate_crls')) as { ca_id: string }[];
    expect(crls.map((r) => r.ca_id).sort()).toEqual([...issuers, ...rootIds].sort());
  });

  /** A CaService as another instance would build it, without the first instance's cached CA. */
  function instance(): CaService {
    return new CaService(
      t.app.get(getRepositoryToken(CertificateAuthority)),
      t.app.get(TransactionService),
      t.app.get(FieldCipher),
      t.app.get(Clock),
      t.config,
    );
  }
});
