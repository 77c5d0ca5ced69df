import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { USER_DELETED, type UserDeletedEvent } from '../members/member-events';
import { OfficerEnrolment } from './officers/officer-enrolment.entity';
import { RegistrationOfficer } from './officers/registration-officer.entity';
import { RevocationService } from './revocation.service';

/**
 * Deleting a user revokes their certificates (SPEC §7), in the deleting transaction: every active certificate
 * they hold, reason cessationOfOperation, with the CRL re-signed before the deletion commits. An officer's open
 * enrolment links are voided first (the enrolment path locks the link before the CRL; so does this).
 */
@Injectable()
export class UserDeletedListener {
  constructor(private readonly revocation: RevocationService) {}

  @OnEvent(USER_DELETED, { suppressErrors: false })
  async onUserDeleted(event: UserDeletedEvent): Promise<void> {
    const { em, userId } = event;
    const officer = await em.findOne(RegistrationOfficer, { where: { userId }, select: { id: true } });
    if (officer)
      await em.update(OfficerEnrolment, { officerId: officer.id, state: 'open' }, { state: 'void' });
    const held = await this.revocation.lockCertificates(em, { holderUserId: userId, activeOnly: true });
    await this.revocation.revokeLocked(em, held, 'cessationOfOperation');
  }
}
