import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { signIn } from './support/console';
import { useKanri } from './support/kanri';
import { CONFIRMATION, confirmWithOtp, createOrganization, PASSWORD } from './organization-setup';

/**
 * ユーザーインポート (manual 003): 1,000 users from a CSV, with the progress bar fed by the job, then in the list;
 * a file with one bad line shows that line and field, and imports nothing. In a ワンタイムパスワード利用企業
 * (confirmWithOtp) the form asks for the authenticator code with the 確認用パスワード: a wrong code is refused in words
 * under its field and imports nothing, the current one imports.
 */
const kanri = useKanri();

const HEADER =
  'ログインID,姓,名,姓(カナ),名(カナ),メールアドレス,メールアドレス(サブ),パスワード,権限,グループコード,グループ,属性,' +
  '有効開始日,有効終了日,無効,仮登録,使用言語,備考,アカウントロック日時,登録日時,更新日時,最終ログイン日時';

/** A data line of the export's 22 columns; users with a password are registered, the others provisional. */
function line(loginId: string, email: string, password: string): string {
  const cells = [loginId, '取込', '太郎', 'トリコミ', 'タロウ', email, '', password, '', '', '', ''];
  return [...cells, '', '', '0', password ? '0' : '1', '', '', '', '', '', ''].join(',');
}

function csv(lines: string[]): Buffer {
  return Buffer.from(`\uFEFF${[HEADER, ...lines].join('\r\n')}\r\n`, 'utf8');
}

async function openImport(page: Page) {
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: 'ユーザー一覧' })
    .click();
  await page.getByRole('button', { name: 'インポート', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'ユーザーインポート' })).toBeVisible();
}

async function chooseFile(page: Page, name: string, content: Buffer) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'ファイルを選択' }).click();
  await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: content });
}

test('ユーザーインポート: 1,000件を取り込み進捗バーが進み一覧に表示され、誤りのある行があれば行と項目を示して何も取り込まない', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const org = await createOrganization(kanri.current, 1);
  const rows = Array.from({ length: 1000 }, (_, i) =>
    line(`imp${String(i).padStart(4, '0')}x`, `imp${i}@example.jp`, i < 200 ? 'Passw0rdImport' : ''),
  );

  await signIn(page, org.manager.loginId, PASSWORD);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  await openImport(page);
  await expectAccessible(page, 'ユーザーインポート');

  await chooseFile(page, 'users.csv', csv(rows));
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: 'インポート', exact: true }).click();

  // The bar follows the job's {processed, total} until the end.
  const bar = page.getByRole('progressbar', { name: 'インポートの進捗' });
  await expect(bar).toBeVisible();
  const seen: number[] = [];
  const done = page.getByText(/インポートが完了しました/);
  for (let i = 0; i < 600 && !(await done.isVisible()); i++) {
    const now = Number(await bar.getAttribute('aria-valuenow'));
    if (seen.at(-1) !== now) seen.push(now);
    await page.waitForTimeout(100);
  }
  await expect(done).toContainText('作成 1000 件');
  seen.push(Number(await bar.getAttribute('aria-valuenow')));
  expect(seen[0]).toBeLessThan(100);
  expect(seen.at(-1)).toBe(100);
  await expect(page.getByText('1000 / 1000 件')).toBeVisible();

  await page.getByRole('link', { name: 'ユーザー一覧へ戻る' }).first().click();
  await expect(page.getByRole('heading', { name: 'ユーザー一覧' })).toBeVisible();
  await expect(page.getByText('1001', { exact: true }).filter({ visible: true }).first()).toBeVisible();
  await page.getByLabel('検索', { exact: true }).fill('imp0999x');
  await page.getByLabel('検索', { exact: true }).press('Enter');
  await expect(
    page.getByRole('grid', { name: 'ユーザー一覧' }).getByRole('link', { name: 'imp0999x' }),
  ).toBeVisible();

  // One bad line (line 3: the e-mail address): that line and field are shown, nothing is imported.
  await page.getByRole('button', { name: 'インポート', exact: true }).click();
  await chooseFile(
    page,
    'bad.csv',
    csv([line('good0001x', 'good@example.jp', ''), line('good0002x', 'not-an-address', '')]),
  );
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: 'インポート', exact: true }).click();
  await expect(page.getByText('ファイルに誤りがあるため、インポートしませんでした。')).toBeVisible();
  const errors = page.getByRole('grid', { name: 'エラーのある行' });
  await expect(errors.getByRole('row')).toHaveCount(2);
  await expect(errors.getByRole('row').nth(1)).toContainText('3');
  await expect(errors.getByRole('row').nth(1)).toContainText('メールアドレス');
  await expectAccessible(page, 'ユーザーインポート（エラー）');

  await page.getByRole('link', { name: 'ユーザー一覧へ戻る' }).first().click();
  await page.getByLabel('検索', { exact: true }).fill('good000');
  await page.getByLabel('検索', { exact: true }).press('Enter');
  await expect(page.getByText('該当するデータがありません')).toBeVisible();
});

test('ユーザーインポート: ワンタイムパスワード利用企業では、ワンタイムパスワードも求め、誤ったコードでは何も取り込まず、現在のコードで取り込む', async ({
  page,
}) => {
  const k = kanri.current;
  const org = await createOrganization(k, 1, '株式会社ワンタイム取込');
  // Signed in before the authenticator exists, so the sign-in itself needs no code.
  await signIn(page, org.manager.loginId, PASSWORD);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  const codes = await confirmWithOtp(k, org);
  const search = (q: string) =>
    k.api<{ total: number }>('GET', `/organizations/${org.orgId}/users?q=${q}`, undefined, org.token);

  await openImport(page);
  const otp = page.getByRole('textbox', { name: 'ワンタイムパスワード' });
  await expect(otp).toBeVisible();
  await expectAccessible(page, 'ユーザーインポート（ワンタイムパスワード）');
  await chooseFile(
    page,
    'otp.csv',
    csv([line('otpimp01x', 'otp1@example.jp', ''), line('otpimp02x', 'otp2@example.jp', '')]),
  );

  // Without the code: refused in words under the field before anything is sent.
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: 'インポート', exact: true }).click();
  await expect(otp).toHaveAccessibleDescription(/ワンタイムパスワードを入力してください。/);

  // A wrong code: the API refuses the upload, the words come under the field, and no member was created.
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await otp.fill('000000');
  await page.getByRole('button', { name: 'インポート', exact: true }).click();
  await expect(otp).toHaveAccessibleDescription(/ワンタイムパスワードが正しくありません。/);
  await expect(otp).toHaveAttribute('aria-invalid', 'true');
  await expect(otp).toHaveValue('');
  await expect(page.getByLabel('確認用パスワード')).toHaveValue('');
  await expect(page.getByRole('progressbar', { name: 'インポートの進捗' })).toHaveCount(0);
  expect((await search('otpimp')).total).toBe(0);

  // The code of the next step (the activation used the current one; a code works once): the file is imported.
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await otp.fill(codes(1));
  await page.getByRole('button', { name: 'インポート', exact: true }).click();
  await expect(page.getByText(/インポートが完了しました/)).toContainText('作成 2 件');
  expect((await search('otpimp')).total).toBe(2);
});
