import { DEFAULT_CONFIRMATION } from './support/factories';
import { createOrg, type CreatedOrg } from './support/org-factories';
import {
  SCIM_ERROR,
  SCIM_GROUP,
  SCIM_LIST,
  SCIM_USER,
  issueScimToken,
  patchOp,
  scim,
} from './support/scim-helpers';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/**
 * The provisioning sequence Microsoft Entra ID runs against a SCIM endpoint (its "SCIM validator" and the
 * documented request/response examples of "Develop and plan provisioning for a SCIM endpoint"), replayed against
 * /scim/v2 with the status codes and bodies Entra expects; then the same sequence with another organization's token.
 */
describe('SCIM 2.0: the Microsoft Entra ID provisioning sequence', () => {
  let t: TestApp;
  let org: CreatedOrg;
  let token: string;
  let other: CreatedOrg;
  let otherToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
    token = (await issueScimToken(t, org)).token;
    other = await createOrg(t);
    otherToken = (await issueScimToken(t, other, 'Okta')).token;
  });
  afterAll(() => t.close());

  const userName = 'ryanL03';
  const entraUser = {
    schemas: [SCIM_USER, ENTERPRISE],
    externalId: 'ryan3',
    userName,
    active: true,
    emails: [{ primary: true, type: 'work', value: 'Ryan_Leenay@testuser.com' }],
    meta: { resourceType: 'User' },
    name: { formatted: 'Ryan Leenay', familyName: 'Leenay', givenName: 'Ryan' },
    roles: [],
    [ENTERPRISE]: { department: 'Sales' },
  };

  let userId: string;
  let groupId: string;

  it('GET /Users?filter=userName eq "…" before creating: an empty ListResponse', async () => {
    const res = await scim(
      t,
      'get',
      `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
      token,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(res.body).toEqual({
      schemas: [SCIM_LIST],
      totalResults: 0,
      itemsPerPage: 0,
      startIndex: 1,
      Resources: [],
    });
  });

  it('POST /Users: 201 with Location and meta; the member exists in Kanri', async () => {
    const res = await scim(t, 'post', '/Users', token).send(entraUser);
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      body: null,
    });
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    userId = res.body.id;
    expect(res.headers.location).toMatch(new RegExp(`/scim/v2/Users/${userId}$`));
    expect(res.body).toMatchObject({
      schemas: expect.arrayContaining([SCIM_USER]),
      id: expect.any(String),
      userName,
      active: true,
      name: { familyName: 'Leenay', givenName: 'Ryan' },
      emails: [{ value: 'Ryan_Leenay@testuser.com', type: 'work', primary: true }],
      [ENTERPRISE]: { department: 'Sales' },
      meta: {
        resourceType: 'User',
        created: expect.any(String),
        lastModified: expect.any(String),
        location: res.headers.location,
      },
    });
    expect(res.body).not.toHaveProperty('password');
    const [row] = await t.dataSource.query(
      'SELECT organization_id, family_name, given_name, email, department, is_provisional FROM users WHERE id = ?',
      [userId],
    );
    expect(row).toMatchObject({
      organization_id: org.orgId,
      family_name: 'Leenay',
      given_name: 'Ryan',
      email: 'Ryan_Leenay@testuser.com',
      department: 'Sales',
    });
    expect(Boolean(Number(row.is_provisional))).toBe(true);
  });

  it('POST /Users again with the same userName: 409 uniqueness', async () => {
    const res = await scim(t, 'post', '/Users', token).send(entraUser);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ schemas: [SCIM_ERROR], status: '409', scimType: 'uniqueness' });
  });

  it('GET /Users?filter=… finds it; GET /Users/:id answers it', async () => {
    const res = await scim(
      t,
      'get',
      `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
      token,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ schemas: [SCIM_LIST], totalResults: 1, itemsPerPage: 1, startIndex: 1 });
    expect(res.body.Resources[0]).toMatchObject({ id: userId, userName });
    const one = await scim(t, 'get', `/Users/${userId}`, token);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: userId, userName, active: true });
  });

  it('PATCH replace attributes, as Entra sends them: 200 with the changed resource', async () => {
    const res = await scim(t, 'patch', `/Users/${userId}`, token).send(
      patchOp(
        { op: 'Replace', path: 'displayName', value: 'Ryan Leenay-Sato' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'ryan.sato@testuser.com' },
        { op: 'Replace', path: 'name.givenName', value: 'Ryo' },
        { op: 'Replace', path: 'name.familyName', value: 'Sato' },
        { op: 'Add', path: 'phoneNumbers[type eq "work"].value', value: '03-1234-5678' },
        { op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Marketing' },
        { op: 'Add', path: 'title', value: 'Manager' },
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: userId,
      name: { familyName: 'Sato', givenName: 'Ryo' },
      emails: [{ value: 'ryan.sato@testuser.com', type: 'work' }],
      phoneNumbers: [{ value: '03-1234-5678', type: 'work' }],
      [ENTERPRISE]: { department: 'Marketing' },
      active: true,
    });
    const [row] = await t.dataSource.query(
      'SELECT family_name, given_name, email, phone_external, department FROM users WHERE id = ?',
      [userId],
    );
    expect(row).toEqual({
      family_name: 'Sato',
      given_name: 'Ryo',
      email: 'ryan.sato@testuser.com',
      phone_external: '03-1234-5678',
      department: 'Marketing',
    });
  });

  it('PATCH with a path-less value object (Okta style) and remove', async () => {
    const res = await scim(t, 'patch', `/Users/${userId}`, token).send(
      patchOp(
        {
          op: 'replace',
          value: { 'name.givenName': 'Ryoma', emails: [{ type: 'other', value: 'sub@testuser.com' }] },
        },
        { op: 'remove', path: 'phoneNumbers[type eq "work"].value' },
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body.name.givenName).toBe('Ryoma');
    expect(res.body.emails).toEqual([{ value: 'sub@testuser.com', type: 'other', primary: false }]);
    expect(res.body).not.toHaveProperty('phoneNumbers');
  });

  it('PATCH {"op":"Replace","path":"active","value":"False"}: the account is disabled', async () => {
    const res = await scim(t, 'patch', `/Users/${userId}`, token).send(
      patchOp({ op: 'Replace', path: 'active', value: 'False' }),
    );
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    const [row] = await t.dataSource.query('SELECT is_disabled FROM users WHERE id = ?', [userId]);
    expect(Boolean(Number(row.is_disabled))).toBe(true);
    const back = await scim(t, 'patch', `/Users/${userId}`, token).send(
      patchOp({ op: 'Replace', path: 'active', value: 'True' }),
    );
    expect(back.body.active).toBe(true);
  });

  it('Groups: POST 201, PATCH add members 204, PATCH remove members 204, DELETE 204', async () => {
    const created = await scim(t, 'post', '/Groups', token).send({
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'Group1DisplayName',
      meta: { resourceType: 'Group' },
      schemas: [SCIM_GROUP],
    });
    expect(created.status).toBe(201);
    groupId = created.body.id;
    expect(created.headers.location).toMatch(new RegExp(`/scim/v2/Groups/${groupId}$`));
    expect(created.body).toMatchObject({
      schemas: [SCIM_GROUP],
      id: groupId,
      displayName: 'Group1DisplayName',
      members: [],
      meta: { resourceType: 'Group', location: created.headers.location },
    });

    const found = await scim(
      t,
      'get',
      `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "Group1DisplayName"')}`,
      token,
    );
    expect(found.body).toMatchObject({
      totalResults: 1,
      Resources: [{ id: groupId, displayName: 'Group1DisplayName' }],
    });
    expect(found.body.Resources[0]).not.toHaveProperty('members');

    const add = await scim(t, 'patch', `/Groups/${groupId}`, token).send(
      patchOp({ op: 'Add', path: 'members', value: [{ $ref: null, value: userId }] }),
    );
    expect(add.status).toBe(204);
    const withMember = await scim(t, 'get', `/Groups/${groupId}`, token);
    expect(withMember.body.members).toEqual([expect.objectContaining({ value: userId, display: userName })]);
    const [row] = await t.dataSource.query('SELECT group_id FROM users WHERE id = ?', [userId]);
    expect(row.group_id).toBe(groupId);
    const user = await scim(t, 'get', `/Users/${userId}`, token);
    expect(user.body.groups).toEqual([
      expect.objectContaining({ value: groupId, display: 'Group1DisplayName' }),
    ]);

    const rename = await scim(t, 'patch', `/Groups/${groupId}`, token).send(
      patchOp({ op: 'Replace', path: 'displayName', value: 'Group1 renamed' }),
    );
    expect(rename.status).toBe(204);

    const remove = await scim(t, 'patch', `/Groups/${groupId}`, token).send(
      patchOp({ op: 'Remove', path: 'members', value: [{ $ref: null, value: userId }] }),
    );
    expect(remove.status).toBe(204);
    const empty = await scim(t, 'get', `/Groups/${groupId}`, token);
    expect(empty.body).toMatchObject({ displayName: 'Group1 renamed', members: [] });
    expect(
      (await t.dataSource.query('SELECT group_id FROM users WHERE id = ?', [userId]))[0].group_id,
    ).toBeNull();

    // The filter form of remove, after adding again.
    await scim(t, 'patch', `/Groups/${groupId}`, token).send(
      patchOp({ op: 'add', path: 'members', value: [{ value: userId }] }),
    );
    const byFilter = await scim(t, 'patch', `/Groups/${groupId}`, token).send(
      patchOp({ op: 'remove', path: `members[value eq "${userId}"]` }),
    );
    expect(byFilter.status).toBe(204);
    expect(
      (await t.dataSource.query('SELECT group_id FROM users WHERE id = ?', [userId]))[0].group_id,
    ).toBeNull();

    const deleted = await scim(t, 'delete', `/Groups/${groupId}`, token);
    expect(deleted.status).toBe(204);
    expect(await t.dataSource.query('SELECT id FROM org_groups WHERE id = ?', [groupId])).toEqual([]);
    const gone = await scim(t, 'get', `/Groups/${groupId}`, token);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ schemas: [SCIM_ERROR], status: '404' });
  });

  it("another organization's token sees nothing of it: 404 and empty lists, nothing changed", async () => {
    const group = await scim(t, 'post', '/Groups', token).send({
      schemas: [SCIM_GROUP],
      displayName: 'Mine',
    });
    const gid = group.body.id as string;
    const filter = encodeURIComponent(`userName eq "${userName}"`);
    const list = await scim(t, 'get', `/Users?filter=${filter}`, otherToken);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ totalResults: 0, Resources: [] });
    // Their list holds their own members only (their manager), none of ours.
    const theirUsers = (await scim(t, 'get', '/Users', otherToken)).body.Resources as { id: string }[];
    expect(theirUsers.map((u) => u.id)).toEqual([other.manager.id]);
    expect((await scim(t, 'get', '/Groups', otherToken)).body.totalResults).toBe(0);
    const attempts = [
      await scim(t, 'get', `/Users/${userId}`, otherToken),
      await scim(t, 'put', `/Users/${userId}`, otherToken).send(entraUser),
      await scim(t, 'patch', `/Users/${userId}`, otherToken).send(
        patchOp({ op: 'Replace', path: 'active', value: 'False' }),
      ),
      await scim(t, 'delete', `/Users/${userId}`, otherToken),
      await scim(t, 'get', `/Groups/${gid}`, otherToken),
      await scim(t, 'patch', `/Groups/${gid}`, otherToken).send(
        patchOp({ op: 'Add', path: 'members', value: [{ value: userId }] }),
      ),
      await scim(t, 'delete', `/Groups/${gid}`, otherToken),
    ];
    for (const res of attempts) {
      expect({ status: res.status, body: res.body }).toEqual({
        status: 404,
        body: expect.objectContaining({ schemas: [SCIM_ERROR], status: '404' }),
      });
    }
    // Adding another organization's user to one's own group: that user is no member here.
    const otherGroup = await scim(t, 'post', '/Groups', otherToken).send({
      schemas: [SCIM_GROUP],
      displayName: 'Theirs',
    });
    const steal = await scim(t, 'patch', `/Groups/${otherGroup.body.id}`, otherToken).send(
      patchOp({ op: 'Add', path: 'members', value: [{ value: userId }] }),
    );
    expect(steal.status).toBe(400);
    const [row] = await t.dataSource.query(
      'SELECT organization_id, is_disabled, group_id FROM users WHERE id = ?',
      [userId],
    );
    expect(row.organization_id).toBe(org.orgId);
    expect(Boolean(Number(row.is_disabled))).toBe(false);
    expect(row.group_id).toBeNull();
    expect(await t.dataSource.query('SELECT id FROM org_groups WHERE id = ?', [gid])).toHaveLength(1);
  });

  it('discovery: ServiceProviderConfig, ResourceTypes and Schemas', async () => {
    const config = await scim(t, 'get', '/ServiceProviderConfig', token);
    expect(config.status).toBe(200);
    expect(config.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      filter: { supported: true },
      bulk: { supported: false },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' })],
    });
    const types = await scim(t, 'get', '/ResourceTypes', token);
    expect(types.body.Resources.map((r: { id: string }) => r.id)).toEqual(['User', 'Group']);
    const schemas = await scim(t, 'get', '/Schemas', token);
    expect(schemas.body.Resources.map((r: { id: string }) => r.id)).toEqual([
      SCIM_USER,
      ENTERPRISE,
      SCIM_GROUP,
    ]);
    const one = await scim(t, 'get', `/Schemas/${SCIM_USER}`, token);
    expect(one.body.attributes.map((a: { name: string }) => a.name)).toContain('userName');
  });

  it('errors in SCIM shape: bad filter, bad PATCH, no token', async () => {
    const filter = await scim(t, 'get', `/Users?filter=${encodeURIComponent('emails co "x"')}`, token);
    expect(filter.status).toBe(400);
    expect(filter.body).toMatchObject({ schemas: [SCIM_ERROR], status: '400', scimType: 'invalidFilter' });
    const badOp = await scim(t, 'patch', `/Users/${userId}`, token).send(
      patchOp({ op: 'move', path: 'active' }),
    );
    expect(badOp.body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    const badLogin = await scim(t, 'post', '/Users', token).send({
      ...entraUser,
      userName: 'ryan@contoso.com',
    });
    expect(badLogin.status).toBe(400);
    expect(badLogin.body).toMatchObject({
      status: '400',
      scimType: 'invalidValue',
      detail: expect.stringContaining('loginId'),
    });
    const none = await t.http.get('/scim/v2/Users');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ schemas: [SCIM_ERROR], status: '401' });
    const kanriToken = await t.http.get('/scim/v2/Users').set('Authorization', `Bearer ${org.manager.token}`);
    expect(kanriToken.status).toBe(401);
  });

  it("audits every change as the token's named client", async () => {
    const rows: {
      operator_login_id: string;
      operator_user_id: string | null;
      outcome: string;
      organization_id: string;
    }[] = await t.dataSource.query(
      "SELECT operator_login_id, operator_user_id, outcome, organization_id FROM operation_history WHERE route LIKE '/scim/v2/%' AND http_method <> 'GET'",
    );
    const mine = rows.filter((r) => r.organization_id === org.orgId);
    expect(mine.length).toBeGreaterThanOrEqual(10);
    expect(new Set(mine.map((r) => r.operator_login_id))).toEqual(new Set(['scim:Microsoft Entra ID']));
    expect(mine.every((r) => r.operator_user_id === null)).toBe(true);
    const theirs = rows.filter((r) => r.organization_id === other.orgId);
    expect(new Set(theirs.map((r) => r.operator_login_id))).toEqual(new Set(['scim:Okta']));
    void DEFAULT_CONFIRMATION;
  });
});
