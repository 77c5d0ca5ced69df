import type { Catalogue } from '../../i18n';

/**
 * Words of SCIM連携設定 (the API's @Screen name; SPEC §17 SCIM 2.0 provisioning), namespace `scim-tokens`: the
 * organization's SCIM tokens for Microsoft Entra ID, Okta and HENNGE One.
 */
const ja = {
  nav: { tokens: 'SCIM連携設定' },
  title: 'SCIM連携設定',
  lead: 'Microsoft Entra ID・Okta・HENNGE One などの ID プロバイダが、この組織のユーザーとグループを自動で登録・変更・削除します（SCIM 2.0）。ID プロバイダには、下の SCIM ベース URL と、ここで発行する SCIM トークンを設定してください。',
  baseUrl: 'SCIM ベース URL（テナント URL）',
  baseUrlHelp:
    'ID プロバイダの「テナント URL」「SCIM connector base URL」に貼り付けてください（/api/v1 の下ではありません）。',
  copied: 'コピーしました。',
  copyFailed: 'コピーできませんでした。欄の文字列を選択してコピーしてください。',
  copy: 'コピー',
  copyBaseUrl: 'SCIM ベース URL をコピー',
  copyToken: 'SCIM トークンをコピー',
  table: 'SCIM トークン一覧',
  empty: 'SCIM トークンはまだ発行されていません。',
  col: {
    clientName: '連携先の名前',
    createdAt: '発行日時',
    lastUsedAt: '最終利用日時',
    state: '状態',
    actions: '操作',
  },
  state: { used: '利用あり', unused: '未使用' },
  never: '未使用',
  issue: 'SCIM トークン発行',
  limit:
    'SCIM トークンは組織あたり {{max}} 件まで発行できます。使っていないトークンを失効してから発行してください。',
  revoke: {
    button: '失効',
    buttonOf: '{{name}} の SCIM トークンを失効',
    title: 'SCIM トークンの失効',
    body: '{{name}} の SCIM トークンを失効します。このトークンを使う ID プロバイダの要求は次回から拒否され、同期が止まります。元に戻せません。',
    done: '{{name}} の SCIM トークンを失効しました。',
    gone: 'この SCIM トークンはすでに失効しています。',
  },
  create: {
    title: 'SCIM トークン発行',
    lead: 'ID プロバイダごとにトークンを発行します。トークンが行った変更は、操作履歴に操作者「scim:連携先の名前」として記録されます。',
    clientName: '連携先の名前',
    clientNameHelp: '例: Microsoft Entra ID（50 文字以内）。',
    required: '入力してください。',
    tooLong: '50 文字以内で入力してください。',
    control: '改行やタブなどの制御文字は使えません。',
    next: '入力内容確認',
    back: 'SCIM連携設定へ戻る',
    done: '{{name}} の SCIM トークンを発行しました。',
    token: 'SCIM トークン',
    tokenWarning:
      'SCIM トークンはこの画面でしか表示されず、再表示できません。今すぐコピーして ID プロバイダに設定してください。失くした場合は、新しいトークンを発行して古いトークンを失効してください。',
  },
};

const en: typeof ja = {
  nav: { tokens: 'SCIM provisioning' },
  title: 'SCIM provisioning',
  lead: "Identity providers such as Microsoft Entra ID, Okta and HENNGE One create, change and remove this organization's users and groups by themselves (SCIM 2.0). Give the provider the SCIM base URL below and a SCIM token issued here.",
  baseUrl: 'SCIM base URL (tenant URL)',
  baseUrlHelp:
    "Paste it into the provider's Tenant URL or SCIM connector base URL (it is not under /api/v1).",
  copied: 'Copied.',
  copyFailed: 'Could not copy. Select the text in the field and copy it.',
  copy: 'Copy',
  copyBaseUrl: 'Copy the SCIM base URL',
  copyToken: 'Copy the SCIM token',
  table: 'SCIM tokens',
  empty: 'No SCIM token issued yet.',
  col: {
    clientName: 'Client name',
    createdAt: 'Issued',
    lastUsedAt: 'Last used',
    state: 'State',
    actions: 'Actions',
  },
  state: { used: 'In use', unused: 'Not used yet' },
  never: 'Never',
  issue: 'Issue a SCIM token',
  limit:
    'An organization may hold at most {{max}} SCIM tokens. Revoke one that is no longer used, then issue.',
  revoke: {
    button: 'Revoke',
    buttonOf: 'Revoke the SCIM token of {{name}}',
    title: 'Revoke a SCIM token',
    body: "Revokes the SCIM token of {{name}}. The provider's next request with it is refused and provisioning stops. This cannot be undone.",
    done: 'Revoked the SCIM token of {{name}}.',
    gone: 'This SCIM token has already been revoked.',
  },
  create: {
    title: 'Issue a SCIM token',
    lead: 'Issue one token per identity provider. What a token changes is recorded in the operation history with the operator "scim:<client name>".',
    clientName: 'Client name',
    clientNameHelp: 'E.g. Microsoft Entra ID (up to 50 characters).',
    required: 'Required.',
    tooLong: 'Up to 50 characters.',
    control: 'Control characters (line breaks, tabs) are not allowed.',
    next: 'Review',
    back: 'Back to SCIM provisioning',
    done: 'Issued a SCIM token for {{name}}.',
    token: 'SCIM token',
    tokenWarning:
      'The SCIM token is shown on this screen only and cannot be shown again. Copy it into the identity provider now. If it is lost, issue a new token and revoke the old one.',
  },
};

export default { ja, en } satisfies Catalogue;
