import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '@kanri/access/actor';
import type { InputStatusQuery } from './dto/list.query';
import { PersonalNumberEmployee } from './personal-number-employee.entity';
import { RELATION_ORDER_SQL, type RecordState, type Relation } from './personal-number-fields';
import { PersonalNumberReach } from './personal-number-reach';
import { PersonalNumberRecord } from './personal-number-record.entity';
import { applyReach } from './personal-numbers.service';

export interface StateCounts {
  collected: number;
  notSubmitted: number;
  refused: number;
}

export interface EmployeeInputStatus {
  employeeCode: string;
  /** The employee's own name (from the `self` record), null when there is none yet. */
  familyName: string | null;
  givenName: string | null;
  groupId: string | null;
  retiredOn: string | null;
  /** complete: nothing left to collect; incomplete: some record is 未提出, or the employee's own record is missing. */
  status: 'complete' | 'incomplete';
  /** Whether a record of the employee themself exists (入力状況 counts it missing otherwise). */
  selfRecorded: boolean;
  counts: StateCounts;
  members: {
    id: string;
    relation: Relation;
    familyName: string;
    givenName: string;
    state: RecordState;
  }[];
}

export interface InputStatusReport {
  /** Over every employee within the caller's reach and the filters (not only this page). */
  summary: { employees: number; complete: number; incomplete: number; records: StateCounts };
  items: EmployeeInputStatus[];
  total: number;
  page: number;
  perPage: number;
}

/** An employee is incomplete when a record is still 未提出 or there is no record of the employee themself. */
const INCOMPLETE = `(EXISTS (SELECT 1 FROM personal_number_records ri WHERE ri.employee_id = e.id AND ri.state = 'not_submitted')
  OR NOT EXISTS (SELECT 1 FROM personal_number_records rs WHERE rs.employee_id = e.id AND rs.relation = 'self'))`;

/**
 * 入力状況確認 (manual: マイナンバー情報(社員・家族)の入力状況確認機能): per employee, which of the employee and their
 * family members are collected (収集済), missing (未提出) or refused (提出拒否), with a summary over the whole reach.
 * Paged by employee in employee-code order; shows no number, masked or otherwise.
 */
@Injectable()
export class InputStatusService {
  constructor(
    @InjectRepository(PersonalNumberEmployee) private readonly employees: Repository<PersonalNumberEmployee>,
    @InjectRepository(PersonalNumberRecord) private readonly records: Repository<PersonalNumberRecord>,
    private readonly reach: PersonalNumberReach,
  ) {}

  async report(actor: Actor, q: InputStatusQuery): Promise<InputStatusReport> {
    PersonalNumberReach.assertMayView(actor);
    const page = q.page ?? 1;
    const perPage = q.perPage ?? 25;
    const reach = await this.reach.groupIds(actor);
    const base = () => {
      const qb = this.employees
        .createQueryBuilder('e')
        .where('e.organization_id = :orgId', { orgId: actor.orgId });
      applyReach(qb, reach);
      if (q.groupId !== undefined) qb.andWhere('e.group_id = :groupId', { groupId: q.groupId });
      if (q.retired !== undefined)
        qb.andWhere(q.retired ? 'e.retired_on IS NOT NULL' : 'e.retired_on IS NULL');
      return qb;
    };
    const withStatus = (qb: SelectQueryBuilder<PersonalNumberEmployee>) => {
      if (q.status === 'incomplete') qb.andWhere(INCOMPLETE);
      if (q.status === 'complete') qb.andWhere(`NOT ${INCOMPLETE}`);
      return qb;
    };
    const [employeesInReach, incomplete, total, pageRows, stateRows] = await Promise.all([
      base().getCount(),
      base().andWhere(INCOMPLETE).getCount(),
      withStatus(base()).getCount(),
      withStatus(base())
        .select(['e.id', 'e.employeeCode', 'e.groupId', 'e.retiredOn'])
        .orderBy('e.employee_code', 'ASC')
        .offset((page - 1) * perPage)
        .limit(perPage)
        .getMany(),
      base()
        .innerJoin(PersonalNumberRecord, 'r', 'r.employee_id = e.id')
        .select('r.state', 'state')
        .addSelect('COUNT(*)', 'n')
        .groupBy('r.state')
        .getRawMany<{ state: RecordState; n: number | string }>(),
    ]);
    const members = pageRows.length
      ? await this.records
          .createQueryBuilder('r')
          .select(['r.id', 'r.employeeId', 'r.relation', 'r.familyName', 'r.givenName', 'r.state'])
          .where({ organizationId: actor.orgId, employeeId: In(pageRows.map((e) => e.id)) })
          .orderBy(RELATION_ORDER_SQL('r.relation'), 'ASC')
          .addOrderBy('r.id', 'ASC')
          .getMany()
      : [];
    const byEmployee = new Map<string, PersonalNumberRecord[]>();
    for (const r of members) byEmployee.set(r.employeeId, [...(byEmployee.get(r.employeeId) ?? []), r]);
    return {
      summary: {
        employees: employeesInReach,
        complete: employeesInReach - incomplete,
        incomplete,
        records: countsOf(stateRows.map((s) => ({ state: s.state, n: Number(s.n) }))),
      },
      items: pageRows.map((e) => employeeStatus(e, byEmployee.get(e.id) ?? [])),
      total,
      page,
      perPage,
    };
  }
}

function countsOf(rows: { state: RecordState; n: number }[]): StateCounts {
  const n = (state: RecordState) => rows.filter((r) => r.state === state).reduce((s, r) => s + r.n, 0);
  return { collected: n('collected'), notSubmitted: n('not_submitted'), refused: n('refused') };
}

function employeeStatus(e: PersonalNumberEmployee, records: PersonalNumberRecord[]): EmployeeInputStatus {
  const self = records.find((r) => r.relation === 'self');
  const counts = countsOf(records.map((r) => ({ state: r.state, n: 1 })));
  return {
    employeeCode: e.employeeCode,
    familyName: self?.familyName ?? null,
    givenName: self?.givenName ?? null,
    groupId: e.groupId,
    retiredOn: e.retiredOn,
    status: self && counts.notSubmitted === 0 ? 'complete' : 'incomplete',
    selfRecorded: !!self,
    counts,
    members: records.map((r) => ({
      id: r.id,
      relation: r.relation,
      familyName: r.familyName,
      givenName: r.givenName,
      state: r.state,
    })),
  };
}
