import type { EntityManager } from 'typeorm';
import { bool, instantFromDb, instantOrNull } from '@kanri/common/database/sql-values';
import type { Principal } from '@kanri/access/actor';

/** A session row as the token check needs it, with the account it belongs to (null when the account is gone). */
export interface SessionWithAccount {
  lastSeenAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  /** The account as a principal, or null when it no longer exists or is disabled. */
  principal: Principal | null;
}

/**
 * Every authenticated request reads its session and its account: one statement instead of two round trips. It reads
 * the users table (the users module's) as a read model, because the account's state of this very moment decides the
 * request: a disabled or deleted account has no principal from its next request on (SPEC §0 "Auth").
 */
export async function readSessionWithAccount(
  em: EntityManager,
  sessionId: string,
  userId: string,
): Promise<SessionWithAccount | null> {
  const rows: Record<string, unknown>[] = await em.query(
    `SELECT s.last_seen_at, s.expires_at, s.ended_at,
            u.id AS account_id, u.login_id, u.organization_id, u.group_id, u.is_system_operator, u.is_manager,
            u.must_change_password, u.is_disabled
       FROM sessions s LEFT JOIN users u ON u.id = s.user_id
      WHERE s.id = ? AND s.user_id = ?`,
    [sessionId, userId],
  );
  const r = rows[0];
  if (!r) return null;
  const usable = r.account_id !== null && r.account_id !== undefined && !bool(r.is_disabled);
  return {
    lastSeenAt: instantFromDb(r.last_seen_at),
    expiresAt: instantFromDb(r.expires_at),
    endedAt: instantOrNull(r.ended_at),
    principal: usable
      ? {
          userId,
          sessionId,
          loginId: String(r.login_id),
          organizationId: (r.organization_id as string | null) ?? null,
          groupId: (r.group_id as string | null) ?? null,
          isSystemOperator: bool(r.is_system_operator),
          isManager: bool(r.is_manager),
          mustChangePassword: bool(r.must_change_password),
        }
      : null,
  };
}
