/**
 * Which check of 本人確認 (番号法 第16条) an ID document serves: `number_confirmation` 番号確認書類 (the individual
 * number card's back, a notification card, a certificate of residence with the number) and `identity_confirmation`
 * 身元確認書類 (the card's front, a driving licence, a passport). The manual calls both 証憑画像.
 */
export type DocumentKind = 'number_confirmation' | 'identity_confirmation';

export const DOCUMENT_KINDS: readonly DocumentKind[] = ['number_confirmation', 'identity_confirmation'];

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  number_confirmation: '番号確認書類',
  identity_confirmation: '身元確認書類',
};
