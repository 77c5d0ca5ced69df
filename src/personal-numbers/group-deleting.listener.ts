import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { GROUP_DELETING, type GroupDeletingEvent, groupNotEmpty } from '../organizations/group-deletion';
import { PersonalNumberEmployee } from './personal-number-employee.entity';

/**
 * A group that vault employees still belong to (所属) cannot be deleted (SPEC §2, GROUP_NOT_EMPTY): their records
 * would point at a group that no longer exists, out of every subtree administrator's reach. Runs in the deleting
 * transaction, which holds the group row; every write that puts an employee into a group (create, update, import)
 * locks that row first, so an assignment either commits before this check sees it or finds the group gone (404).
 */
@Injectable()
export class VaultGroupDeletingListener {
  @OnEvent(GROUP_DELETING, { suppressErrors: false })
  async onGroupDeleting(event: GroupDeletingEvent): Promise<void> {
    const { em, organizationId, groupId } = event;
    if (await em.exists(PersonalNumberEmployee, { where: { organizationId, groupId } }))
      throw groupNotEmpty('personal_number_records', 'Individual-number records belong to the group');
  }
}
