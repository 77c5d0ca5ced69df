import type { Catalogue } from '../../i18n';

export default {
  ja: {
    nav: {
      passwordChange: 'パスワード変更',
      confirmationPassword: '確認用パスワード変更',
      twoFactor: '2要素認証設定',
      sessions: 'ログイン中のセッション',
    },
  },
  en: {
    nav: {
      passwordChange: 'Change password',
      confirmationPassword: 'Confirmation password',
      twoFactor: 'Two-factor authentication',
      sessions: 'Active sessions',
    },
  },
} satisfies Catalogue;
