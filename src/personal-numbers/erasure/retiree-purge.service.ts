import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { businessDate } from '@kanri/common/clock/business-date';
import { Clock } from '@kanri/common/clock/clock';
import { AppConfig } from '@kanri/common/config/app-config';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AuditRecorder } from '../../audit/audit-recorder.service';
import { OrganizationLock } from '../../organizations/organization-lock.service';
import { HandlingLog } from '../handling-log.service';
import { PersonalNumberEmployee } from '../personal-number-employee.entity';
import { retentionCutoff } from './retention-policy';
import { deleteEmployees } from './vault-deletion';

export interface RetireePurgeResult {
  organizations: number;
  employees: number;
  records: number;
}

/**
 * 退職者のマイナンバー情報(社員・家族)削除: deletes every employee (and their own and family members' records) whose
 * retirement date is past the retention (retention.ts), one transaction per organization, each audited as the
 * system in that organization's operation history (screen 退職者マイナンバー削除) with the handling-log row carrying
 * the count. Idempotent: a second run the same day finds nothing; a run interrupted between organizations resumes
 * with the rest.
 */
@Injectable()
export class RetireePurgeService {
  constructor(
    @InjectRepository(PersonalNumberEmployee) private readonly employees: Repository<PersonalNumberEmployee>,
    private readonly tx: TransactionService,
    private readonly orgLock: OrganizationLock,
    private readonly log: HandlingLog,
    private readonly audit: AuditRecorder,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** The cutoff for today: retirees with `retiredOn` before it are due. */
  cutoff(): string {
    return retentionCutoff(
      businessDate(this.clock.now(), this.config.timeZone),
      this.config.personalNumberRetentionYears,
    );
  }

  async purgeDue(): Promise<RetireePurgeResult> {
    const cutoff = this.cutoff();
    const orgs = await this.employees
      .createQueryBuilder('e')
      .select('DISTINCT e.organization_id', 'orgId')
      .where('e.retired_on IS NOT NULL AND e.retired_on < :cutoff', { cutoff })
      .getRawMany<{ orgId: string }>();
    const total: RetireePurgeResult = { organizations: 0, employees: 0, records: 0 };
    for (const { orgId } of orgs) {
      const done = await this.audit.runAsSystem(
        {
          name: 'personal-number-retiree-purge',
          screen: '退職者マイナンバー削除',
          operation: 'delete',
          organizationId: orgId,
          details: { retentionYears: this.config.personalNumberRetentionYears, retiredBefore: cutoff },
        },
        () => this.purgeOrganization(orgId, cutoff),
      );
      total.organizations += 1;
      total.employees += done.employees;
      total.records += done.records;
    }
    return total;
  }

  private purgeOrganization(orgId: string, cutoff: string): Promise<{ employees: number; records: number }> {
    return this.tx.run(async (em) => {
      await this.orgLock.lock(em, orgId);
      const due = await em
        .createQueryBuilder(PersonalNumberEmployee, 'e')
        .select('e.id', 'id')
        .where('e.organization_id = :orgId AND e.retired_on IS NOT NULL AND e.retired_on < :cutoff', {
          orgId,
          cutoff,
        })
        .getRawMany<{ id: string }>();
      const deleted = await deleteEmployees(
        em,
        orgId,
        due.map((d) => d.id),
      );
      if (deleted.employees)
        await this.log.write(em, orgId, null, { action: 'retiree_purge', recordCount: deleted.records });
      return deleted;
    });
  }
}
