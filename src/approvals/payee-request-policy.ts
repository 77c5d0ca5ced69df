import type { Actor } from '@kanri/access/actor';
import {
  type BusinessType,
  PAYEE_SOURCES,
  type PayeeSource,
  approvalPermission,
  payeeRequestPermission,
} from '@kanri/access/permission';
import { AppError } from '@kanri/common/errors/app-error';

/**
 * The request permissions by payee (SPEC §14, 001: 依頼 (事前登録口座 / 利用者登録口座 / 新規口座指定)). The bare
 * `approvals.request.<business>` covers every payee source; `approvals.request.<business>.<source>` covers one.
 */
export function mayRequest(
  actor: Pick<Actor, 'permissions'>,
  business: BusinessType,
  source: PayeeSource,
): boolean {
  return (
    actor.permissions.has(approvalPermission('request', business)) ||
    actor.permissions.has(payeeRequestPermission(business, source))
  );
}

/** Before anything is read: 403 unless the actor may request this business to some payee at all. */
export function assertMayRequestSome(actor: Pick<Actor, 'permissions'>, business: BusinessType): void {
  if (PAYEE_SOURCES.some((source) => mayRequest(actor, business, source))) return;
  throw AppError.forbidden(
    `Requesting needs ${approvalPermission('request', business)} (or one of its payee grants)`,
  );
}

/** 403 unless the actor may request this business to a payee from this source (nothing is written before). */
export function assertMayRequest(
  actor: Pick<Actor, 'permissions'>,
  business: BusinessType,
  source: PayeeSource,
): void {
  if (mayRequest(actor, business, source)) return;
  throw AppError.forbidden(
    `Requesting to a ${source.replace('_', '-')} payee needs ${payeeRequestPermission(business, source)}`,
  );
}
