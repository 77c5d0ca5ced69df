import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { signIn, signOut } from './support/console';
import { useKanri } from './support/kanri';
import {
  CONFIRMATION,
  PASSWORD,
  createOrganization,
  type Member,
  type Organization,
} from './organization-setup';

/**
 * Maker-checker (manual 001: 依頼・承認, SPEC §5) on screen: a company whose transfers need two approvals in order
 * (ダブル承認（順序あり）). The requester makes a transfer on 依頼作成 choosing the approvers among the candidates; the
 * second approver cannot approve first and the screen says why; the first, then the second approve from 承認待ち;
 * 全取引照会 shows it approved. The arrangement (settings, account, grants) goes through the API.
 */
const kanri = useKanri();
let org: Organization;
let requester: Member;
let first: Member;
let second: Member;
let accountId: string;
const execution = nextWeekday();
const REVIEW_TABLE = '入力内容';

/** The next weekday in Tokyo (the console's APP_TIMEZONE), as YYYY-MM-DD: a date every request accepts. */
function nextWeekday(): string {
  let d = new Date(Date.now() + 9 * 3_600_000 + 86_400_000);
  while ([0, 6].includes(d.getUTCDay())) d = new Date(d.getTime() + 86_400_000);
  return d.toISOString().slice(0, 10);
}

function menu(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name, exact: true });
}

test.beforeAll(async () => {
  const k = kanri.current;
  org = await createOrganization(k, 5); // manager, requester, two approvers, a bystander
  [requester, first, second] = org.members;
  const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
  await k.api(
    'POST',
    '/fees/standard',
    {
      effectiveFrom: today,
      rows: ['same_branch', 'other_branch', 'other_bank'].flatMap((pattern) => [
        { from: 0, to: 30_000, pattern, fee: 110 },
        { from: 30_000, to: null, pattern, fee: 330 },
      ]),
    },
    await k.asOperator(),
  );
  await k.api(
    'PATCH',
    `/organizations/${org.orgId}`,
    { confirmationPassword: CONFIRMATION, approvalModes: { transfer: 'double_ordered' } },
    org.token,
  );
  ({ id: accountId } = await k.api<{ id: string }>(
    'POST',
    `/organizations/${org.orgId}/accounts`,
    {
      confirmationPassword: CONFIRMATION,
      branchCode: '081',
      branchName: '法人営業部',
      accountType: 'ordinary',
      accountNumber: '1234567',
      accountName: 'カ）カンリ',
      dailyLimits: {},
    },
    org.token,
  ));
  const grant = (user: Member, permissions: string[]) =>
    k.api(
      'PUT',
      `/organizations/${org.orgId}/users/${user.id}/permissions`,
      { confirmationPassword: CONFIRMATION, permissions: permissions.map((permission) => ({ permission })) },
      org.token,
    );
  await grant(requester, ['approvals.request.transfer']);
  await grant(first, ['approvals.approve.transfer']);
  await grant(second, ['approvals.approve.transfer']);
  await k.api(
    'PUT',
    `/organizations/${org.orgId}/users/${requester.id}/usable-accounts`,
    { confirmationPassword: CONFIRMATION, accountIds: [accountId] },
    org.token,
  );
  // The approvers set their own 確認用パスワード (確認用パスワード変更): 承認 asks for it.
  for (const approver of [first, second]) {
    await k.api(
      'PUT',
      '/auth/confirmation-password',
      { password: PASSWORD, confirmationPassword: CONFIRMATION },
      await k.login(approver.loginId, PASSWORD),
    );
  }
  // Three earlier requests waiting for the same approvers, so that 承認待ち has a few rows.
  const token = await k.login(requester.loginId, PASSWORD);
  for (const [name, amount] of [
    ['ｶ)ｻﾝｺｳｼｮｳｼﾞ', 128_000],
    ['ﾔﾏﾀﾞ ﾀﾛｳ', 45_600],
    ['ｶ)ﾐﾄﾞﾘｹﾝｾﾂ', 1_250_000],
  ] as const) {
    await k.api(
      'POST',
      `/organizations/${org.orgId}/requests`,
      {
        businessType: 'transfer',
        accountId,
        amount,
        payee: {
          name,
          pattern: 'other_bank',
          bankCode: '0005',
          branchCode: '123',
          accountType: 'ordinary',
          accountNumber: '7654321',
        },
        executionDate: execution,
        approverIds: [first.id, second.id],
      },
      token,
    );
  }
});

/** 承認 from a request's screen: 承認 → 入力内容確認 with the confirmation password → 承認. */
async function approve(page: Page) {
  await page.getByRole('button', { name: '承認', exact: true }).click();
  await page.getByRole('button', { name: '入力内容確認へ' }).click();
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '承認', exact: true }).click();
}

test('ダブル承認（順序あり）: 第2承認者は先に承認できず、第1・第2承認者の順に承認すると全取引照会で承認済みになる', async ({
  page,
}) => {
  test.slow();
  // 依頼作成 by the requester: the approvers come from the candidates, in order.
  await signIn(page, requester.loginId, PASSWORD);
  await menu(page, '依頼作成').click();
  await expect(page.getByRole('heading', { name: '依頼作成', exact: true })).toBeVisible();
  await expect(page.getByText('承認方式: ダブル承認（順序あり）')).toBeVisible();
  await page.getByRole('combobox', { name: '支払口座' }).selectOption({ index: 1 });
  await page.getByRole('textbox', { name: '受取人名' }).fill('ｶ)ﾄﾘﾋｷｻｷ');
  await page.getByRole('textbox', { name: '金融機関コード' }).fill('0005');
  await page.getByRole('textbox', { name: '店番' }).fill('123');
  await page.getByRole('textbox', { name: '口座番号' }).fill('12345');
  await page.getByRole('combobox', { name: '振込パターン' }).selectOption({ label: '他行' });
  await page.getByRole('textbox', { name: '支払金額（円）' }).fill('30329');
  await page.getByRole('textbox', { name: '振込指定日' }).fill(execution);
  const firstSelect = page.getByRole('combobox', { name: '第1承認者' });
  // Approve-permission holders are offered (the manager holds every grant), never the requester or a bystander.
  await expect(firstSelect.locator('option', { hasText: first.loginId })).toHaveCount(1);
  await expect(firstSelect.locator('option', { hasText: requester.loginId })).toHaveCount(0);
  await expect(firstSelect.locator('option', { hasText: org.members[3].loginId })).toHaveCount(0);
  await firstSelect.selectOption({ value: first.id });
  await page.getByRole('combobox', { name: '第2承認者' }).selectOption({ value: second.id });
  await page.getByRole('combobox', { name: '手数料負担' }).selectOption({ label: '先方負担' });
  await expectAccessible(page, '依頼作成');
  await page.getByRole('button', { name: '入力内容確認へ' }).click();
  // A wrong account number is named next to the field before anything is sent.
  await expect(page.getByText('7 桁の数字で入力してください。')).toBeVisible();
  await page.getByRole('textbox', { name: '口座番号' }).fill('1234567');
  await page.getByRole('button', { name: '入力内容確認へ' }).click();
  const review = page.getByRole('grid', { name: REVIEW_TABLE });
  await expect(review).toContainText('30,329 円');
  await expect(review).toContainText(first.loginId);
  await expectAccessible(page, '依頼作成（入力内容確認）');
  await page.getByRole('button', { name: '依頼する' }).click();
  await expect(page.getByText(/依頼を受け付けました（依頼番号 .+、状態: 承認待ち）。/)).toBeVisible();
  await page.getByRole('link', { name: '依頼内容を表示' }).click();
  await expect(page.getByRole('heading', { name: /依頼内容/ })).toBeVisible();
  const requestUrl = page.url();
  // 先方負担 at 30,329 yen (据置型): 330 yen deducted, 29,999 yen transferred, 110 yen actually charged.
  await expect(page.getByText('330 円', { exact: true })).toBeVisible();
  await expect(page.getByText('29,999 円', { exact: true })).toBeVisible();
  await expectAccessible(page, '依頼内容');
  await signOut(page);

  // The second approver first: not in their 承認待ち yet, and the screen says why approving is refused.
  await signIn(page, second.loginId, PASSWORD);
  await menu(page, '承認待ち').click();
  await expect(page.getByRole('heading', { name: '承認待ち', exact: true })).toBeVisible();
  await expect(page.getByText('承認待ちの依頼はありません。')).toBeVisible();
  await page.goto(requestUrl);
  await approve(page);
  await expect(
    page.getByText('操作できませんでした: 承認の順序が正しくありません。前の承認者の承認をお待ちください。'),
  ).toBeVisible();
  await expectAccessible(page, '承認（順序違い）');
  await signOut(page);

  // The first approver: 承認待ち lists it (with the earlier ones), 承認 with the confirmation password.
  await signIn(page, first.loginId, PASSWORD);
  await menu(page, '承認待ち').click();
  const inbox = page.getByRole('grid', { name: '承認待ち' });
  await expect(inbox.getByRole('row')).toHaveCount(5); // header + 4 requests
  await expect(inbox).toContainText('30,329 円');
  await expectAccessible(page, '承認待ち');
  // KANRI_DOCS_IMAGES=<dir>: the picture of 承認待ち the README shows (docs/images/approval-inbox.png).
  if (process.env.KANRI_DOCS_IMAGES) {
    await page.screenshot({ path: `${process.env.KANRI_DOCS_IMAGES}/approval-inbox.png` });
  }
  await inbox.getByRole('row').filter({ hasText: '30,329 円' }).getByRole('link').click();
  await expect(page).toHaveURL(requestUrl);
  // A wrong confirmation password is refused next to the field; nothing is approved.
  await page.getByRole('button', { name: '承認', exact: true }).click();
  await page.getByRole('button', { name: '入力内容確認へ' }).click();
  await expectAccessible(page, '承認（入力内容確認）');
  await page.getByLabel('確認用パスワード').fill('wrong-password-1');
  await page.getByRole('button', { name: '承認', exact: true }).click();
  await expect(page.locator('#confirmation-password-error')).toBeVisible();
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '承認', exact: true }).click();
  await expect(page.getByText('承認しました。')).toBeVisible();
  await signOut(page);

  // The second approver now: it is in 承認待ち, and approving ends it.
  await signIn(page, second.loginId, PASSWORD);
  await menu(page, '承認待ち').click();
  await expect(page.getByRole('grid', { name: '承認待ち' })).toContainText('30,329 円');
  await page.goto(requestUrl);
  await approve(page);
  await expect(page.getByText('承認しました。')).toBeVisible();
  await expect(page.getByText('承認済み', { exact: true })).toBeVisible();
  await signOut(page);

  // 全取引照会 by the manager (approvals.view_all): filtered to approved requests of the requester.
  await signIn(page, org.manager.loginId, PASSWORD);
  await menu(page, '全取引照会').click();
  await expect(page.getByRole('heading', { name: '全取引照会', exact: true })).toBeVisible();
  await page.getByRole('combobox', { name: '状態' }).selectOption({ label: '承認済み' });
  await page.getByRole('textbox', { name: '依頼者（ログインID）' }).fill(requester.loginId);
  await page.getByRole('button', { name: '検索', exact: true }).click();
  await expect(page).toHaveURL(/status=approved/);
  const all = page.getByRole('grid', { name: '全取引照会' });
  await expect(all.getByRole('row')).toHaveCount(2);
  const row = all.getByRole('row').filter({ hasText: '30,329 円' });
  await expect(row).toContainText('承認済み');
  await expect(row).toContainText(requester.loginId);
  await expectAccessible(page, '全取引照会');
  // The pending ones are there without the state filter.
  await page.getByRole('button', { name: 'クリア' }).click();
  await expect(all.getByRole('row')).toHaveCount(5);
});

test('差戻し（理由つき）と引戻し: 依頼者は差戻し理由を見て、承認前の依頼を引戻せる', async ({ page }) => {
  test.slow();
  const k = kanri.current;
  const token = await k.login(requester.loginId, PASSWORD);
  const { items } = await k.api<{ items: { id: string; amount: number }[] }>(
    'GET',
    `/organizations/${org.orgId}/requests?view=mine&status=pending`,
    undefined,
    token,
  );
  const toReject = items.find((r) => r.amount === 128_000)!;
  const toWithdraw = items.find((r) => r.amount === 45_600)!;

  // The first approver rejects: a reason is required, and the requester will see it.
  await signIn(page, first.loginId, PASSWORD);
  await menu(page, '承認待ち').click();
  await page
    .getByRole('grid', { name: '承認待ち' })
    .getByRole('row')
    .filter({ hasText: '128,000 円' })
    .getByRole('link')
    .click();
  await page.getByRole('button', { name: '差戻し', exact: true }).click();
  await page.getByRole('button', { name: '入力内容確認へ' }).click();
  await expect(page.getByText('差戻し理由を入力してください。')).toBeVisible();
  await page.getByRole('textbox', { name: '差戻し理由' }).fill('振込先の口座番号を確認してください');
  await expectAccessible(page, '差戻し');
  await page.getByRole('button', { name: '入力内容確認へ' }).click();
  await page.getByRole('button', { name: '差戻す' }).click();
  await expect(page.getByText('差戻しました。')).toBeVisible();
  await signOut(page);

  // The requester: the reason on the rejected request; 引戻し of one nobody approved yet.
  await signIn(page, requester.loginId, PASSWORD);
  // Signed in before the address is typed: navigating away while the sign-in is in flight would cancel it.
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  await page.goto(`/requests/${toReject.id}`);
  await expect(page.getByText('振込先の口座番号を確認してください')).toBeVisible();
  await expect(page.getByRole('button', { name: '引戻し' })).toHaveCount(0);
  await menu(page, '依頼一覧').click();
  await expect(page.getByRole('heading', { name: '依頼一覧', exact: true })).toBeVisible();
  await expectAccessible(page, '依頼一覧');
  await page
    .getByRole('grid', { name: '依頼一覧' })
    .getByRole('row')
    .filter({ hasText: '45,600 円' })
    .getByRole('link')
    .click();
  await expect(page).toHaveURL(new RegExp(`/requests/${toWithdraw.id}$`));
  await page.getByRole('button', { name: '引戻し', exact: true }).click();
  await expect(page.getByText('この依頼を引戻します。よろしいですか？')).toBeVisible();
  await page.getByRole('button', { name: '入力内容確認へ' }).click();
  await page.getByRole('button', { name: '引戻す' }).click();
  await expect(page.getByText('引戻しました。')).toBeVisible();
  const after = await k.api<{ status: string }>(
    'GET',
    `/organizations/${org.orgId}/requests/${toWithdraw.id}`,
    undefined,
    token,
  );
  expect(after.status).toBe('withdrawn');
  const rejected = await k.api<{ status: string; rejectReason: string }>(
    'GET',
    `/organizations/${org.orgId}/requests/${toReject.id}`,
    undefined,
    token,
  );
  expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '振込先の口座番号を確認してください' });
});
