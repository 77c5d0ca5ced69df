import { createGroup, createOrg, type CreatedOrg } from './support/org-factories';
import { createRecord, rowsOf } from './support/personal-number-helpers';
import { DEFAULT_CONFIRMATION } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

// Jest 29 ignores the e2e project's `testTimeout`; these files boot the app and create many accounts.
jest.setTimeout(60_000);

const HEADER = '社員番号,続柄,氏,名,個人番号,状態,退職日,グループコード';

/**
 * SPEC §2 (a group that is not empty cannot be deleted) with §8: the vault's employees belong to groups (所属), and a
 * group they still belong to is refused like one with members, so no record is left pointing at a deleted group.
 */
describe('Individual numbers: the groups employees belong to', () => {
  let t: TestApp;
  let org: CreatedOrg;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
    base = `/organizations/${org.orgId}/personal-numbers`;
  });
  afterAll(() => t.close());

  const deleteGroup = (groupId: string) =>
    t.api('delete', `/organizations/${org.orgId}/groups/${groupId}`, org.manager.token);
  const groupRows = (groupId: string) => rowsOf(t, 'SELECT id FROM org_groups WHERE id = ?', [groupId]);
  const employeeGroup = async (employeeCode: string): Promise<(string | null)[]> =>
    (
      await rowsOf<{ group_id: string | null }>(
        t,
        'SELECT group_id FROM personal_number_employees WHERE organization_id = ? AND employee_code = ?',
        [org.orgId, employeeCode],
      )
    ).map((r) => r.group_id);
  const importRows = (rows: string[]) =>
    t
      .api('post', `${base}/import`, org.manager.token)
      .field('confirmationPassword', DEFAULT_CONFIRMATION)
      .attach('file', Buffer.from([HEADER, ...rows].join('\r\n'), 'utf8'), 'employees.csv');

  /** No employee of the organization points at a group that does not exist. */
  async function expectNoOrphans(): Promise<void> {
    expect(
      await rowsOf(
        t,
        `SELECT e.employee_code FROM personal_number_employees e LEFT JOIN org_groups g ON g.id = e.group_id
         WHERE e.organization_id = ? AND e.group_id IS NOT NULL AND g.id IS NULL`,
        [org.orgId],
      ),
    ).toEqual([]);
  }

  it('refuses to delete a group an employee belongs to (409 GROUP_NOT_EMPTY) and deletes it once they moved', async () => {
    const group = await createGroup(t, org, 'PN-A');
    const other = await createGroup(t, org, 'PN-B');
    const record = await createRecord(t, org.orgId, org.manager.token, {
      employeeCode: 'GE001',
      groupId: group,
    });

    const refused = await deleteGroup(group);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'GROUP_NOT_EMPTY',
      details: { reason: 'personal_number_records' },
    });
    expect(await groupRows(group)).toHaveLength(1);
    expect(
      await rowsOf(t, 'SELECT descendant_id FROM org_group_closure WHERE descendant_id = ?', [group]),
    ).toHaveLength(1);
    expect(await employeeGroup('GE001')).toEqual([group]);
    expect((await t.api('get', `${base}/${record.id}`, org.manager.token)).body.groupId).toBe(group);

    await t.api('patch', `${base}/${record.id}`, org.manager.token).send({ groupId: other }).expect(200);
    expect((await deleteGroup(group)).status).toBe(204);
    expect(await groupRows(group)).toEqual([]);
    expect(await employeeGroup('GE001')).toEqual([other]);
    await expectNoOrphans();
  });

  it('deletes the group once the employee’s last record is deleted', async () => {
    const group = await createGroup(t, org, 'PN-C');
    const self = await createRecord(t, org.orgId, org.manager.token, {
      employeeCode: 'GE002',
      groupId: group,
    });
    const child = await createRecord(t, org.orgId, org.manager.token, {
      employeeCode: 'GE002',
      familyName: '山田',
      givenName: '花子',
      relation: 'child',
    });
    await t.api('delete', `${base}/${self.id}`, org.manager.token).expect(204);
    // The child's record still keeps the employee (and so the group).
    expect((await deleteGroup(group)).body).toMatchObject({
      code: 'GROUP_NOT_EMPTY',
      details: { reason: 'personal_number_records' },
    });
    await t.api('delete', `${base}/${child.id}`, org.manager.token).expect(204);
    expect(await employeeGroup('GE002')).toEqual([]);
    expect((await deleteGroup(group)).status).toBe(204);
    expect(await groupRows(group)).toEqual([]);
  });

  it('refuses to delete a group an imported employee belongs to', async () => {
    const group = await createGroup(t, org, 'PN-D');
    expect((await importRows(['GE003,本人,山田,一郎,,,,PN-D'])).status).toBe(200);
    expect(await employeeGroup('GE003')).toEqual([group]);
    const refused = await deleteGroup(group);
    expect(refused.status).toBe(409);
    expect(refused.body.details).toEqual({ reason: 'personal_number_records' });
    expect(await groupRows(group)).toHaveLength(1);

    expect((await importRows(['GE003,本人,山田,一郎,,,,'])).status).toBe(200);
    expect(await employeeGroup('GE003')).toEqual([null]);
    expect((await deleteGroup(group)).status).toBe(204);
  });

  it('a deletion racing an assignment (create, move, import) leaves the group with the employee or neither', async () => {
    const parking = await createGroup(t, org, 'PN-PARK');
    for (let i = 0; i < 9; i++) {
      const kind = (['create', 'move', 'import'] as const)[i % 3];
      const code = `PN-R${i}`;
      const employeeCode = `GR${String(i).padStart(3, '0')}`;
      const group = await createGroup(t, org, code);
      let moved: string | null = null;
      if (kind === 'move')
        moved = (await createRecord(t, org.orgId, org.manager.token, { employeeCode, groupId: parking })).id;
      const assign = () => {
        if (kind === 'create')
          return t
            .api('post', base, org.manager.token)
            .send({ employeeCode, familyName: '競合', givenName: '太郎', relation: 'self', groupId: group });
        if (kind === 'move')
          return t.api('patch', `${base}/${moved}`, org.manager.token).send({ groupId: group });
        return importRows([`${employeeCode},本人,競合,太郎,,,,${code}`]);
      };
      // Sent in both orders across the iterations, so either side may reach the locks first.
      const [deletion, assignment] =
        i % 2 === 0
          ? await Promise.all([deleteGroup(group), assign()])
          : (await Promise.all([assign(), deleteGroup(group)])).reverse();

      const groupExists = (await groupRows(group)).length === 1;
      if (groupExists) {
        // The assignment committed first: the deletion saw the employee and was refused.
        expect(deletion.status).toBe(409);
        expect(deletion.body.details).toEqual({ reason: 'personal_number_records' });
        expect(assignment.status).toBe(kind === 'create' ? 201 : 200);
        expect(await employeeGroup(employeeCode)).toEqual([group]);
      } else {
        // The deletion committed first: the assignment found no group and changed nothing.
        expect(deletion.status).toBe(204);
        if (kind === 'import') {
          expect(assignment.status).toBe(422);
          expect(assignment.body.code).toBe('IMPORT_INVALID');
        } else {
          expect(assignment.status).toBe(404);
        }
        expect(await employeeGroup(employeeCode)).toEqual(kind === 'move' ? [parking] : []);
        expect(
          await rowsOf(t, 'SELECT ancestor_id FROM org_group_closure WHERE descendant_id = ?', [group]),
        ).toEqual([]);
      }
    }
    await expectNoOrphans();
  });
});
