import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { businessDate, isValidDateString } from '@kanri/common/clock/business-date';
import { Clock } from '@kanri/common/clock/clock';
import { AppConfig } from '@kanri/common/config/app-config';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { AuditRecorder, SYSTEM_OPERATOR_ID } from '../audit/audit-recorder.service';
import type { Actor } from '@kanri/access/actor';
import { SessionsService } from '../auth/sessions.service';
import { MembershipService } from '../organizations/membership.service';
import { OrganizationLock } from '../organizations/organization-lock.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { MemberAccounts, type UsageStopRow } from '../users/member-accounts.service';
import type { User } from '../users/user.entity';
import { UserMemberships } from '../users/user-memberships.service';
import type { UsageStopDatesQuery } from './dto/usage-stop-date.dto';
import { type UserAuditActor, UserAuditTrail } from './user-audit-trail';
import { UserRemoval } from './user-removal.service';

export interface UsageStopEntry {
  id: string;
  loginId: string;
  familyName: string;
  givenName: string;
  isManager: boolean;
  /** The last day the user can sign in; null when none is set. */
  usageStopDate: string | null;
}

export interface UsageStopRun {
  /** The business date of the run: accounts whose stop date is before it are due. */
  date: string;
  deleted: number;
  /** Stopped managers kept because deleting them would leave members without a manager. */
  kept: number;
}

const SYSTEM_ACTOR: UserAuditActor = {
  userId: null,
  loginId: SYSTEM_OPERATOR_ID,
  ip: null,
  userAgent: null,
  requestId: null,
};
const SCREEN = '利用停止日';

/**
 * 利用停止日 (usage stop dates, SPEC §4; manual: 組織内ユーザーの利用停止日を設定する). Managers set the last day a
 * member can use Kanri; from 00:00 of the next day in APP_TIMEZONE sign-in is refused (auth/account-usability.ts)
 * and the usage-stop job deletes the account. Setting a date on the organization's last active manager while other
 * members remain is refused (MANAGER_REQUIRED). If, when the job runs, deleting stopped accounts would still leave
 * members without a manager (the date was set while they were the only member, or their successor is gone), the
 * stopped managers are kept (signed out, unable to sign in) and the organization is flagged `managerRequired`
 * (audited) until a manager is appointed; the next run after that deletes them.
 */
@Injectable()
export class UsageStopService {
  private readonly logger = new Logger(UsageStopService.name);

  constructor(
    private readonly accounts: MemberAccounts,
    private readonly tx: TransactionService,
    private readonly memberships: UserMemberships,
    private readonly membership: MembershipService,
    private readonly lock: OrganizationLock,
    private readonly organizations: OrganizationsService,
    private readonly sessions: SessionsService,
    private readonly removal: UserRemoval,
    private readonly audit: UserAuditTrail,
    private readonly recorder: AuditRecorder,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Today in APP_TIMEZONE. */
  today(): string {
    return businessDate(this.clock.now(), this.config.timeZone);
  }

  /** Managers (and operators) only; a real date, today or later. `field` names the field in errors. */
  assertSettable(
    actor: Pick<Actor, 'isManager' | 'isSystemOperator'>,
    date: string | null,
    field: string,
  ): void {
    if (!actor.isManager && !actor.isSystemOperator) {
      throw AppError.forbidden('Only a manager (管理責任者) sets usage stop dates');
    }
    if (date === null) return;
    if (!isValidDateString(date)) throw AppError.validation({ [field]: [`${field} is not a calendar date`] });
    if (date < this.today())
      throw AppError.validation({ [field]: ['a usage stop date cannot be in the past'] });
  }

  /**
   * Inside the caller's transaction, with the user row locked: a manager re-checked under the organization lock,
   * the manager policy for a new date (clearing needs none).
   */
  async applyInTransaction(
    em: EntityManager,
    actor: Actor,
    user: User,
    date: string | null,
  ): Promise<boolean> {
    if (date === user.usageStopDate) return false;
    await this.membership.assertStillManager(em, actor);
    if (date !== null) await this.membership.assertMemberMayLeave(em, actor.orgId, user.id, 'stop', actor);
    return true;
  }

  /** `PUT .../users/:userId/usage-stop-date {date}` (利用停止日の設定): managers; any member of the organization. */
  async set(actor: Actor, userId: string, date: string | null): Promise<UsageStopEntry> {
    this.assertSettable(actor, date, 'date');
    return this.tx.run(async (em) => {
      // The organization row before the user row, in the order every membership change takes them.
      await this.lock.lock(em, actor.orgId);
      const user = await this.accounts.findMember(em, actor.orgId, userId, true);
      if (!user) throw AppError.notFound('User');
      if (await this.applyInTransaction(em, actor, user, date)) {
        await this.accounts.updateMember(em, actor.orgId, userId, {
          usageStopDate: date,
          updatedAt: this.clock.now(),
        });
      }
      return toEntry({ ...user, usageStopDate: date });
    });
  }

  /** `GET .../users/usage-stop-dates` (ユーザー利用停止日一覧): every member, or only those with a date. */
  async list(
    actor: Actor,
    query: UsageStopDatesQuery,
  ): Promise<{ items: UsageStopEntry[]; total: number; page: number; perPage: number }> {
    const page = query.page ?? 1;
    const perPage = query.perPage ?? 25;
    const [rows, total] = await this.accounts.usageStopPage(
      actor.orgId,
      query.scheduledOnly ?? false,
      page,
      perPage,
    );
    return { items: rows.map(toEntry), total, page, perPage };
  }

  /**
   * The usage-stop job's work (usage-stop.job.ts): deletes every account whose stop date is before `date`, one
   * organization per transaction, as the system actor. Idempotent: a second run (or one on another instance at the
   * same moment, which waits for the organization lock) finds nothing left to delete.
   */
  async deleteStoppedAccounts(date = this.today()): Promise<UsageStopRun> {
    const run: UsageStopRun = { date, deleted: 0, kept: 0 };
    for (const orgId of await this.accounts.organizationsWithStopsBefore(date)) {
      const result = await this.recorder.runAsSystem(
        { name: 'usage-stop', screen: SCREEN, operation: 'delete', organizationId: orgId, details: { date } },
        () => this.tx.run((em) => this.processOrganization(em, orgId, date)),
      );
      run.deleted += result.deleted;
      run.kept += result.kept;
    }
    if (run.deleted || run.kept) {
      this.logger.log(`usage stop ${date}: ${run.deleted} account(s) deleted, ${run.kept} manager(s) kept`);
    }
    return run;
  }

  private async processOrganization(
    em: EntityManager,
    orgId: string,
    date: string,
  ): Promise<{ deleted: number; kept: number }> {
    await this.lock.lock(em, orgId);
    const due = await this.accounts.lockStoppedBefore(em, orgId, date);
    if (!due.length) return { deleted: 0, kept: 0 };
    const dueIds = new Set(due.map((u) => u.id));
    const memberCount = await this.memberships.countMembers(em, orgId, true);
    const stayingManagerIds = await this.accounts.lockEnabledManagerIds(em, orgId);
    const othersRemain = memberCount > due.length;
    const managerRemains = stayingManagerIds.some((id) => !dueIds.has(id));
    const keep = othersRemain && !managerRemains ? due.filter((u) => u.isManager) : [];
    const remove = due.filter((u) => !keep.includes(u));

    if (remove.length)
      await this.removal.deleteMembers(
        em,
        orgId,
        remove.map((u) => u.id),
      );
    for (const manager of keep) await this.sessions.endAllForUser(em, manager.id, 'disabled');
    const flagged = keep.length ? await this.organizations.flagManagerRequired(em, orgId) : false;
    await this.audit.record(em, orgId, SYSTEM_ACTOR, [
      ...remove.map((u) => ({
        screen: SCREEN,
        operation: 'delete' as const,
        route: 'job:usage-stop',
        httpMethod: 'JOB',
        details: {
          action: 'usage_stop_delete',
          userId: u.id,
          loginId: u.loginId,
          usageStopDate: u.usageStopDate,
        },
      })),
      ...(flagged
        ? [
            {
              screen: SCREEN,
              operation: 'update' as const,
              route: 'job:usage-stop',
              httpMethod: 'JOB',
              details: {
                action: 'manager_required',
                reason: 'the stopped last manager was kept because other members remain',
                keptManagers: keep.map((u) => u.loginId),
              },
            },
          ]
        : []),
    ]);
    return { deleted: remove.length, kept: keep.length };
  }
}

function toEntry(u: UsageStopRow): UsageStopEntry {
  return {
    id: u.id,
    loginId: u.loginId,
    familyName: u.familyName,
    givenName: u.givenName,
    isManager: u.isManager,
    usageStopDate: u.usageStopDate,
  };
}
