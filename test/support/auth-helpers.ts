import speakeasy from 'speakeasy';
import { DEFAULT_PASSWORD, uniqueLoginId } from './factories';
import { addMember, type CreatedOrg, type OrgMember, operatorToken } from './org-factories';
import type { TestApp } from './test-app';
import { testDatabaseKind } from './test-database';

/** Helpers for the sign-in control tests (SPEC §3). */

export const TEST_USER_AGENT = 'KanriTest/1.0 (sign-in controls)';

export interface LoginHistoryRow {
  action: string;
  login_id_typed: string;
  user_id: string | null;
  organization_id: string | null;
  ip: string | null;
  user_agent: string | null;
  screen: string | null;
  session_seconds: number | null;
}

/** Login-history rows of a typed login ID, oldest first (seq orders rows of one chain written in the same millisecond). */
export async function loginHistoryOf(t: TestApp, loginIdTyped: string): Promise<LoginHistoryRow[]> {
  return t.dataSource.query(
    `SELECT action, login_id_typed, user_id, organization_id, ip, user_agent, screen, session_seconds
       FROM login_history WHERE login_id_typed = ? ORDER BY occurred_at, seq, id`,
    [loginIdTyped],
  );
}

export async function lastLoginHistory(t: TestApp, loginIdTyped: string): Promise<LoginHistoryRow> {
  const rows = await loginHistoryOf(t, loginIdTyped);
  if (!rows.length) throw new Error(`no login history for ${loginIdTyped}`);
  return rows[rows.length - 1];
}

export async function countActions(t: TestApp, userId: string): Promise<Record<string, number>> {
  const rows: { action: string; n: number | string }[] = await t.dataSource.query(
    'SELECT action, COUNT(*) AS n FROM login_history WHERE user_id = ? GROUP BY action',
    [userId],
  );
  return Object.fromEntries(rows.map((r) => [r.action, Number(r.n)]));
}

/** Merges keys into an organization's stored settings (the organizations API validates; tests set edge values). */
export async function setOrgSettings(
  t: TestApp,
  orgId: string,
  settings: Record<string, unknown>,
): Promise<void> {
  const [row]: { settings: string }[] = await t.dataSource.query(
    'SELECT settings FROM organizations WHERE id = ?',
    [orgId],
  );
  const merged = { ...(row.settings ? JSON.parse(row.settings) : {}), ...settings };
  await t.dataSource.query('UPDATE organizations SET settings = ? WHERE id = ?', [
    JSON.stringify(merged),
    orgId,
  ]);
}

/** A member of `org` with an email address of their own (so their mail can be told apart in the outbox). */
export async function addMailableMember(
  t: TestApp,
  org: CreatedOrg,
  overrides: Record<string, unknown> = {},
): Promise<OrgMember & { email: string }> {
  const loginId = (overrides.loginId as string | undefined) ?? uniqueLoginId('s');
  const email = (overrides.email as string | undefined) ?? `${loginId.toLowerCase()}@example.jp`;
  const member = await addMember(t, org.orgId, { loginId, email, ...overrides });
  return { ...member, email };
}

export interface OutboxMail {
  to: string;
  subject: string;
  text: string;
  createdAt: string;
}

/** Mail sent to `to`, newest first, read the way an operator would (GET /system/outbox). */
export async function outboxFor(t: TestApp, to: string): Promise<OutboxMail[]> {
  let res = await t.api('get', `/system/outbox?to=${encodeURIComponent(to)}`, await operatorToken(t));
  if (res.status === 401)
    res = await t.api('get', `/system/outbox?to=${encodeURIComponent(to)}`, await operatorToken(t, true));
  if (res.status !== 200) throw new Error(`outbox failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items as OutboxMail[];
}

/** The code in the newest one-time-password mail to `to`. */
export async function latestOtpCode(t: TestApp, to: string): Promise<string> {
  const mail = (await outboxFor(t, to)).find((m) => m.subject.includes('ワンタイムパスワード'));
  const code = mail && /ワンタイムパスワード: (\d{6})/.exec(mail.text)?.[1];
  if (!code) throw new Error(`no one-time password mailed to ${to}`);
  return code;
}

/** The token in the newest mail to `to` whose text carries `label` (再発行用トークン, 確認用トークン). */
export async function latestMailedToken(t: TestApp, to: string, label: string): Promise<string> {
  for (const mail of await outboxFor(t, to)) {
    const token = new RegExp(`${label}: ([A-Za-z0-9_-]{43})`).exec(mail.text)?.[1];
    if (token) return token;
  }
  throw new Error(`no ${label} mailed to ${to}`);
}

/** What an authenticator app shows for `secret` (base32) at the test clock's time, shifted by whole steps. */
export function totpCode(t: TestApp, base32Secret: string, stepOffset = 0): string {
  const seconds = Math.floor(t.clock.now().getTime() / 1000) + stepOffset * 30;
  return speakeasy.totp({ secret: base32Secret, encoding: 'base32', time: seconds, step: 30, digits: 6 });
}

export function login(t: TestApp, loginId: string, password: string = DEFAULT_PASSWORD) {
  return t.api('post', '/auth/login').set('User-Agent', TEST_USER_AGENT).send({ loginId, password });
}

/** Drops a unique index, as data imported from elsewhere would have lacked it (the consistency actions). */
export async function dropUniqueIndex(t: TestApp, table: string, index: string): Promise<void> {
  await t.dataSource.query(
    testDatabaseKind === 'mysql' ? `DROP INDEX \`${index}\` ON \`${table}\`` : `DROP INDEX "${index}"`,
  );
}

/** The same instant as the database stores it, for comparisons in SQL-free assertions. */
export function isoOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return new Date(
    typeof value === 'string' && !value.endsWith('Z') ? `${value.replace(' ', 'T')}Z` : (value as Date),
  ).toISOString();
}

/** A Date as a raw-query parameter: mysql2 takes the Date (UTC connection); SQLite takes TypeORM's UTC text. */
export function dbInstant(date: Date): Date | string {
  return testDatabaseKind === 'mysql' ? date : date.toISOString().replace('T', ' ').replace('Z', '');
}
