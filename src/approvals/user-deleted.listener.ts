import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { USER_DELETED, type UserDeletedEvent } from '../members/member-events';
import { RequesterSettingsService } from './requester-settings.service';

/**
 * Deleting a user removes their per-transaction limits and usable accounts in the deleting transaction. Their
 * requests stay as history; pending ones they made or must approve end by withdrawal, rejection or expiry.
 */
@Injectable()
export class ApprovalsUserDeletedListener {
  constructor(private readonly settings: RequesterSettingsService) {}

  @OnEvent(USER_DELETED, { suppressErrors: false })
  async onUserDeleted(event: UserDeletedEvent): Promise<void> {
    await this.settings.forget(event.em, event.userId);
  }
}
