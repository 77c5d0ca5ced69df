import speakeasy from 'speakeasy';
import type { Kanri } from './support/kanri';

/**
 * Organizations and members for the browser flows, built through the API the way the manuals build them: the
 * operator opens an account, the account issues an organization code (and becomes its manager), the manager
 * registers members. Only the arrangement goes through the API; what a flow checks happens on screen.
 */
export const PASSWORD = 'Passw0rdKanri';
export const CONFIRMATION = 'Kakunin2026x';

export interface Member {
  id: string;
  loginId: string;
}

export interface Organization {
  orgId: string;
  code: string;
  manager: Member;
  /** The manager's access token, for further arrangement. */
  token: string;
  members: Member[];
}

let counter = 0;
/** A login ID as §3.1 wants it: 6–12 letters and digits with both, unique within the run. */
export function loginId(prefix: string): string {
  counter += 1;
  const random = Math.random().toString(36).slice(2);
  return `${prefix}${counter}${random}`.replace(/[^a-z0-9]/gi, '').slice(0, 12);
}

/**
 * An organization whose manager (password PASSWORD, confirmation password CONFIRMATION) has `memberCount - 1`
 * further members. Names are set so that lists sort and filter predictably.
 */
export async function createOrganization(
  kanri: Kanri,
  memberCount: number,
  name = '株式会社カンリ',
): Promise<Organization> {
  const managerLogin = loginId('mgr');
  const account = await kanri.createAccount({
    loginId: managerLogin,
    password: PASSWORD,
    confirmationPassword: CONFIRMATION,
    familyName: '管理',
    givenName: '花子',
    familyNameKana: 'カンリ',
    givenNameKana: 'ハナコ',
    email: 'manager@example.jp',
  });
  const token = await kanri.login(managerLogin, PASSWORD);
  const org = await kanri.api<{ id: string; code: string }>(
    'POST',
    '/organizations',
    { name, nameKana: 'カブシキガイシャカンリ' },
    token,
  );
  const members: Member[] = [];
  for (let i = 1; i < memberCount; i++) members.push(await addMember(kanri, token, org.id, i));
  return {
    orgId: org.id,
    code: org.code,
    manager: { id: account.id, loginId: managerLogin },
    token,
    members,
  };
}

const FAMILY = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤'];
const FAMILY_KANA = [
  'サトウ',
  'スズキ',
  'タカハシ',
  'タナカ',
  'イトウ',
  'ワタナベ',
  'ヤマモト',
  'ナカムラ',
  'コバヤシ',
  'カトウ',
];

/** One member, registered by the manager (ユーザー作成). */
export async function addMember(
  kanri: Kanri,
  token: string,
  orgId: string,
  i: number,
  extra: Record<string, unknown> = {},
): Promise<Member> {
  const id = loginId(`u${String(i).padStart(3, '0')}`);
  const body = await kanri.api<{ id: string }>(
    'POST',
    `/organizations/${orgId}/users`,
    {
      loginId: id,
      password: PASSWORD,
      provisional: false,
      familyName: FAMILY[i % FAMILY.length],
      givenName: `太郎${i}`,
      familyNameKana: FAMILY_KANA[i % FAMILY_KANA.length],
      givenNameKana: 'タロウ',
      email: `user${i}@example.jp`,
      confirmationPassword: CONFIRMATION,
      ...extra,
    },
    token,
  );
  return { id: body.id, loginId: id };
}

/** A group of the organization (グループ). */
export async function addGroup(
  kanri: Kanri,
  token: string,
  orgId: string,
  code: string,
  name: string,
  parentId: string | null = null,
): Promise<string> {
  const body = await kanri.api<{ id: string }>(
    'POST',
    `/organizations/${orgId}/groups`,
    { code, name, parentId },
    token,
  );
  return body.id;
}

/**
 * Turns on confirmation by one-time password (確認時ワンタイムパスワード) for the organization and gives its manager an
 * authenticator app. Returns the app's codes: `otp()` the current one, `otp(1)` the next 30-second step's (a code
 * already used is refused again). Sign the manager in first: from now on signing in asks for a code too.
 */
export async function confirmWithOtp(
  k: Kanri,
  org: { orgId: string; token: string },
): Promise<(step?: number) => string> {
  await k.api(
    'PATCH',
    `/organizations/${org.orgId}/security-settings`,
    { confirmWithOtp: true, confirmationPassword: CONFIRMATION },
    org.token,
  );
  const setup = await k.api<{ secret: string }>('POST', '/auth/totp/setup', {}, org.token);
  const otp = (step = 0) =>
    speakeasy.totp({
      secret: setup.secret,
      encoding: 'base32',
      time: Math.floor(Date.now() / 1000) + 30 * step,
    });
  await k.api('POST', '/auth/totp/activate', { code: otp() }, org.token);
  return otp;
}
