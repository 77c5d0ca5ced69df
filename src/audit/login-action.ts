/**
 * Login-history actions (ログイン履歴 アクション, SPEC §3.4): stable codes and the exact Japanese labels that
 * exports print. `[画面名]` is replaced with the screen where the event happened.
 */
export const LOGIN_ACTION_LABELS = {
  USER_NOT_FOUND: '[画面名]ユーザーマスタに該当ユーザーなし',
  LOCK_TABLE_INCONSISTENT: '[画面名]ユーザーロックテーブルが2件以上存在',
  USER_DUPLICATED: '[画面名]ユーザーマスタに該当ユーザーが2件以上存在',
  LOGIN_SUCCESS: '[ログイン]ログイン成功',
  LOGIN_WRONG_PASSWORD: '[ログイン]パスワード間違い',
  LOGIN_IP_NOT_ALLOWED: '[ログイン]未許可IPアドレスからのログイン',
  LOGIN_LOCKED_OUT: '[ログイン]ログイン試行超過でロックアウト',
  LOGIN_WHILE_LOCKED: '[ログイン]ロックアウト中のログイン',
  LOGOUT: 'ログアウト',
  OTP_SUCCESS: '[ワンタイムパスワード]ワンタイムパスワード認証成功',
  OTP_WRONG: '[ワンタイムパスワード]ワンタイムパスワード間違い',
  OTP_EXPIRED: '[ワンタイムパスワード]ワンタイムパスワード有効期限切れ',
  OTP_LOCKED_OUT: '[ワンタイムパスワード]ワンタイムパスワード入力試行超過（ロックアウト）',
  OTP_WHILE_LOCKED: '[ワンタイムパスワード]ロックアウト中のワンタイムパスワード入力',
  OTP_RESENT: '[ワンタイムパスワード]ワンタイムパスワード再送信',
  OTP_RESEND_LIMIT: '[ワンタイムパスワード]ワンタイムパスワード再送信回数超過',
  OTP_RECORD_MISSING: '[ワンタイムパスワード]ワンタイムパスワードテーブルに該当ユーザー無し',
  OTP_RECORD_DUPLICATED: '[ワンタイムパスワード]ワンタイムパスワードテーブルが2件以上存在',
  RESET_REQUEST_SUCCESS: '[パスワード再発行要求]パスワード再発行要求成功',
  RESET_REQUEST_IP_NOT_ALLOWED: '[パスワード再発行要求]未許可IPアドレスからのパスワード再発行要求',
  RESET_REQUEST_LIMIT: '[パスワード再発行要求]パスワード再発行回数超過（ロックアウト）',
  RESET_REQUEST_WHILE_LOCKED: '[パスワード再発行要求]ロックアウト中のパスワード再発行要求',
  RESET_IP_NOT_ALLOWED: '[パスワード再発行]未許可IPアドレスからのパスワード再発行',
  IP_CHANGE_REQUEST_SUCCESS: '[IPアドレス変更要求]IPアドレス変更要求成功',
  IP_CHANGE_REQUEST_LIMIT: '[IPアドレス変更要求]IPアドレス変更申請回数超過（ロックアウト）',
  IP_CHANGE_REQUEST_WHILE_LOCKED: '[IPアドレス変更要求]ロックアウト中のIPアドレス変更申請',
  // Passkeys (SPEC §17), in the manuals' pattern: [screen] what happened.
  PASSKEY_REGISTERED: '[パスキー]パスキー登録',
  PASSKEY_DELETED: '[パスキー]パスキー削除',
  PASSKEY_LOGIN_SUCCESS: '[パスキーログイン]パスキーでログイン成功',
  PASSKEY_LOGIN_FAILED: '[パスキーログイン]パスキー認証失敗',
  PASSKEY_LOGIN_IP_NOT_ALLOWED: '[パスキーログイン]未許可IPアドレスからのパスキーログイン',
  PASSKEY_LOGIN_WHILE_LOCKED: '[パスキーログイン]ロックアウト中のパスキーログイン',
  PASSKEY_STEP_UP_SUCCESS: '[パスキー本人確認]パスキーによる本人確認成功',
  PASSKEY_STEP_UP_FAILED: '[パスキー本人確認]パスキーによる本人確認失敗',
} as const;

/** English labels of the passkey actions (the §3.4 ones are defined in Japanese only). */
export const PASSKEY_LOGIN_ACTION_LABELS_EN = {
  PASSKEY_REGISTERED: '[Passkeys] Passkey registered',
  PASSKEY_DELETED: '[Passkeys] Passkey deleted',
  PASSKEY_LOGIN_SUCCESS: '[Passkey sign-in] Signed in with a passkey',
  PASSKEY_LOGIN_FAILED: '[Passkey sign-in] Passkey verification failed',
  PASSKEY_LOGIN_IP_NOT_ALLOWED: '[Passkey sign-in] Passkey sign-in from an address not allowed',
  PASSKEY_LOGIN_WHILE_LOCKED: '[Passkey sign-in] Passkey sign-in while locked out',
  PASSKEY_STEP_UP_SUCCESS: '[Passkey verification] Verified with a passkey',
  PASSKEY_STEP_UP_FAILED: '[Passkey verification] Passkey verification failed',
} as const satisfies Partial<Record<keyof typeof LOGIN_ACTION_LABELS, string>>;

export type LoginAction = keyof typeof LOGIN_ACTION_LABELS;

export function loginActionLabel(action: LoginAction, screen: string | null): string {
  return LOGIN_ACTION_LABELS[action].replace('[画面名]', `[${screen ?? 'ログイン'}]`);
}
