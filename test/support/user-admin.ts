import passport from 'passport';
import { JwtStrategy } from '../../src/auth/jwt.strategy';
import { DEFAULT_CONFIRMATION, DEFAULT_PASSWORD, loginAs, uniqueLoginId } from './factories';
import type { CreatedOrg } from './org-factories';
import type { TestApp } from './test-app';
import { binary } from './binary-body';

/** Helpers for organization user administration tests (SPEC §4). */

export interface AdminCreatedUser {
  id: string;
  loginId: string;
  password: string;
}

/** ユーザー作成 through the API as `token` (the organization's creator by default). */
export async function createOrgUser(
  t: TestApp,
  org: CreatedOrg,
  overrides: Record<string, unknown> = {},
  token: string = org.manager.token,
): Promise<AdminCreatedUser> {
  const body = {
    confirmationPassword: DEFAULT_CONFIRMATION,
    loginId: uniqueLoginId('a'),
    password: DEFAULT_PASSWORD,
    familyName: '山田',
    givenName: '花子',
    familyNameKana: 'ヤマダ',
    givenNameKana: 'ハナコ',
    email: 'hanako@example.jp',
    ...overrides,
  };
  const res = await t.api('post', `/organizations/${org.orgId}/users`, token).send(body);
  if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id as string, loginId: body.loginId as string, password: body.password as string };
}

/** Signs in a user created by an administrator (who first sets a confirmation password of their own). */
export async function signInWithConfirmation(t: TestApp, user: AdminCreatedUser): Promise<string> {
  const token = await loginAs(t, user.loginId, user.password);
  const res = await t
    .api('put', '/auth/confirmation-password', token)
    .send({ password: user.password, confirmationPassword: DEFAULT_CONFIRMATION });
  if (res.status >= 300)
    throw new Error(`set confirmation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return token;
}

/** `POST .../users/import` with a CSV file. */
export function uploadCsv(
  t: TestApp,
  orgId: string,
  token: string,
  file: Buffer | string,
  options: { confirmationPassword?: string; encoding?: 'utf8' | 'sjis'; fileName?: string } = {},
) {
  const query = options.encoding ? `?encoding=${options.encoding}` : '';
  return t
    .api('post', `/organizations/${orgId}/users/import${query}`, token)
    .field('confirmationPassword', options.confirmationPassword ?? DEFAULT_CONFIRMATION)
    .attach(
      'file',
      Buffer.isBuffer(file) ? file : Buffer.from(file, 'utf8'),
      options.fileName ?? 'users.csv',
    );
}

export interface ImportJobBody {
  id: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  total: number;
  processed: number;
  created: number;
  updated: number;
  errors: { line: number; field: string; message: string }[];
  errorCode: string | null;
}

/** Polls the import job until it has finished. */
export async function waitForImport(
  t: TestApp,
  orgId: string,
  token: string,
  jobId: string,
): Promise<ImportJobBody> {
  for (let i = 0; i < 600; i++) {
    const res = await t.api('get', `/organizations/${orgId}/users/import/${jobId}`, token);
    if (res.status !== 200) throw new Error(`import job: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body.state === 'succeeded' || res.body.state === 'failed') return res.body as ImportJobBody;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

/** Uploads and waits; throws if the upload is not accepted. */
export async function importCsv(
  t: TestApp,
  orgId: string,
  token: string,
  file: Buffer | string,
  options: Parameters<typeof uploadCsv>[4] = {},
): Promise<ImportJobBody> {
  const res = await uploadCsv(t, orgId, token, file, options);
  if (res.status !== 202) throw new Error(`import upload: ${res.status} ${JSON.stringify(res.body)}`);
  return waitForImport(t, orgId, token, res.body.jobId as string);
}

/** `GET .../users/export` as raw bytes. */
export async function exportCsv(t: TestApp, orgId: string, token: string, query = ''): Promise<Buffer> {
  const res = await t
    .api('get', `/organizations/${orgId}/users/export${query}`, token)
    .buffer(true)
    .parse(binary);
  if (res.status !== 200) throw new Error(`export: ${res.status} ${String(res.body)}`);
  return res.body as Buffer;
}

/**
 * Passport keeps one strategy per name for the whole process, and every app instance registers its own `jwt`
 * strategy when it starts, so after a second instance starts (or stops) in the same test process, tokens sent to
 * the first would be checked by the other's sessions and clock. Tests that start several instances call this to give
 * the strategy back to the instance they talk to over HTTP.
 */
export function useJwtStrategyOf(t: TestApp): void {
  passport.use('jwt', t.app.get(JwtStrategy) as unknown as passport.Strategy);
}
