import { Injectable } from '@nestjs/common';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { OrganizationLock } from '../../organizations/organization-lock.service';
import type { Caller } from '../caller';
import { HandlingLog } from '../handling-log.service';
import { PersonalNumberEmployee } from '../personal-number-employee.entity';
import { SecureErase } from './secure-erase';
import { deleteEmployees } from './vault-deletion';

/**
 * マイナンバー情報の全削除: every employee and record of the organization, irreversibly (there is no undo and no
 * copy; the handling log and operation history keep who did it, when, and how many). Routes: manager + confirmation
 * password (the manager answers for the members' personal data, SPEC §1).
 */
@Injectable()
export class OrganizationPurgeService {
  constructor(
    private readonly tx: TransactionService,
    private readonly erase: SecureErase,
    private readonly orgLock: OrganizationLock,
    private readonly log: HandlingLog,
  ) {}

  async purge(caller: Caller): Promise<{ deletedEmployees: number; deletedRecords: number }> {
    const orgId = caller.actor.orgId;
    const deleted = await this.tx.run(async (em) => {
      await this.orgLock.lock(em, orgId);
      const ids = await em
        .createQueryBuilder(PersonalNumberEmployee, 'e')
        .select('e.id', 'id')
        .where('e.organization_id = :orgId', { orgId })
        .getRawMany<{ id: string }>();
      const result = await deleteEmployees(
        em,
        orgId,
        ids.map((r) => r.id),
      );
      await this.log.write(em, orgId, caller, { action: 'purge', recordCount: result.records });
      return result;
    });
    await this.erase.truncateLog();
    return { deletedEmployees: deleted.employees, deletedRecords: deleted.records };
  }
}
