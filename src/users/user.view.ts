import type { User } from './user.entity';

/** A user as the API shows it (SPEC §4 field names). Never a hash, never a secret. */
export interface UserView {
  id: string;
  loginId: string;
  organizationId: string | null;
  groupId: string | null;
  familyName: string;
  givenName: string;
  familyNameKana: string | null;
  givenNameKana: string | null;
  email: string | null;
  subEmail: string | null;
  department: string | null;
  phoneExternal: string | null;
  phoneExtension: string | null;
  allowedIps: string[];
  attributes: string[];
  isManager: boolean;
  isSystemOperator: boolean;
  mustChangePassword: boolean;
  status: { provisional: boolean; disabled: boolean; locked: boolean; twoFactorEnabled: boolean };
  validFrom: string | null;
  validTo: string | null;
  usageStopDate: string | null;
  language: string | null;
  note: string | null;
  lockedAt: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toUserView(u: User): UserView {
  return {
    id: u.id,
    loginId: u.loginId,
    organizationId: u.organizationId,
    groupId: u.groupId,
    familyName: u.familyName,
    givenName: u.givenName,
    familyNameKana: u.familyNameKana,
    givenNameKana: u.givenNameKana,
    email: u.email,
    subEmail: u.subEmail,
    department: u.department,
    phoneExternal: u.phoneExternal,
    phoneExtension: u.phoneExtension,
    allowedIps: u.allowedIps ?? [],
    attributes: u.attributes ?? [],
    isManager: u.isManager,
    isSystemOperator: u.isSystemOperator,
    mustChangePassword: u.mustChangePassword,
    status: {
      provisional: u.isProvisional,
      disabled: u.isDisabled,
      locked: u.lockedAt !== null,
      twoFactorEnabled: u.twoFactorEnabled,
    },
    validFrom: u.validFrom,
    validTo: u.validTo,
    usageStopDate: u.usageStopDate,
    language: u.language,
    note: u.note,
    lockedAt: u.lockedAt?.toISOString() ?? null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}
