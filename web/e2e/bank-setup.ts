import type { Kanri } from './support/kanri';
import { CONFIRMATION, PASSWORD, type Member, type Organization } from './organization-setup';

/**
 * The banking arrangement the request flows start from, built through the API as the manuals build it: the operator's
 * standard fees, a company account (法人口座) the requester may draw on, the permissions of requesters and
 * approvers, and each member's confirmation password. What a flow checks happens on screen.
 */

/** Tokyo's date `days` from now, YYYY-MM-DD. */
export const tokyoDate = (days = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(
    new Date(Date.now() + days * 86_400_000),
  );

/** Standard fees (organizations follow them): below 30,000 yen 0 / 110 / 380, from 30,000 yen 0 / 330 / 550. */
export async function publishStandardFees(k: Kanri): Promise<void> {
  const rows = (['same_branch', 'other_branch', 'other_bank'] as const).flatMap((pattern, i) => [
    { from: 0, to: 30_000, pattern, fee: [0, 110, 380][i] },
    { from: 30_000, to: null, pattern, fee: [0, 330, 550][i] },
  ]);
  await k.api('POST', '/fees/standard', { effectiveFrom: tokyoDate(), rows }, await k.asOperator());
}

/** A company account (普通, 法人営業部) of the organization; its id. */
export async function openCompanyAccount(
  k: Kanri,
  org: Organization,
  account: { branchCode: string; accountNumber: string },
): Promise<string> {
  const created = await k.api<{ id: string }>(
    'POST',
    `/organizations/${org.orgId}/accounts`,
    {
      confirmationPassword: CONFIRMATION,
      ...account,
      branchName: '法人営業部',
      accountType: 'ordinary',
      accountName: 'カ）カンリ',
      dailyLimits: {},
    },
    org.token,
  );
  return created.id;
}

/** The member's permissions (権限設定), replacing what they held. */
export async function grantPermissions(
  k: Kanri,
  org: Organization,
  member: Member,
  permissions: string[],
): Promise<void> {
  await k.api(
    'PUT',
    `/organizations/${org.orgId}/users/${member.id}/permissions`,
    { confirmationPassword: CONFIRMATION, permissions: permissions.map((permission) => ({ permission })) },
    org.token,
  );
}

/** The accounts the member may draw on (利用可能口座). */
export async function allowAccounts(
  k: Kanri,
  org: Organization,
  member: Member,
  accountIds: string[],
): Promise<void> {
  await k.api(
    'PUT',
    `/organizations/${org.orgId}/users/${member.id}/usable-accounts`,
    { confirmationPassword: CONFIRMATION, accountIds },
    org.token,
  );
}

/** The member sets their own confirmation password (確認用パスワード), as the first sign-in asks. */
export async function setConfirmationPassword(k: Kanri, member: Member): Promise<void> {
  await k.api(
    'PUT',
    '/auth/confirmation-password',
    { password: PASSWORD, confirmationPassword: CONFIRMATION },
    await k.login(member.loginId, PASSWORD),
  );
}
