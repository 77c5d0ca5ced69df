import { MAX_DESTINATIONS } from '../src/audit-streaming/audit-stream-destinations.service';
import { DEFAULT_CONFIRMATION } from './support/factories';
import { createOrg } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

/** At most five audit-stream destinations per organization, also when the creates race each other. */
describe('audit streaming: the destination cap under parallel creates', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lets exactly five of twelve parallel creates through and stores five', async () => {
    const org = await createOrg(t);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.api('post', `/organizations/${org.orgId}/audit/streams`, org.manager.token).send({
          name: `siem ${i}`,
          kind: 'webhook',
          url: `http://127.0.0.1:9/hook${i}`,
          confirmationPassword: DEFAULT_CONFIRMATION,
        }),
      ),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(MAX_DESTINATIONS);
    expect(statuses.filter((s) => s === 409)).toHaveLength(12 - MAX_DESTINATIONS);
    for (const refused of answers.filter((r) => r.status === 409)) {
      expect(refused.body).toMatchObject({ code: 'CONFLICT', details: { limit: MAX_DESTINATIONS } });
    }
    const [{ n }]: { n: number | string }[] = await t.dataSource.query(
      'SELECT COUNT(*) AS n FROM audit_stream_destinations WHERE organization_id = ?',
      [org.orgId],
    );
    expect(Number(n)).toBe(MAX_DESTINATIONS);
  });
});
