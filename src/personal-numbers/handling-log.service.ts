import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { addDays } from '@kanri/common/clock/business-date';
import { Clock } from '@kanri/common/clock/clock';
import { AppConfig } from '@kanri/common/config/app-config';
import { ZonedDateTimeFormat } from '@kanri/common/csv/csv-datetime';
import { AppError } from '@kanri/common/errors/app-error';
import { newId } from '@kanri/common/ids/new-id';
import { SYSTEM_OPERATOR_ID } from '../audit/audit-recorder.service';
import type { Caller } from './caller';
import type { HandlingLogQuery } from './dto/handling-log.query';
import { type HandlingAction, HandlingLogEntry } from './handling-log.entity';

export interface HandlingEvent {
  action: HandlingAction;
  recordId?: string | null;
  employeeCode?: string | null;
  relation?: string | null;
  recordCount: number;
}

export interface HandlingLogView {
  id: string;
  action: HandlingAction;
  recordId: string | null;
  employeeCode: string | null;
  relation: string | null;
  recordCount: number;
  operatorUserId: string | null;
  operatorLoginId: string | null;
  requestId: string | null;
  occurredAt: string;
}

/** Writes and reads the handling log (取扱記録, handling-log.entity.ts). */
@Injectable()
export class HandlingLog {
  private readonly zone: ZonedDateTimeFormat;

  constructor(
    @InjectRepository(HandlingLogEntry) private readonly entries: Repository<HandlingLogEntry>,
    private readonly clock: Clock,
    @Inject(AppConfig) config: AppConfig,
  ) {
    this.zone = new ZonedDateTimeFormat(config.timeZone);
  }

  /** Inside the transaction of the handling itself. `caller` null: the system (a scheduled job). */
  async write(em: EntityManager, orgId: string, caller: Caller | null, event: HandlingEvent): Promise<void> {
    await em.insert(HandlingLogEntry, {
      id: newId(),
      organizationId: orgId,
      action: event.action,
      recordId: event.recordId ?? null,
      employeeCode: event.employeeCode ?? null,
      relation: event.relation ?? null,
      recordCount: event.recordCount,
      operatorUserId: caller?.actor.userId ?? null,
      operatorLoginId: caller ? caller.actor.loginId : SYSTEM_OPERATOR_ID,
      requestId: caller?.requestId ?? null,
      occurredAt: this.clock.now(),
    });
  }

  async list(
    orgId: string,
    q: HandlingLogQuery,
  ): Promise<{ items: HandlingLogView[]; total: number; page: number; perPage: number }> {
    if (q.from && q.to && q.from > q.to) throw AppError.validation({ to: ['to must not be before from'] });
    const page = q.page ?? 1;
    const perPage = q.perPage ?? 25;
    const qb = this.entries.createQueryBuilder('h').where('h.organization_id = :orgId', { orgId });
    if (q.action) qb.andWhere('h.action = :action', { action: q.action });
    if (q.from) qb.andWhere('h.occurred_at >= :since', { since: this.zone.startOfDay(q.from) });
    if (q.to) qb.andWhere('h.occurred_at < :before', { before: this.zone.startOfDay(addDays(q.to, 1)) });
    const [rows, total] = await qb
      .orderBy('h.occurred_at', 'DESC')
      .addOrderBy('h.id', 'DESC')
      .skip((page - 1) * perPage)
      .take(perPage)
      .getManyAndCount();
    return {
      items: rows.map((r) => ({
        id: r.id,
        action: r.action,
        recordId: r.recordId,
        employeeCode: r.employeeCode,
        relation: r.relation,
        recordCount: r.recordCount,
        operatorUserId: r.operatorUserId,
        operatorLoginId: r.operatorLoginId,
        requestId: r.requestId,
        occurredAt: r.occurredAt.toISOString(),
      })),
      total,
      page,
      perPage,
    };
  }
}
