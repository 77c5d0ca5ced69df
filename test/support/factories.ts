import type { TestApp } from './test-app';
import { OPERATOR } from './test-app';

let counter = 0;

/** A fresh valid login ID (6–12 letters and digits, at least one of each). */
export function uniqueLoginId(prefix = 'u'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36).slice(-5)}${counter}`.slice(0, 12);
}

export const DEFAULT_PASSWORD = 'Passw0rd-123';
export const DEFAULT_CONFIRMATION = 'Confirm-456';

export async function loginAs(
  t: TestApp,
  loginId: string,
  password: string = DEFAULT_PASSWORD,
): Promise<string> {
  const res = await t.api('post', '/auth/login').send({ loginId, password });
  if (res.status !== 200 || !res.body.accessToken)
    throw new Error(`login ${loginId} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

export function loginAsOperator(t: TestApp): Promise<string> {
  return loginAs(t, OPERATOR.loginId, OPERATOR.password);
}

export interface CreatedAccount {
  id: string;
  loginId: string;
  password: string;
}

/** An account outside any organization, created by the operator through the API. */
export async function createAccount(
  t: TestApp,
  overrides: Record<string, unknown> = {},
): Promise<CreatedAccount> {
  const operatorToken = await loginAsOperator(t);
  const body = {
    loginId: uniqueLoginId(),
    password: DEFAULT_PASSWORD,
    confirmationPassword: DEFAULT_CONFIRMATION,
    familyName: '山田',
    givenName: '太郎',
    familyNameKana: 'ヤマダ',
    givenNameKana: 'タロウ',
    email: 'taro@example.jp',
    ...overrides,
  };
  const res = await t.api('post', '/users', operatorToken).send(body);
  if (res.status !== 201) throw new Error(`createAccount failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, loginId: body.loginId as string, password: body.password as string };
}
