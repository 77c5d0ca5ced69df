import type { Actor } from '@kanri/access/actor';
import { Permission } from '@kanri/access/permission';
import { AppError } from '@kanri/common/errors/app-error';
import type { PayeeRegistration } from './payee.entity';

/**
 * Who may do what with the payee register (SPEC §14, 001's permission screen): company-registered payees (事前登録口座)
 * are kept with `company.manage`, member-registered ones (利用者登録口座) with `payees.manage` (振込先管理 / 請求先管理).
 * Reading is open to those and to anyone who may make a request, since a request picks its payee from the register.
 */
export function assertMayWrite(actor: Actor, registration: PayeeRegistration): void {
  const needed = registration === 'registered' ? Permission.CompanyManage : Permission.PayeesManage;
  if (!actor.permissions.has(needed)) {
    throw AppError.forbidden(`Keeping ${registration} payees needs ${needed}`);
  }
}

/** Before a file is read: 403 unless the actor may keep payees of some registration (the rows say which). */
export function assertMayWriteSome(actor: Actor): void {
  if (actor.permissions.has(Permission.CompanyManage) || actor.permissions.has(Permission.PayeesManage))
    return;
  throw AppError.forbidden(
    `Importing payees needs ${Permission.PayeesManage} or ${Permission.CompanyManage}`,
  );
}

export function assertMayRead(actor: Actor): void {
  for (const p of actor.permissions.keys()) {
    if (p === Permission.PayeesManage || p === Permission.CompanyManage || p.startsWith('approvals.request.'))
      return;
  }
  throw AppError.forbidden(
    `Reading the payee register needs ${Permission.PayeesManage}, ${Permission.CompanyManage} or a request permission`,
  );
}
