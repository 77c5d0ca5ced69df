import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { signIn } from './support/console';
import { OPERATOR, useKanri } from './support/kanri';
import {
  CONFIRMATION,
  PASSWORD,
  confirmWithOtp,
  createOrganization,
  type Organization,
} from './organization-setup';

/**
 * 企業管理 (manual 001) on screen: 企業情報変更 (an approval mode and a company daily limit through 入力 → 入力内容確認
 * with the changed lines in red → 完了, a bad limit refused next to its field), 口座 (register, change), 依頼者設定
 * in a ワンタイムパスワード利用企業 (confirmWithOtp: the confirmation needs the authenticator code as well), and the
 * operator's 基準手数料. What the screens did is checked against the API's answers.
 */
const kanri = useKanri();
let org: Organization;
let otpOrg: Organization;
let otpDeleteOrg: Organization;

test.beforeAll(async () => {
  org = await createOrganization(kanri.current, 1);
  otpOrg = await createOrganization(kanri.current, 2, '株式会社ワンタイム');
  otpDeleteOrg = await createOrganization(kanri.current, 2, '株式会社ワンタイム削除');
});

function menu(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name, exact: true });
}

function reviewRow(page: Page, label: string) {
  return page.getByRole('grid', { name: '入力内容' }).getByRole('row').filter({ hasText: label });
}

async function confirmWith(page: Page, password = CONFIRMATION) {
  await page.getByLabel('確認用パスワード').fill(password);
  await page.getByRole('button', { name: '確定', exact: true }).click();
}

interface CompanyView {
  settings: {
    approvalModes: Record<string, string>;
    dailyLimits: Record<string, number | null>;
  };
}

test('企業情報変更: 承認機能と企業一日当たりの限度額を変更し、確認画面で変更箇所が赤で示され、API が新しい値を返す', async ({
  page,
}) => {
  await signIn(page, org.manager.loginId, PASSWORD);
  await menu(page, '企業情報変更').click();
  await expect(page.getByRole('heading', { name: '企業情報変更', exact: true })).toBeVisible();
  await expect(page.getByRole('textbox', { name: '企業名', exact: true })).toHaveValue('株式会社カンリ');
  await expectAccessible(page, '企業情報変更（入力）');

  await page.getByRole('combobox', { name: '総合振込' }).selectOption({ label: 'ダブル承認(順序あり)' });
  // 13 digits: refused next to the field, nothing sent.
  const limit = page.getByRole('textbox', { name: '企業一日当たりの限度額（総合振込）' });
  await limit.fill('1234567890123');
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(limit).toHaveAccessibleDescription(/半角数字 12 桁以内で入力してください。/);
  await expect(limit).toHaveAttribute('aria-invalid', 'true');
  const untouched = await kanri.current.api<CompanyView>(
    'GET',
    `/organizations/${org.orgId}`,
    undefined,
    org.token,
  );
  expect(untouched.settings.dailyLimits.bulk_transfer).toBeNull();

  await limit.fill('500,000,000');
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(page.getByRole('heading', { name: '企業情報変更（入力内容確認）' })).toBeVisible();
  // The changed lines are highlighted and marked; the others are not.
  for (const label of ['承認機能（総合振込）', '企業一日当たりの限度額（総合振込）']) {
    await expect(reviewRow(page, label)).toHaveClass(/kanri-review__changed/);
    await expect(reviewRow(page, label)).toContainText('（変更）');
  }
  await expect(reviewRow(page, '承認機能（総合振込）')).toContainText('ダブル承認(順序あり)');
  await expect(reviewRow(page, '企業一日当たりの限度額（総合振込）')).toContainText('500,000,000 円');
  await expect(reviewRow(page, '承認機能（振込振替）')).not.toHaveClass(/kanri-review__changed/);
  await expect(reviewRow(page, '企業一日当たりの限度額（給与振込）')).not.toHaveClass(
    /kanri-review__changed/,
  );
  await expectAccessible(page, '企業情報変更（入力内容確認）');

  // A wrong confirmation password is refused under the field and changes nothing.
  await confirmWith(page, 'Wrong-kakunin-1');
  await expect(page.getByText('確認用パスワードが正しくありません。')).toBeVisible();
  await confirmWith(page);
  await expect(page.getByText('以下の内容で企業情報を変更しました。')).toBeVisible();
  await expectAccessible(page, '企業情報変更（完了）');
  // 依頼作成 reads the saved settings: 振込振替 stays シングル承認, so one approver field, named 承認者.
  await menu(page, '依頼作成').click();
  await expect(page.getByText('承認方式: シングル承認')).toBeVisible();
  await expect(page.getByRole('combobox', { name: /承認者/ })).toHaveCount(1);
  await expect(page.getByRole('combobox', { name: '承認者', exact: true })).toBeVisible();

  const after = await kanri.current.api<CompanyView>(
    'GET',
    `/organizations/${org.orgId}`,
    undefined,
    org.token,
  );
  expect(after.settings.approvalModes.bulk_transfer).toBe('double_ordered');
  expect(after.settings.approvalModes.transfer).toBe(untouched.settings.approvalModes.transfer);
  expect(after.settings.dailyLimits.bulk_transfer).toBe(500_000_000);
  expect(after.settings.dailyLimits.payroll).toBeNull();
});

interface AccountView {
  id: string;
  branchCode: string;
  accountNumber: string;
  accountName: string;
  dailyLimits: Record<string, number | null>;
}

test('口座: 口座を登録し、口座一日当たりの限度額を変更し、削除する', async ({ page }) => {
  await signIn(page, org.manager.loginId, PASSWORD);
  await menu(page, '口座').click();
  await expect(page.getByRole('heading', { name: '口座', exact: true })).toBeVisible();
  await expect(page.getByText('口座はまだ登録されていません。')).toBeVisible();
  await expectAccessible(page, '口座');

  await page.getByRole('button', { name: '口座を登録' }).click();
  await expect(page.getByRole('heading', { name: '口座登録', exact: true })).toBeVisible();
  await page.getByLabel('店番').fill('81');
  await page.getByLabel('口座番号').fill('0253226');
  await page.getByLabel('口座名義').fill('カンリ（カ');
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(page.getByLabel('店番')).toHaveAccessibleDescription(
    /店番は半角数字 3 桁で入力してください。/,
  );
  await page.getByLabel('店番').fill('081');
  await page.getByLabel('支店名').fill('法人営業部');
  await page.getByRole('combobox', { name: '科目' }).selectOption({ label: '当座' });
  await page.getByLabel('口座一日当たりの限度額（振込振替(合計)）').fill('99999999999');
  await expectAccessible(page, '口座登録（入力）');
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(reviewRow(page, '口座番号')).toContainText('0253226');
  await expect(reviewRow(page, '口座一日当たりの限度額（振込振替(合計)）')).toContainText(
    '99,999,999,999 円',
  );
  await confirmWith(page);
  await expect(page.getByText('口座を登録しました。')).toBeVisible();

  const [created] = (
    await kanri.current.api<{ items: AccountView[] }>(
      'GET',
      `/organizations/${org.orgId}/accounts`,
      undefined,
      org.token,
    )
  ).items;
  expect(created).toMatchObject({ branchCode: '081', accountNumber: '0253226', accountName: 'カンリ（カ' });
  expect(created.dailyLimits).toEqual({
    transferTotal: 99_999_999_999,
    adHocPayee: null,
    registeredPayee: null,
  });

  // 変更: the limit of 都度指定; only that line is red on the confirm step.
  await page.getByRole('link', { name: '口座一覧に戻る' }).click();
  await expect(page.getByRole('grid', { name: '口座' })).toContainText('0253226');
  await page.getByRole('link', { name: '0253226 変更' }).click();
  await expect(page.getByLabel('口座番号')).toBeDisabled();
  await page.getByLabel('口座一日当たりの限度額（振込振替(都度指定)）').fill('3000000');
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(reviewRow(page, '口座一日当たりの限度額（振込振替(都度指定)）')).toHaveClass(
    /kanri-review__changed/,
  );
  await expect(reviewRow(page, '口座一日当たりの限度額（振込振替(合計)）')).not.toHaveClass(
    /kanri-review__changed/,
  );
  await confirmWith(page);
  await expect(page.getByText('口座を変更しました。')).toBeVisible();
  const changed = await kanri.current.api<AccountView>(
    'GET',
    `/organizations/${org.orgId}/accounts/${created.id}`,
    undefined,
    org.token,
  );
  expect(changed.dailyLimits).toEqual({
    transferTotal: 99_999_999_999,
    adHocPayee: 3_000_000,
    registeredPayee: null,
  });

  // 企業情報変更 shows the account's limits where the manual puts them.
  await menu(page, '企業情報変更').click();
  await expect(page.getByRole('grid', { name: '口座一日当たりの限度額' })).toContainText('3,000,000 円');

  // 削除: the account on 入力 and 入力内容確認, deleted with the confirmation password.
  await menu(page, '口座').click();
  await page.getByRole('link', { name: '0253226 削除' }).click();
  await expect(page.getByRole('heading', { name: '口座削除', exact: true })).toBeVisible();
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(reviewRow(page, '口座番号')).toContainText('0253226');
  await expectAccessible(page, '口座削除（入力内容確認）');
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '削除', exact: true }).click();
  await expect(page.getByText('口座を削除しました。')).toBeVisible();
  const left = await kanri.current.api<{ items: AccountView[] }>(
    'GET',
    `/organizations/${org.orgId}/accounts`,
    undefined,
    org.token,
  );
  expect(left.items).toEqual([]);
});

test('依頼者設定: ワンタイムパスワード利用企業では、確認にワンタイムパスワードが要り、現在のコードで完了する', async ({
  page,
}) => {
  const k = kanri.current;
  const member = otpOrg.members[0];
  // Signed in before the authenticator exists, so the sign-in itself needs no code.
  await signIn(page, otpOrg.manager.loginId, PASSWORD);
  await expect(menu(page, '依頼者設定')).toBeVisible();
  const codes = await confirmWithOtp(k, otpOrg);

  await menu(page, '依頼者設定').click();
  await expect(page.getByRole('heading', { name: '依頼者設定', exact: true })).toBeVisible();
  await expectAccessible(page, '依頼者設定');
  await page.getByRole('combobox', { name: '利用者' }).selectOption(member.id);
  await page.getByRole('tab', { name: '利用者一回当たり限度額の変更' }).click();
  await page.getByLabel('利用者一回当たり限度額（振込振替）').fill('100000');
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(reviewRow(page, '利用者一回当たり限度額（振込振替）')).toHaveClass(/kanri-review__changed/);
  const otp = page.getByRole('textbox', { name: 'ワンタイムパスワード' });
  await expect(otp).toBeVisible();
  await expectAccessible(page, '依頼者設定（入力内容確認・ワンタイムパスワード）');

  // Without the code: refused in words under the field.
  await confirmWith(page);
  await expect(otp).toHaveAccessibleDescription(/ワンタイムパスワードを入力してください。/);
  // A wrong code: the API refuses it, the words come under the field, nothing changes.
  await otp.fill('000000');
  await confirmWith(page);
  await expect(otp).toHaveAccessibleDescription(/ワンタイムパスワードが正しくありません。/);
  const limitsPath = `/organizations/${otpOrg.orgId}/users/${member.id}/transaction-limits`;
  const before = await k.api<{ limits: Record<string, number | null> }>(
    'GET',
    limitsPath,
    undefined,
    otpOrg.token,
  );
  expect(before.limits.transfer).toBeNull();

  // The code of the next step (the activation used the current one; a code works once).
  await otp.fill(codes(1));
  await confirmWith(page);
  await expect(page.getByText('利用者一回当たり限度額を変更しました。')).toBeVisible();
  const after = await k.api<{ limits: Record<string, number | null> }>(
    'GET',
    limitsPath,
    undefined,
    otpOrg.token,
  );
  expect(after.limits).toEqual({
    transfer: 100_000,
    bulk_transfer: null,
    payroll: null,
    account_debit: null,
  });
});

test('ユーザー削除: ワンタイムパスワード利用企業では、確認ポップアップもワンタイムパスワードを求め、現在のコードで削除する', async ({
  page,
}) => {
  const k = kanri.current;
  const member = otpDeleteOrg.members[0];
  await signIn(page, otpDeleteOrg.manager.loginId, PASSWORD);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  const codes = await confirmWithOtp(k, otpDeleteOrg);

  await page.goto(`/users/${member.id}`);
  await page.getByRole('button', { name: '削除', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'ユーザー削除' });
  const otp = dialog.getByRole('textbox', { name: 'ワンタイムパスワード' });
  await expect(otp).toBeVisible();
  await expectAccessible(page, 'ユーザー削除（ワンタイムパスワード）');

  // Without the code: refused in words under the field, and the member is still there.
  await dialog.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await dialog.getByRole('button', { name: 'はい' }).click();
  await expect(otp).toHaveAccessibleDescription(/ワンタイムパスワードを入力してください。/);
  await k.api(
    'GET',
    `/organizations/${otpDeleteOrg.orgId}/users/${member.id}`,
    undefined,
    otpDeleteOrg.token,
  );

  // The code of the next step (the activation used the current one; a code works once).
  await dialog.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await otp.fill(codes(1));
  await dialog.getByRole('button', { name: 'はい' }).click();
  await expect(page.getByRole('heading', { name: 'ユーザー一覧' })).toBeVisible();
  await expect(
    k.api('GET', `/organizations/${otpDeleteOrg.orgId}/users/${member.id}`, undefined, otpDeleteOrg.token),
  ).rejects.toThrow(/: 404 /);
});

test('基準手数料: 運用者が適用開始日付きの版を登録し、適用前に取り下げる', async ({ page }) => {
  await signIn(page, OPERATOR.loginId, OPERATOR.password);
  await menu(page, '基準手数料').click();
  await expect(page.getByRole('heading', { name: '基準手数料', exact: true })).toBeVisible();
  await expectAccessible(page, '基準手数料');

  await page.getByRole('button', { name: '新しい版を登録' }).click();
  await expect(page.getByRole('heading', { name: '基準手数料の登録', exact: true })).toBeVisible();
  const effectiveFrom = '2099-04-01';
  await page.getByLabel('適用開始日').fill(effectiveFrom);
  const grid = page.getByRole('grid', { name: '金額帯 × 振込パターン' });
  for (const [i, fees] of [
    ['1', ['0', '110', '380']],
    ['2', ['0', '330', '550']],
  ] as const) {
    if (i === '2') {
      await page.getByRole('button', { name: '金額帯を追加' }).click();
      await grid.getByRole('textbox', { name: '2 段目の下限（円以上）' }).fill('30000');
    }
    for (const [j, pattern] of ['同一店内', '本支店', '他行'].entries()) {
      await grid.getByRole('textbox', { name: `${i} 段目 ${pattern} の手数料（円）` }).fill(fees[j]);
    }
  }
  await expectAccessible(page, '基準手数料の登録（入力）');
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(reviewRow(page, '適用開始日')).toContainText(effectiveFrom);
  await expect(reviewRow(page, '30,000 円以上')).toContainText('他行 550 円');
  await page.getByRole('button', { name: '確定', exact: true }).click();
  await expect(page.getByText(`${effectiveFrom} から適用する基準手数料を登録しました。`)).toBeVisible();

  const token = await kanri.current.asOperator();
  const { items } = await kanri.current.api<{
    items: {
      id: string;
      effectiveFrom: string;
      state: string;
      rows: { from: number; pattern: string; fee: number }[];
    }[];
  }>('GET', '/fees/standard', undefined, token);
  const version = items.find((v) => v.effectiveFrom === effectiveFrom);
  expect(version?.state).toBe('scheduled');
  expect(version?.rows).toContainEqual(
    expect.objectContaining({ from: 30000, pattern: 'other_bank', fee: 550 }),
  );

  await page.getByRole('link', { name: '基準手数料' }).last().click();
  await expect(page.getByRole('grid', { name: '登録済みの版' })).toContainText('適用予定');
  await page.getByRole('button', { name: `取り下げ（${effectiveFrom}）` }).click();
  await expect(page.getByRole('dialog', { name: '基準手数料の取り下げ' })).toBeVisible();
  await page.getByRole('button', { name: 'はい', exact: true }).click();
  await expect(page.getByText('適用予定の版を取り下げました。')).toBeVisible();
  const left = await kanri.current.api<{ items: { effectiveFrom: string }[] }>(
    'GET',
    '/fees/standard',
    undefined,
    token,
  );
  expect(left.items.map((v) => v.effectiveFrom)).not.toContain(effectiveFrom);
});
