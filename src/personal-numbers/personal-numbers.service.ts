import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, type Repository, type SelectQueryBuilder } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { newId } from '@kanri/common/ids/new-id';
import type { Actor } from '@kanri/access/actor';
import { GroupsService } from '../organizations/groups.service';
import { OrganizationLock } from '../organizations/organization-lock.service';
import type { Caller } from './caller';
import { deleteDocumentsOfRecords } from './documents/document-deletion';
import type { CreateRecordDto, UpdateRecordDto } from './dto/record.dto';
import type { RecordFilterQuery } from './dto/list.query';
import { HandlingLog } from './handling-log.service';
import { NumberVault } from './number-vault';
import { PersonalNumberEmployee } from './personal-number-employee.entity';
import { RELATION_ORDER_SQL, type Relation, SINGLE_RELATIONS } from './personal-number-fields';
import { PersonalNumberReach, withinReach } from './personal-number-reach';
import { PersonalNumberRecord } from './personal-number-record.entity';
import { type RecordView, toRecordView, VIEW_COLUMNS } from './record.view';
import { resolveState } from './record-policy';
import { assertCheckDigit, notCollected, numberDuplicate, relationTaken, stateOrThrow } from './vault-errors';

export interface RevealedNumber {
  id: string;
  employeeCode: string;
  relation: Relation;
  familyName: string;
  givenName: string;
  /** The individual number, 12 digits. */
  number: string;
}

/**
 * Registering, changing, viewing, revealing and deleting records (SPEC §8; manual: 権限ユーザーによるマイナンバー
 * 情報(社員・家族)の登録・変更・照会・削除).
 *
 * Every write locks the organization row first (OrganizationLock), so the duplicate rules below hold under
 * concurrent requests on MySQL as on SQLite; the unique indexes of the migration back them up. Numbers are checked
 * (shape by the DTO, check digit here) before any transaction starts.
 *
 * Duplicates (decisions where the spec is silent): within one employee (the employee and their family) a number
 * appears once; a number is the own (`self`) number of at most one employee. A number may otherwise appear under
 * several employees — two employees married to each other each list the other as spouse, and both list their
 * children.
 */
@Injectable()
export class PersonalNumbersService {
  constructor(
    @InjectRepository(PersonalNumberRecord) private readonly records: Repository<PersonalNumberRecord>,
    @InjectRepository(PersonalNumberEmployee) private readonly employees: Repository<PersonalNumberEmployee>,
    private readonly tx: TransactionService,
    private readonly orgLock: OrganizationLock,
    private readonly groups: GroupsService,
    private readonly reach: PersonalNumberReach,
    private readonly vault: NumberVault,
    private readonly log: HandlingLog,
    private readonly clock: Clock,
  ) {}

  async create(caller: Caller, dto: CreateRecordDto): Promise<RecordView> {
    const { actor } = caller;
    const number = dto.number ?? null;
    assertCheckDigit(number);
    const state = stateOrThrow(
      resolveState({ hasNumberAfter: number !== null, requested: dto.state, current: undefined }),
    );
    return this.tx.run(async (em) => {
      await this.orgLock.lock(em, actor.orgId);
      const reach = await this.reach.groupIds(actor, em);
      const employee = await this.employeeForWrite(em, actor, reach, dto.employeeCode, dto);
      await this.assertRelationFree(em, employee.id, dto.relation, null);
      const id = newId();
      const sealed = number === null ? null : this.vault.seal(actor.orgId, id, number);
      if (number !== null)
        await this.assertNumberFree(em, actor.orgId, employee.id, dto.relation, number, null);
      const now = this.clock.now();
      const record: PersonalNumberRecord = {
        id,
        organizationId: actor.orgId,
        employeeId: employee.id,
        relation: dto.relation,
        singleRelation: singleRelation(dto.relation),
        familyName: dto.familyName,
        givenName: dto.givenName,
        state,
        numberCipher: sealed?.cipher ?? null,
        numberKeyId: sealed?.keyId ?? null,
        numberDigest: sealed?.digest ?? null,
        selfDigest: dto.relation === 'self' ? (sealed?.digest ?? null) : null,
        createdBy: actor.userId,
        updatedBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      };
      await em.insert(PersonalNumberRecord, record);
      return toRecordView(record, employee);
    });
  }

  async update(caller: Caller, id: string, dto: UpdateRecordDto): Promise<RecordView> {
    const { actor } = caller;
    assertCheckDigit(dto.number);
    return this.tx.run(async (em) => {
      await this.orgLock.lock(em, actor.orgId);
      const reach = await this.reach.groupIds(actor, em);
      const record = await this.tx
        .lockForUpdate(
          em
            .createQueryBuilder(PersonalNumberRecord, 'r')
            .where('r.id = :id AND r.organization_id = :orgId', { id, orgId: actor.orgId }),
        )
        .getOne();
      if (!record) throw AppError.notFound('Record');
      let employee = await em.findOneByOrFail(PersonalNumberEmployee, {
        id: record.employeeId,
        organizationId: actor.orgId,
      });
      if (!withinReach(reach, employee.groupId)) throw AppError.notFound('Record');
      employee = await this.applyEmployeeChanges(em, actor, reach, employee, dto);

      const relation = dto.relation ?? record.relation;
      if (relation !== record.relation) await this.assertRelationFree(em, employee.id, relation, record.id);
      // The number after the change: a new one, none, or the stored one (opened only if it must be re-checked).
      let number: string | null | undefined = dto.number;
      if (number === undefined && record.numberCipher && relation !== record.relation && relation === 'self')
        number = this.vault.open(record.id, record.numberCipher);
      const hasNumberAfter = number === undefined ? record.numberCipher !== null : number !== null;
      const state = stateOrThrow(
        resolveState({ hasNumberAfter, requested: dto.state, current: record.state }),
      );
      const changes: Partial<PersonalNumberRecord> = {
        relation,
        singleRelation: singleRelation(relation),
        familyName: dto.familyName ?? record.familyName,
        givenName: dto.givenName ?? record.givenName,
        state,
        updatedBy: actor.userId,
        updatedAt: this.clock.now(),
      };
      if (typeof number === 'string') {
        await this.assertNumberFree(em, actor.orgId, employee.id, relation, number, record.id);
        const sealed = this.vault.seal(actor.orgId, record.id, number);
        Object.assign(changes, {
          numberCipher: sealed.cipher,
          numberKeyId: sealed.keyId,
          numberDigest: sealed.digest,
          selfDigest: relation === 'self' ? sealed.digest : null,
        });
      } else if (number === null) {
        Object.assign(changes, {
          numberCipher: null,
          numberKeyId: null,
          numberDigest: null,
          selfDigest: null,
        });
      } else {
        changes.selfDigest = relation === 'self' ? record.numberDigest : null;
      }
      await em.update(PersonalNumberRecord, { id: record.id, organizationId: actor.orgId }, changes);
      return toRecordView({ ...record, ...changes }, employee);
    });
  }

  async remove(caller: Caller, id: string): Promise<void> {
    const { actor } = caller;
    await this.tx.run(async (em) => {
      await this.orgLock.lock(em, actor.orgId);
      const reach = await this.reach.groupIds(actor, em);
      const found = await this.findInReach(em, actor.orgId, reach, id);
      await deleteDocumentsOfRecords(em, actor.orgId, [id]);
      await em.delete(PersonalNumberRecord, { id, organizationId: actor.orgId });
      if (!(await em.exists(PersonalNumberRecord, { where: { employeeId: found.employee.id } })))
        await em.delete(PersonalNumberEmployee, { id: found.employee.id, organizationId: actor.orgId });
      await this.log.write(em, actor.orgId, caller, {
        action: 'delete',
        recordId: id,
        employeeCode: found.employee.employeeCode,
        relation: found.record.relation,
        recordCount: 1,
      });
    });
  }

  /**
   * 照会: returns the number. The handling-log row (whose: record id, employee code, relation) and the request's
   * operation-history row commit in one transaction before the number leaves: no reveal goes unrecorded.
   */
  async reveal(caller: Caller, id: string): Promise<RevealedNumber> {
    const { actor } = caller;
    PersonalNumberReach.assertMayDisclose(actor);
    return this.tx.run(async (em) => {
      const reach = await this.reach.groupIds(actor, em);
      const { record, employee } = await this.findInReach(em, actor.orgId, reach, id);
      if (!record.numberCipher) throw notCollected();
      const number = this.vault.open(record.id, record.numberCipher);
      await this.log.write(em, actor.orgId, caller, {
        action: 'reveal',
        recordId: record.id,
        employeeCode: employee.employeeCode,
        relation: record.relation,
        recordCount: 1,
      });
      return {
        id: record.id,
        employeeCode: employee.employeeCode,
        relation: record.relation,
        familyName: record.familyName,
        givenName: record.givenName,
        number,
      };
    });
  }

  async get(actor: Actor, id: string): Promise<RecordView> {
    PersonalNumberReach.assertMayView(actor);
    const em = this.tx.dataSource.manager;
    const { record, employee } = await this.findInReach(
      em,
      actor.orgId,
      await this.reach.groupIds(actor),
      id,
    );
    return toRecordView(record, employee);
  }

  async list(
    actor: Actor,
    q: RecordFilterQuery,
  ): Promise<{ items: RecordView[]; total: number; page: number; perPage: number }> {
    PersonalNumberReach.assertMayView(actor);
    const page = q.page ?? 1;
    const perPage = q.perPage ?? 25;
    const qb = this.filtered(actor.orgId, await this.reach.groupIds(actor), q);
    const total = await qb.clone().getCount();
    const rows = await qb
      .select(VIEW_COLUMNS)
      .orderBy('e.employee_code', 'ASC')
      .addOrderBy(RELATION_ORDER_SQL('r.relation'), 'ASC')
      .addOrderBy('r.id', 'ASC')
      .offset((page - 1) * perPage)
      .limit(perPage)
      .getMany();
    const employees = await this.employeesById(
      actor.orgId,
      rows.map((r) => r.employeeId),
    );
    return {
      items: rows.map((r) => toRecordView(r, employees.get(r.employeeId)!)),
      total,
      page,
      perPage,
    };
  }

  /** Records of the organization within `reach` matching the filters (alias `r`, employees joined as `e`). */
  filtered(
    orgId: string,
    reach: string[] | null,
    q: RecordFilterQuery,
  ): SelectQueryBuilder<PersonalNumberRecord> {
    const qb = this.records
      .createQueryBuilder('r')
      .innerJoin(PersonalNumberEmployee, 'e', 'e.id = r.employee_id')
      .where('r.organization_id = :orgId', { orgId });
    applyReach(qb, reach);
    if (q.employeeCode !== undefined) qb.andWhere('e.employee_code = :code', { code: q.employeeCode });
    if (q.groupId !== undefined) qb.andWhere('e.group_id = :groupId', { groupId: q.groupId });
    if (q.retired !== undefined) qb.andWhere(q.retired ? 'e.retired_on IS NOT NULL' : 'e.retired_on IS NULL');
    if (q.relation !== undefined) qb.andWhere('r.relation = :relation', { relation: q.relation });
    if (q.state !== undefined) qb.andWhere('r.state = :state', { state: q.state });
    return qb;
  }

  async employeesById(orgId: string, ids: string[]): Promise<Map<string, PersonalNumberEmployee>> {
    if (!ids.length) return new Map();
    const rows = await this.employees.find({
      where: { organizationId: orgId, id: In([...new Set(ids)]) },
      select: { id: true, employeeCode: true, groupId: true, retiredOn: true },
    });
    return new Map(rows.map((e) => [e.id, e]));
  }

  /** A record and its employee if `reach` covers them; 404 otherwise (also for other organizations' records). */
  async findInReach(
    em: EntityManager,
    orgId: string,
    reach: string[] | null,
    id: string,
  ): Promise<{ record: PersonalNumberRecord; employee: PersonalNumberEmployee }> {
    const record = await em.findOneBy(PersonalNumberRecord, { id, organizationId: orgId });
    const employee =
      record &&
      (await em.findOneBy(PersonalNumberEmployee, { id: record.employeeId, organizationId: orgId }));
    if (!record || !employee || !withinReach(reach, employee.groupId)) throw AppError.notFound('Record');
    return { record, employee };
  }

  /**
   * The employee a new record belongs to, created on first use, with its 所属 and 退職日 changed when the request
   * gives them. A subtree-limited writer may not touch an employee outside their reach, nor move one out of it.
   */
  private async employeeForWrite(
    em: EntityManager,
    actor: Actor,
    reach: string[] | null,
    employeeCode: string,
    changes: { groupId?: string | null; retiredOn?: string | null },
  ): Promise<PersonalNumberEmployee> {
    const existing = await em.findOneBy(PersonalNumberEmployee, {
      organizationId: actor.orgId,
      employeeCode,
    });
    if (existing) {
      if (!withinReach(reach, existing.groupId)) throw outsideReach();
      return this.applyEmployeeChanges(em, actor, reach, existing, changes);
    }
    const groupId = changes.groupId ?? null;
    if (groupId !== null) await this.groups.lockGroup(em, actor.orgId, groupId);
    if (!withinReach(reach, groupId)) throw outsideReach();
    const now = this.clock.now();
    const employee: PersonalNumberEmployee = {
      id: newId(),
      organizationId: actor.orgId,
      employeeCode,
      groupId,
      retiredOn: changes.retiredOn ?? null,
      createdAt: now,
      updatedAt: now,
    };
    await em.insert(PersonalNumberEmployee, employee);
    return employee;
  }

  private async applyEmployeeChanges(
    em: EntityManager,
    actor: Actor,
    reach: string[] | null,
    employee: PersonalNumberEmployee,
    changes: { groupId?: string | null; retiredOn?: string | null },
  ): Promise<PersonalNumberEmployee> {
    const next = { ...employee };
    if (changes.groupId !== undefined && changes.groupId !== employee.groupId) {
      if (changes.groupId !== null) await this.groups.lockGroup(em, actor.orgId, changes.groupId);
      if (!withinReach(reach, changes.groupId)) throw outsideReach();
      next.groupId = changes.groupId;
    }
    if (changes.retiredOn !== undefined) next.retiredOn = changes.retiredOn;
    if (next.groupId === employee.groupId && next.retiredOn === employee.retiredOn) return employee;
    next.updatedAt = this.clock.now();
    await em.update(
      PersonalNumberEmployee,
      { id: employee.id, organizationId: actor.orgId },
      { groupId: next.groupId, retiredOn: next.retiredOn, updatedAt: next.updatedAt },
    );
    return next;
  }

  private async assertRelationFree(
    em: EntityManager,
    employeeId: string,
    relation: Relation,
    exceptRecordId: string | null,
  ): Promise<void> {
    if (!SINGLE_RELATIONS.includes(relation)) return;
    const qb = em
      .createQueryBuilder(PersonalNumberRecord, 'r')
      .where('r.employee_id = :employeeId AND r.single_relation = :relation', { employeeId, relation });
    if (exceptRecordId) qb.andWhere('r.id <> :exceptRecordId', { exceptRecordId });
    if (await qb.getExists()) throw relationTaken(relation);
  }

  /** The duplicate rules (class comment), with the digest under every key of the ring (number-vault.ts). */
  private async assertNumberFree(
    em: EntityManager,
    orgId: string,
    employeeId: string,
    relation: Relation,
    number: string,
    exceptRecordId: string | null,
  ): Promise<void> {
    const digests = this.vault.candidateDigests(orgId, number);
    const sameEmployee = em
      .createQueryBuilder(PersonalNumberRecord, 'r')
      .where('r.employee_id = :employeeId AND r.number_digest IN (:...digests)', { employeeId, digests });
    if (exceptRecordId) sameEmployee.andWhere('r.id <> :exceptRecordId', { exceptRecordId });
    if (await sameEmployee.getExists()) throw numberDuplicate('employee');
    if (relation !== 'self') return;
    const otherSelf = em
      .createQueryBuilder(PersonalNumberRecord, 'r')
      .where('r.organization_id = :orgId AND r.self_digest IN (:...digests)', { orgId, digests });
    if (exceptRecordId) otherSelf.andWhere('r.id <> :exceptRecordId', { exceptRecordId });
    if (await otherSelf.getExists()) throw numberDuplicate('self');
  }
}

export function singleRelation(relation: Relation): Relation | null {
  return SINGLE_RELATIONS.includes(relation) ? relation : null;
}

/** Employees within `reach` only (alias `e`). */
export function applyReach<T extends object>(qb: SelectQueryBuilder<T>, reach: string[] | null): void {
  if (reach === null) return;
  if (!reach.length) qb.andWhere('1 = 0');
  else qb.andWhere('e.group_id IN (:...reachGroupIds)', { reachGroupIds: reach });
}

function outsideReach(): AppError {
  return AppError.forbidden('The employee is outside the groups you handle');
}
