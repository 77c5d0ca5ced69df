import { BUSINESS_TYPES, type BusinessType } from '@kanri/access/permission';
import { storedZenginRequester, type ZenginRequester } from '../transfers/zengin/zengin-requester';
import type { OrganizationSettings } from './organization.entity';

/**
 * The settings an organization can change and their defaults, in one place (SPEC §2, §3, §5). The database keeps
 * only what was set (`organizations.settings`); every reader asks `effectiveSettings()` so that a default changes
 * in one line, here.
 */

export const LOCKOUT_MODES = ['temporary', 'admin_unlock'] as const;
export const OTP_REQUIREMENTS = ['off', 'optional', 'required'] as const;
export const OTP_METHODS = ['email', 'totp'] as const;
export const PASSWORD_POLICIES = ['default', 'legacy_banking'] as const;
/** 承認機能の利用有無 (SPEC §5). `none` is allowed for `transfer` only. */
export const APPROVAL_MODES = ['none', 'single', 'double_unordered', 'double_ordered'] as const;
/** 企業一日当たりの限度額 (SPEC §5): per company per day; `payroll` is salary (給与), `bonus` is 賞与. */
export const COMPANY_DAILY_LIMIT_KINDS = ['bulk_transfer', 'payroll', 'bonus', 'account_debit'] as const;
/** Company daily limits have up to 12 digits of yen. */
export const COMPANY_DAILY_LIMIT_MAX = 999_999_999_999;

export type LockoutMode = (typeof LOCKOUT_MODES)[number];
export type OtpRequirement = (typeof OTP_REQUIREMENTS)[number];
export type OtpMethod = (typeof OTP_METHODS)[number];
export type PasswordPolicySetting = (typeof PASSWORD_POLICIES)[number];
export type ApprovalMode = (typeof APPROVAL_MODES)[number];
export type CompanyDailyLimitKind = (typeof COMPANY_DAILY_LIMIT_KINDS)[number];

export interface EffectiveOrganizationSettings {
  /** Wrong passwords that lock an account (1–100). */
  lockoutThreshold: number;
  /** `temporary`: unlocks by itself after `lockoutMinutes`; `admin_unlock`: until an administrator unlocks. */
  lockoutMode: LockoutMode;
  /** Length of a temporary lockout (1–1440). */
  lockoutMinutes: number;
  /** `optional`: users who set up TOTP must use it; `required`: everyone passes a second factor. */
  otpRequirement: OtpRequirement;
  /** The second factor for users without TOTP when `otpRequirement` is `required`. */
  otpMethod: OtpMethod;
  passwordPolicy: PasswordPolicySetting;
  /**
   * ワンタイムパスワード利用企業 (SPEC §14): every confirmation (確認用パスワード) of the organization's members also
   * needs a current, never-reused TOTP code.
   */
  confirmWithOtp: boolean;
  /**
   * SPEC §17: confirm operations (approvals included) take a passkey step-up with user verification instead of the
   * confirmation password.
   */
  passkeyStepUp: boolean;
  approvalModes: Record<BusinessType, ApprovalMode>;
  /** Yen per business day; null = no company limit. */
  dailyLimits: Record<CompanyDailyLimitKind, number | null>;
  /** Whether people may register themselves with the organization code (SPEC §13); off by default. */
  selfRegistration: boolean;
  /** The Zengin header of the organization's files (依頼人コード, 仕向銀行, …); null until it is set. */
  zenginRequester: ZenginRequester | null;
}

/** The defaults (SPEC §3.2 threshold 3; admin unlock; OTP optional; the default password policy; single approval). */
export function defaultOrganizationSettings(): EffectiveOrganizationSettings {
  return {
    lockoutThreshold: 3,
    lockoutMode: 'admin_unlock',
    lockoutMinutes: 30,
    otpRequirement: 'optional',
    otpMethod: 'email',
    passwordPolicy: 'default',
    confirmWithOtp: false,
    passkeyStepUp: false,
    approvalModes: Object.fromEntries(BUSINESS_TYPES.map((b) => [b, 'single'])) as Record<
      BusinessType,
      ApprovalMode
    >,
    dailyLimits: Object.fromEntries(COMPANY_DAILY_LIMIT_KINDS.map((k) => [k, null])) as Record<
      CompanyDailyLimitKind,
      number | null
    >,
    selfRegistration: false,
    zenginRequester: null,
  };
}

/** Stored settings over the defaults. Unknown stored keys are ignored; nested maps merge key by key. */
export function effectiveSettings(
  stored: OrganizationSettings | null | undefined,
): EffectiveOrganizationSettings {
  const d = defaultOrganizationSettings();
  const s = stored ?? {};
  const pick = <T>(value: unknown, allowed: readonly T[], fallback: T): T =>
    allowed.includes(value as T) ? (value as T) : fallback;
  const intIn = (value: unknown, min: number, max: number, fallback: number): number =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max
      ? (value as number)
      : fallback;
  const approvalModes = { ...d.approvalModes };
  for (const b of BUSINESS_TYPES) {
    const allowed = b === 'transfer' ? APPROVAL_MODES : APPROVAL_MODES.filter((m) => m !== 'none');
    approvalModes[b] = pick(s.approvalModes?.[b], allowed, d.approvalModes[b]);
  }
  const dailyLimits = { ...d.dailyLimits };
  for (const k of COMPANY_DAILY_LIMIT_KINDS) {
    const v = s.dailyLimits?.[k];
    dailyLimits[k] = Number.isInteger(v) && v! >= 0 && v! <= COMPANY_DAILY_LIMIT_MAX ? v! : null;
  }
  return {
    lockoutThreshold: intIn(s.lockoutThreshold, 1, 100, d.lockoutThreshold),
    lockoutMode: pick(s.lockoutMode, LOCKOUT_MODES, d.lockoutMode),
    lockoutMinutes: intIn(s.lockoutMinutes, 1, 1440, d.lockoutMinutes),
    otpRequirement: pick(s.otpRequirement, OTP_REQUIREMENTS, d.otpRequirement),
    otpMethod: pick(s.otpMethod, OTP_METHODS, d.otpMethod),
    passwordPolicy: pick(s.passwordPolicy, PASSWORD_POLICIES, d.passwordPolicy),
    confirmWithOtp: s.confirmWithOtp === true,
    passkeyStepUp: s.passkeyStepUp === true,
    approvalModes,
    dailyLimits,
    selfRegistration: s.selfRegistration === true,
    zenginRequester: storedZenginRequester(s.zenginRequester),
  };
}
