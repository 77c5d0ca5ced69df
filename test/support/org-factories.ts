import type { Permission, PermissionScope } from '@kanri/access/permission';
import { DEFAULT_CONFIRMATION, DEFAULT_PASSWORD, loginAs, loginAsOperator, uniqueLoginId } from './factories';
import { UserSearchIndex } from '../../src/users/search/user-search-index';
import type { TestApp } from './test-app';

/**
 * Organizations for end-to-end tests, built through the API the way people do it (SPEC §2): an account issues a
 * code (and becomes its first manager with every permission), others sign in and join with that code.
 * Every account has DEFAULT_PASSWORD and DEFAULT_CONFIRMATION.
 */

export interface OrgMember {
  id: string;
  loginId: string;
  password: string;
  /** An access token from signing in just now. */
  token: string;
}

export interface CreatedOrg {
  orgId: string;
  code: string;
  /** The creator: a member, its first manager, holding every organization permission. */
  manager: OrgMember;
}

const operatorTokens = new WeakMap<TestApp, string>();

/** A system operator token, reused per app (signed in again if the test clock ended the session). */
export async function operatorToken(t: TestApp, fresh = false): Promise<string> {
  let token = operatorTokens.get(t);
  if (!token || fresh) {
    token = await loginAsOperator(t);
    operatorTokens.set(t, token);
  }
  return token;
}

/** An account outside any organization, signed in. */
export async function createSignedInAccount(
  t: TestApp,
  overrides: Record<string, unknown> = {},
): Promise<OrgMember> {
  const body = {
    loginId: uniqueLoginId('m'),
    password: DEFAULT_PASSWORD,
    confirmationPassword: DEFAULT_CONFIRMATION,
    familyName: '佐藤',
    givenName: '一郎',
    familyNameKana: 'サトウ',
    givenNameKana: 'イチロウ',
    email: 'member@example.jp',
    ...overrides,
  };
  let res = await t.api('post', '/users', await operatorToken(t)).send(body);
  if (res.status === 401) res = await t.api('post', '/users', await operatorToken(t, true)).send(body);
  if (res.status !== 201) throw new Error(`create account failed: ${res.status} ${JSON.stringify(res.body)}`);
  const loginId = body.loginId as string;
  const password = body.password as string;
  return { id: res.body.id as string, loginId, password, token: await loginAs(t, loginId, password) };
}

/** 組織コード発行: a new account creates an organization and becomes its manager. */
export async function createOrg(
  t: TestApp,
  options: { name?: string; nameKana?: string; manager?: Record<string, unknown> } = {},
): Promise<CreatedOrg> {
  const manager = await createSignedInAccount(t, {
    familyName: '管理',
    givenName: '責任者',
    ...options.manager,
  });
  const res = await t
    .api('post', '/organizations', manager.token)
    .send({ name: options.name ?? '株式会社カンリ', nameKana: options.nameKana ?? 'カブシキガイシャカンリ' });
  if (res.status !== 201)
    throw new Error(`create organization failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { orgId: res.body.id as string, code: res.body.code as string, manager };
}

/** The code of an organization, read from the database. */
export async function orgCodeOf(t: TestApp, orgId: string): Promise<string> {
  const rows: { code: string }[] = await t.dataSource.query('SELECT code FROM organizations WHERE id = ?', [
    orgId,
  ]);
  if (!rows.length) throw new Error(`no organization ${orgId}`);
  return rows[0].code;
}

/** A new account that joins the organization with its code (一般ユーザーと組織コードの紐づけ). */
export async function addMember(
  t: TestApp,
  orgId: string,
  overrides: Record<string, unknown> = {},
): Promise<OrgMember> {
  const member = await createSignedInAccount(t, overrides);
  const res = await t.api('put', '/me/organization', member.token).send({ code: await orgCodeOf(t, orgId) });
  if (res.status !== 200) throw new Error(`join failed: ${res.status} ${JSON.stringify(res.body)}`);
  return member;
}

/** `n` new members, one after another (joins are serialized per organization anyway). */
export async function addMembers(t: TestApp, orgId: string, n: number): Promise<OrgMember[]> {
  const members: OrgMember[] = [];
  for (let i = 0; i < n; i++) members.push(await addMember(t, orgId));
  return members;
}

/** Replaces the manager set as the organization's creator (who must still be a manager). */
export async function setManagers(t: TestApp, org: CreatedOrg, managerUserIds: string[]): Promise<void> {
  const res = await t
    .api('put', `/organizations/${org.orgId}/managers`, org.manager.token)
    .send({ managerUserIds });
  if (res.status !== 200) throw new Error(`set managers failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Replaces a member's grants as the organization's creator (who holds every permission). */
export async function grantPermissions(
  t: TestApp,
  org: CreatedOrg,
  userId: string,
  permissions: (Permission | { permission: Permission; scope: PermissionScope })[],
): Promise<void> {
  const res = await t
    .api('put', `/organizations/${org.orgId}/users/${userId}/permissions`, org.manager.token)
    .send({
      confirmationPassword: DEFAULT_CONFIRMATION,
      permissions: permissions.map((p) => (typeof p === 'string' ? { permission: p } : p)),
    });
  if (res.status !== 200) throw new Error(`grant failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Creates a group as the organization's creator; returns its id. */
export async function createGroup(
  t: TestApp,
  org: CreatedOrg,
  code: string,
  parentId: string | null = null,
): Promise<string> {
  const res = await t
    .api('post', `/organizations/${org.orgId}/groups`, org.manager.token)
    .send({ code, name: `グループ${code}`, parentId });
  if (res.status !== 201) throw new Error(`create group failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/**
 * Puts a member into a group directly in the database, without a manager's confirmed edit (tests of group scope
 * need members placed), and has the member's attribute rows follow, as every write of a group in Kanri does.
 */
export async function placeInGroup(t: TestApp, userId: string, groupId: string | null): Promise<void> {
  await t.dataSource.query('UPDATE users SET group_id = ? WHERE id = ?', [groupId, userId]);
  await t.app.get(UserSearchIndex).followMembership(t.dataSource.manager, [userId]);
}
