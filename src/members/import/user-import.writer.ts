import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { isDuplicateKeyError } from '@kanri/common/database/database-errors';
import { AppError } from '@kanri/common/errors/app-error';
import { newId } from '@kanri/common/ids/new-id';
import { SessionsService } from '../../auth/sessions.service';
import { MembershipService } from '../../organizations/membership.service';
import { MemberAccounts } from '../../users/member-accounts.service';
import type { User } from '../../users/user.entity';
import { UNUSABLE_PASSWORD_HASH } from '../organization-users.service';
import { attributesSortKey } from '../../users/search/user-attributes';
import type { UserAuditActor } from '../user-audit-trail';
import { UserAuditTrail } from '../user-audit-trail';
import { UserSearchIndex } from '../../users/search/user-search-index';
import type { RowValues } from './import-row';

function changedHands(row: PlannedRow): AppError {
  return AppError.conflict(
    `The login ID ${row.values.loginId} (line ${row.line}) changed hands while the file was checked; import it again`,
    { line: row.line, field: 'ログインID' },
  );
}

/** A validated row, ready to write: its values, the group resolved, the password hashed. */
export interface PlannedRow {
  line: number;
  values: RowValues;
  /** The existing member with this login ID when the plan was made; null for a new user. */
  existingId: string | null;
  /** The group id for グループコード when the column is present (null = no group). */
  groupId?: string | null;
  passwordHash: string | null;
}

export interface ImportOutcome {
  created: number;
  updated: number;
  unchanged: number;
}

const PROFILE_FIELDS = [
  'familyName',
  'givenName',
  'familyNameKana',
  'givenNameKana',
  'email',
  'subEmail',
  'validFrom',
  'validTo',
  'language',
  'note',
] as const;

/**
 * Writes a validated import in one transaction (SPEC §4 "all rows apply in one transaction"): new users with
 * chunked multi-row INSERTs, changed users with chunked multi-row upserts by id, unchanged rows not at all (so a
 * re-imported export changes nothing, not even 更新日時). The membership rules are checked inside: the plan's user
 * limit for the new users, the manager policy for the users it disables.
 */
@Injectable()
export class UserImportWriter {
  constructor(
    private readonly accounts: MemberAccounts,
    private readonly membership: MembershipService,
    private readonly sessions: SessionsService,
    private readonly index: UserSearchIndex,
    private readonly audit: UserAuditTrail,
    private readonly clock: Clock,
  ) {}

  async write(
    em: EntityManager,
    orgId: string,
    rows: PlannedRow[],
    by: UserAuditActor & { isSystemOperator: boolean },
    audit: { jobId: string; fileName: string | null },
  ): Promise<ImportOutcome> {
    const now = this.clock.now();
    const fresh = rows.filter((r) => r.existingId === null);
    await this.membership.assertMayAddMembers(em, orgId, fresh.length);
    // Existing users are re-read under a row lock; a login ID planned as new that someone registered meanwhile is
    // caught by the unique index when it is inserted (below).
    const current = await this.accounts.lockByLoginIds(
      em,
      rows.filter((r) => r.existingId !== null).map((r) => r.values.loginId),
    );
    for (const row of rows) {
      if (row.existingId === null) continue;
      const found = current.get(row.values.loginId);
      if (found?.id !== row.existingId || found.organizationId !== orgId) throw changedHands(row);
    }

    const inserts = fresh.map((row) => this.newUser(orgId, row, now));
    const updates: { user: User; row: PlannedRow; namesChanged: boolean; attributesChanged: boolean }[] = [];
    const disabling: string[] = [];
    const signOut: string[] = [];
    for (const row of rows) {
      if (row.existingId === null) continue;
      const before = current.get(row.values.loginId)!;
      const after = this.merged(before, row, now);
      if (!after) continue;
      if (after.isDisabled && !before.isDisabled) disabling.push(before.id);
      if (after.isDisabled && !before.isDisabled) signOut.push(before.id);
      else if (row.passwordHash) signOut.push(before.id);
      updates.push({
        user: after,
        row,
        namesChanged: ['familyName', 'givenName', 'familyNameKana', 'givenNameKana'].some(
          (k) => before[k as keyof User] !== after[k as keyof User],
        ),
        attributesChanged:
          before.attributesSortKey !== after.attributesSortKey ||
          JSON.stringify(before.attributes) !== JSON.stringify(after.attributes),
      });
    }
    if (disabling.length) {
      await this.membership.assertMembersMayLeave(em, orgId, disabling, 'disable', by);
    }

    // In primary-key order (ids are time-ordered UUIDs, drawn within the same millisecond here).
    try {
      await this.accounts.insertAccounts(
        em,
        [...inserts].sort((a, b) => (a.id < b.id ? -1 : 1)),
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const taken = new Set(
        await this.accounts.takenLoginIds(
          em,
          fresh.map((r) => r.values.loginId),
        ),
      );
      const row = fresh.find((r) => taken.has(r.values.loginId));
      throw row ? changedHands(row) : error;
    }
    await this.accounts.writeImportedChanges(
      em,
      updates.map((u) => u.user),
    );
    await this.index.addNames(em, orgId, [
      ...inserts,
      ...updates.filter((u) => u.namesChanged).map((u) => u.user),
    ]);
    await this.index.setAttributes(
      em,
      orgId,
      inserts.filter((u) => u.attributes.length),
      'new',
    );
    await this.index.setAttributes(
      em,
      orgId,
      updates.filter((u) => u.attributesChanged).map((u) => u.user),
      'existing',
    );
    for (const id of signOut) {
      await this.sessions.endAllForUser(em, id, disabling.includes(id) ? 'disabled' : 'password_changed');
    }
    const outcome = {
      created: inserts.length,
      updated: updates.length,
      unchanged: rows.length - inserts.length - updates.length,
    };
    await this.audit.record(em, orgId, by, [
      {
        screen: 'ユーザーインポート',
        operation: 'register',
        route: '/api/v1/organizations/:orgId/users/import',
        httpMethod: 'POST',
        details: { jobId: audit.jobId, fileName: audit.fileName, rows: rows.length, ...outcome },
      },
    ]);
    return outcome;
  }

  private newUser(orgId: string, row: PlannedRow, now: Date): User {
    const v = row.values;
    const attributes = v.attributes ?? [];
    const provisional = !row.passwordHash;
    return {
      id: newId(now.getTime()),
      loginId: v.loginId,
      passwordHash: row.passwordHash ?? UNUSABLE_PASSWORD_HASH,
      confirmationHash: null,
      familyName: v.familyName!,
      givenName: v.givenName!,
      familyNameKana: v.familyNameKana ?? null,
      givenNameKana: v.givenNameKana ?? null,
      email: v.email ?? null,
      subEmail: v.subEmail ?? null,
      department: null,
      phoneExternal: null,
      phoneExtension: null,
      allowedIps: [],
      organizationId: orgId,
      groupId: row.groupId ?? null,
      attributes,
      attributesSortKey: attributesSortKey(attributes),
      isManager: false,
      isSystemOperator: false,
      isProvisional: provisional,
      isDisabled: v.disabled ?? false,
      mustChangePassword: false,
      failedLoginCount: 0,
      lockedAt: null,
      lockedUntil: null,
      failedLoginAt: null,
      twoFactorEnabled: false,
      validFrom: v.validFrom ?? null,
      validTo: v.validTo ?? null,
      usageStopDate: null,
      language: v.language ?? null,
      note: v.note ?? null,
      lastLoginAt: null,
      passwordChangedAt: provisional ? null : now,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** The user with the row applied, or null when nothing changes. */
  private merged(before: User, row: PlannedRow, now: Date): User | null {
    const v = row.values;
    const after: User = { ...before };
    for (const field of PROFILE_FIELDS) {
      if (v[field] !== undefined) (after as unknown as Record<string, unknown>)[field] = v[field];
    }
    if (row.groupId !== undefined) after.groupId = row.groupId;
    if (v.attributes !== undefined) {
      after.attributes = v.attributes;
      after.attributesSortKey = attributesSortKey(v.attributes);
    }
    if (v.disabled !== undefined) after.isDisabled = v.disabled;
    const changed =
      PROFILE_FIELDS.some((f) => after[f] !== before[f]) ||
      after.groupId !== before.groupId ||
      after.attributesSortKey !== before.attributesSortKey ||
      JSON.stringify(after.attributes) !== JSON.stringify(before.attributes) ||
      after.isDisabled !== before.isDisabled ||
      row.passwordHash !== null;
    if (!changed) return null;
    if (row.passwordHash) {
      after.passwordHash = row.passwordHash;
      after.passwordChangedAt = now;
    }
    after.updatedAt = now;
    return after;
  }
}
