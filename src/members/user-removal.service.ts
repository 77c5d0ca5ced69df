import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';
import { SessionsService } from '../auth/sessions.service';
import { PermissionGrantsService } from '../organizations/permission-grants.service';
import { MemberAccounts } from '../users/member-accounts.service';
import { USER_DELETED, type UserDeletedEvent } from './member-events';
import { UserInvitation } from './user-invitation.entity';
import { UserSearchIndex } from '../users/search/user-search-index';

const CHUNK = 500;

/**
 * Deleting accounts (削除, 一括削除, and the usage-stop job), in the caller's transaction and after the caller checked
 * the manager policy: sessions end (SPEC §3.6), listeners of `user.deleted` act in the same transaction (the
 * certificates module revokes the user's certificates), grants and lookup rows go, then the row. The audit trail
 * and login history keep their rows: they name the user by ID and login ID, not by reference.
 */
@Injectable()
export class UserRemoval {
  constructor(
    private readonly sessions: SessionsService,
    private readonly grants: PermissionGrantsService,
    private readonly events: EventEmitter2,
    private readonly index: UserSearchIndex,
    private readonly accounts: MemberAccounts,
  ) {}

  async deleteMembers(em: EntityManager, orgId: string, userIds: readonly string[]): Promise<void> {
    for (const userId of userIds) {
      await this.sessions.endAllForUser(em, userId, 'deleted');
      await this.events.emitAsync(USER_DELETED, {
        em,
        userId,
        organizationId: orgId,
      } satisfies UserDeletedEvent);
      await this.grants.revokeAll(em, orgId, userId);
    }
    await this.index.forget(em, userIds);
    for (let i = 0; i < userIds.length; i += CHUNK) {
      const ids = userIds.slice(i, i + CHUNK);
      await em
        .createQueryBuilder()
        .delete()
        .from(UserInvitation)
        .where('user_id IN (:...ids)', { ids })
        .execute();
    }
    await this.accounts.deleteMembers(em, orgId, userIds);
  }
}
