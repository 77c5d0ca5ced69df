import type { Described, OkBody } from '../../lib/api-types';

/**
 * The user-administration answers (src/members). Each exported answer type is the body the OpenAPI document gives
 * the operation (`OkBody<'users.find'>`, …); where the document does not describe a body yet, the shape Kanri
 * answers stands in, and it gives way to the generated one as soon as `npm run web:client` brings it.
 */
export interface UserStatus {
  provisional: boolean;
  disabled: boolean;
  locked: boolean;
  twoFactorEnabled: boolean;
}

/** One row of ユーザー一覧. */
export interface UserListItem {
  id: string;
  loginId: string;
  familyName: string;
  givenName: string;
  familyNameKana: string | null;
  givenNameKana: string | null;
  role: string;
  isManager: boolean;
  group: { id: string; code: string; name: string } | null;
  attributes: string[];
  status: UserStatus;
  lastLoginAt: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  perPage: number;
}

/** `GET /organizations/{orgId}/users`. */
export type UserPage = Described<OkBody<'users.find'>, Page<UserListItem>>;

/** ユーザー詳細. */
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
  mustChangePassword: boolean;
  status: UserStatus;
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

/** `GET /organizations/{orgId}/users/{userId}` (and the answer of create and update). */
export type UserDetail = Described<OkBody<'users.get'>, UserView>;

export interface RowError {
  line: number;
  field: string;
  message: string;
}

export interface ImportJob {
  id: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  total: number;
  processed: number;
  created: number;
  updated: number;
  errors: RowError[];
  errorCode: string | null;
  fileName: string | null;
}

/** `GET /organizations/{orgId}/users/import/{jobId}`. */
export type ImportJobView = Described<OkBody<'users.importJob'>, ImportJob>;

/** `POST /organizations/{orgId}/users/import`. */
export type ImportStarted = Described<OkBody<'users.startImport'>, { jobId: string }>;

export interface UsageStopEntry {
  id: string;
  loginId: string;
  familyName: string;
  givenName: string;
  isManager: boolean;
  usageStopDate: string | null;
}

/** `GET /organizations/{orgId}/users/usage-stop-dates`. */
export type UsageStopPage = Described<OkBody<'users.usageStopDates'>, Page<UsageStopEntry>>;

export const USER_STATUSES = ['provisional', 'disabled', 'enabled', 'locked'] as const;
export type UserStatusFilter = (typeof USER_STATUSES)[number];
export const USER_SORTS = [
  'loginId',
  'familyName',
  'givenName',
  'role',
  'group',
  'attribute',
  'lastLoginAt',
] as const;
export type BulkAction = 'delete' | 'disable' | 'enable';
