import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { signIn } from './support/console';
import { useKanri } from './support/kanri';
import { PASSWORD, createOrganization, type Organization } from './organization-setup';

/**
 * 手数料情報・手数料照会 (manual 001) with the manual's worked example: bands of 110 yen below 30,000 and 330 yen from
 * 30,000 in 先方負担手数料[総合振込]; a payment of 30,329 yen is quoted 330 / 29,999 (据置型), 330 / 29,999
 * (未満手数料加算型) and 110 / 30,219 (以上手数料加算型).
 */
const kanri = useKanri();
let org: Organization;

test.beforeAll(async () => {
  org = await createOrganization(kanri.current, 1);
});

function menu(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name, exact: true });
}

const PATTERNS = ['同一店内', '本支店', '他行'];

async function setMethod(page: Page, method: string) {
  await menu(page, '手数料情報').click();
  await page.getByRole('tab', { name: '先方負担手数料[総合振込]' }).click();
  await page.getByRole('radio', { name: method, exact: true }).check();
  await page.getByRole('button', { name: '変更', exact: true }).click();
  await expect(page.getByText('手数料情報を変更しました。')).toBeVisible();
  await expect(page.getByText(`手数料計算方法: ${method}`)).toBeVisible();
}

/** The worked example's grid: 110 yen below 30,000 and 330 yen from 30,000, for every pattern. */
async function fillBands(page: Page) {
  await page.getByRole('button', { name: '金額帯を追加' }).click();
  await page.getByRole('textbox', { name: '2 段目の下限（円以上）' }).fill('30000');
  for (const pattern of PATTERNS) {
    await page.getByRole('textbox', { name: `1 段目 ${pattern} の手数料（円）` }).fill('110');
    await page.getByRole('textbox', { name: `2 段目 ${pattern} の手数料（円）` }).fill('330');
  }
}

/** 手数料照会 of 30,329 yen, 総合振込 to another bank, borne by the payee; checks the two figures the manual gives. */
async function expectQuote(page: Page, deducted: string, transfer: string) {
  await menu(page, '手数料照会').click();
  await page.getByRole('combobox', { name: '業務', exact: true }).selectOption({ label: '総合振込' });
  await page.getByRole('combobox', { name: '振込パターン', exact: true }).selectOption({ label: '他行' });
  await page.getByRole('combobox', { name: '手数料負担', exact: true }).selectOption({ label: '先方負担' });
  await page.getByRole('textbox', { name: '支払金額（円）' }).fill('30329');
  await page.getByRole('button', { name: '照会', exact: true }).click();
  const result = page.getByRole('region', { name: '照会結果' });
  await expect(result).toContainText(`先方負担手数料（差引額）${deducted}`);
  await expect(result).toContainText(`振込金額${transfer}`);
}

test('金額帯×振込パターンの手数料を入力し、計算方法ごとに手数料照会の結果が変わる', async ({ page }) => {
  test.slow();
  await signIn(page, org.manager.loginId, PASSWORD);
  await menu(page, '手数料情報').click();
  await expect(page.getByRole('heading', { name: '手数料情報' })).toBeVisible();
  await page.getByRole('tab', { name: '先方負担手数料[総合振込]' }).click();
  await expect(page.getByText('まだ設定されていません（基準手数料・据置型を使用）。')).toBeVisible();
  await expectAccessible(page, '手数料情報（先方負担手数料[総合振込]）');

  // Own bands: 110 yen from 0, 330 yen from 30,000, the same for every pattern.
  await page.getByRole('checkbox', { name: '使用する（常に最新の基準手数料を使用する）' }).uncheck();
  await fillBands(page);
  // A band that does not rise is refused next to it, before anything is sent.
  await page.getByRole('textbox', { name: '2 段目の下限（円以上）' }).fill('0');
  await page.getByRole('button', { name: '変更', exact: true }).click();
  await expect(page.getByText('下限は前の金額帯より大きくしてください。')).toBeVisible();
  await page.getByRole('textbox', { name: '2 段目の下限（円以上）' }).fill('30000');
  await page.getByRole('radio', { name: '据置型', exact: true }).check();
  await page.getByRole('button', { name: '変更', exact: true }).click();
  await expect(page.getByText('手数料情報を変更しました。')).toBeVisible();

  // 照会: the grid as it applies today.
  const view = page.getByRole('grid', { name: '先方負担手数料[総合振込] 照会' });
  await expect(view.getByRole('row').filter({ hasText: '30,000 円以上' })).toContainText('330 円');
  await expect(view.getByRole('row').filter({ hasText: '30,000 円未満' })).toContainText('110 円');
  await expectAccessible(page, '手数料情報（変更後）');

  // What the company pays the bank (the quote's actual fee) comes from 当方負担手数料[総合振込]: the same bands.
  await page.getByRole('tab', { name: '当方負担手数料[総合振込]' }).click();
  await page.getByRole('checkbox', { name: '使用する（常に最新の基準手数料を使用する）' }).uncheck();
  await fillBands(page);
  await page.getByRole('button', { name: '変更', exact: true }).click();
  await expect(page.getByText('手数料情報を変更しました。')).toBeVisible();

  await expectQuote(page, '330 円', '29,999 円');
  await expectAccessible(page, '手数料照会');

  await setMethod(page, '未満手数料加算型');
  await expectQuote(page, '330 円', '29,999 円');

  await setMethod(page, '以上手数料加算型');
  await expectQuote(page, '110 円', '30,219 円');
});
