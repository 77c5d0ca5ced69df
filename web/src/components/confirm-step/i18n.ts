import i18next from 'i18next';

/** Words of the input → 入力内容確認 → 完了 flow and the confirmation dialog (namespace `confirm`). */
export const ja = {
  stepInput: '入力',
  stepConfirm: '入力内容確認',
  stepDone: '完了',
  progress: '手続きの進み具合',
  confirmLead: '以下の内容でよろしければ、確定ボタンを押してください。変更した項目は赤で表示されます。',
  reviewTable: '入力内容',
  item: '項目',
  value: '内容',
  changed: '（変更）',
  confirmationPassword: '確認用パスワード',
  passwordRequired: '確認用パスワードを入力してください。',
  otp: 'ワンタイムパスワード',
  otpHelp: 'ワンタイムパスワードご利用企業のため、認証アプリに表示されている 6 桁の数字を入力してください。',
  otpRequired: 'ワンタイムパスワードを入力してください。',
  passkeyLead:
    'この組織では確認用パスワードの代わりにパスキーで本人確認します。確定ボタンを押すと、パスキーの確認画面が表示されます。',
  passkeyLeadDialog:
    'この組織では確認用パスワードの代わりにパスキーで本人確認します。はいボタンを押すと、パスキーの確認画面が表示されます。',
  submit: '確定',
  back: '戻る',
  next: '確認',
  doneTitle: '処理が完了しました。',
  yes: 'はい',
  no: 'いいえ',
  approver: '承認者',
  approverN: '承認者{{n}}',
  approverOrdered: '第{{n}}承認者',
};

export const en: typeof ja = {
  stepInput: 'Input',
  stepConfirm: 'Confirm',
  stepDone: 'Done',
  progress: 'Progress',
  confirmLead: 'If the following is correct, press Submit. Changed items are shown in red.',
  reviewTable: 'Your input',
  item: 'Item',
  value: 'Value',
  changed: '(changed)',
  confirmationPassword: 'Confirmation password',
  passwordRequired: 'Enter your confirmation password.',
  otp: 'One-time password',
  otpHelp:
    'Your organization confirms with a one-time password too: enter the 6 digits your authenticator app shows.',
  otpRequired: 'Enter the one-time password.',
  passkeyLead:
    'Your organization confirms with a passkey instead of the confirmation password. Press Submit and verify with your passkey.',
  passkeyLeadDialog:
    'Your organization confirms with a passkey instead of the confirmation password. Press Yes and verify with your passkey.',
  submit: 'Submit',
  back: 'Back',
  next: 'Confirm',
  doneTitle: 'Done.',
  yes: 'Yes',
  no: 'No',
  approver: 'Approver',
  approverN: 'Approver {{n}}',
  approverOrdered: 'Approver {{n}} (in turn)',
};

/**
 * Shared components are not features, so the catalogue's glob (each feature folder's i18n.ts) does not see them: their
 * namespace joins i18next when the component is first imported.
 */
function register() {
  i18next.addResourceBundle('ja', 'confirm', ja, true, false);
  i18next.addResourceBundle('en', 'confirm', en, true, false);
}
if (i18next.isInitialized) register();
else i18next.on('initialized', register);
