import type { EntityManager } from 'typeorm';

/**
 * The members module's domain events, declared once: listeners import the name and the payload type from here,
 * never a string literal.
 */

/**
 * `user.deleted`: emitted with `emitAsync` inside the deleting transaction, once per deleted account, before the
 * row goes. Listeners do their part with `em` (certificates revoke, approvals forget limits) and may refuse by
 * throwing (`suppressErrors: false`), which rolls the deletion back.
 */
export const USER_DELETED = 'user.deleted';

export interface UserDeletedEvent {
  em: EntityManager;
  userId: string;
  organizationId: string | null;
}
