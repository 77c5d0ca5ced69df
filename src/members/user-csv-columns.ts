/**
 * The columns of the user CSV (SPEC §4 エクスポート, in this order), shared by the export and the import so that a
 * file exported by Kanri imports back unchanged. `input` is the field an import reads from the column; columns
 * without one are output only (the import accepts and ignores them):
 * - パスワード is always empty in exports; on import a value sets the password (policy checked).
 * - 権限 is derived from grants and the manager flag, which have their own screens (permissions, managers).
 * - グループ is the group's name; the import goes by グループコード.
 * - the four timestamps are written by Kanri.
 */
export const USER_CSV_COLUMNS = [
  { header: 'ログインID', input: 'loginId' },
  { header: '姓', input: 'familyName' },
  { header: '名', input: 'givenName' },
  { header: '姓(カナ)', input: 'familyNameKana' },
  { header: '名(カナ)', input: 'givenNameKana' },
  { header: 'メールアドレス', input: 'email' },
  { header: 'メールアドレス(サブ)', input: 'subEmail' },
  { header: 'パスワード', input: 'password' },
  { header: '権限', input: null },
  { header: 'グループコード', input: 'groupCode' },
  { header: 'グループ', input: null },
  { header: '属性', input: 'attributes' },
  { header: '有効開始日', input: 'validFrom' },
  { header: '有効終了日', input: 'validTo' },
  { header: '無効', input: 'disabled' },
  { header: '仮登録', input: 'provisional' },
  { header: '使用言語', input: 'language' },
  { header: '備考', input: 'note' },
  { header: 'アカウントロック日時', input: null },
  { header: '登録日時', input: null },
  { header: '更新日時', input: null },
  { header: '最終ログイン日時', input: null },
] as const;

export type UserCsvInput = NonNullable<(typeof USER_CSV_COLUMNS)[number]['input']>;

export const USER_CSV_HEADER: readonly string[] = USER_CSV_COLUMNS.map((c) => c.header);

/** Flags are written 1 / 0; imports also read true / false, and an empty cell as 0. */
export function formatFlag(value: boolean): string {
  return value ? '1' : '0';
}
