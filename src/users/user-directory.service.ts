import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { parseIpList } from './ip-list';
import { roleLabel } from './search/user-search';
import { User } from './user.entity';

/** Reads of accounts for the audit trail (SPEC §9): departments, names, the user list export. Nothing here writes. */
@Injectable()
export class UserDirectory {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  /**
   * 部署・職名 of these users, for the operation-history snapshot (one plain query per batch of audit rows; unknown ids
   * are absent). Inside a transaction pass its `em`: a second pool connection requested while the transaction holds
   * its locks can wait forever once every connection belongs to a transaction waiting on those locks.
   */
  async departmentsOf(userIds: readonly string[], em?: EntityManager): Promise<Map<string, string | null>> {
    if (!userIds.length) return new Map();
    const rows: { id: string; department: string | null }[] = await (em ?? this.users.manager).query(
      `SELECT id, department FROM users WHERE id IN (${userIds.map(() => '?').join(', ')})`,
      [...userIds],
    );
    return new Map(rows.map((r) => [r.id, r.department]));
  }

  /** Ids of an organization's members with exactly this family and/or given name (audit search by 氏/名). */
  async memberIdsByName(
    orgId: string,
    name: { familyName?: string; givenName?: string },
    limit = 1000,
  ): Promise<string[]> {
    const qb = this.users
      .createQueryBuilder('u')
      .select('u.id', 'id')
      .where('u.organization_id = :orgId', { orgId });
    if (name.familyName !== undefined)
      qb.andWhere('u.family_name = :familyName', { familyName: name.familyName });
    if (name.givenName !== undefined) qb.andWhere('u.given_name = :givenName', { givenName: name.givenName });
    const rows = await qb.limit(limit).getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /**
   * One page of an organization's members in login ID order, after `afterLoginId`, with the columns of the audit
   * user list export (org_user_list, SPEC §9). `role` is 権限 by the users module's own rule (`roleLabel`, the same
   * text as the user list); whether the member holds any grant is read in the same query, so a page costs one round
   * trip.
   */
  async organizationUserListPage(
    orgId: string,
    afterLoginId: string | null,
    limit: number,
  ): Promise<OrganizationUserListRow[]> {
    const qb = this.users
      .createQueryBuilder('u')
      .select([
        'u.login_id AS loginId',
        'u.family_name AS familyName',
        'u.given_name AS givenName',
        'u.family_name_kana AS familyNameKana',
        'u.given_name_kana AS givenNameKana',
        'u.email AS email',
        'u.department AS department',
        'u.phone_external AS phoneExternal',
        'u.phone_extension AS phoneExtension',
        'u.allowed_ips AS allowedIps',
        'u.is_manager AS isManager',
      ])
      .addSelect(
        'CASE WHEN EXISTS (SELECT 1 FROM user_permissions p WHERE p.user_id = u.id AND p.organization_id = u.organization_id) THEN 1 ELSE 0 END',
        'hasGrants',
      )
      .where('u.organization_id = :orgId', { orgId })
      .orderBy('u.login_id', 'ASC')
      .limit(limit);
    if (afterLoginId !== null) qb.andWhere('u.login_id > :afterLoginId', { afterLoginId });
    const rows = await qb.getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      loginId: r.loginId as string,
      familyName: r.familyName as string,
      givenName: r.givenName as string,
      familyNameKana: (r.familyNameKana as string | null) ?? null,
      givenNameKana: (r.givenNameKana as string | null) ?? null,
      email: (r.email as string | null) ?? null,
      department: (r.department as string | null) ?? null,
      phoneExternal: (r.phoneExternal as string | null) ?? null,
      phoneExtension: (r.phoneExtension as string | null) ?? null,
      allowedIps: parseIpList(r.allowedIps),
      role: roleLabel({
        isManager: Number(r.isManager) === 1 || r.isManager === true,
        hasGrants: Number(r.hasGrants) === 1,
      }),
    }));
  }
}

/** A member as the audit user list export (org_user_list, SPEC §9) prints them. */
export interface OrganizationUserListRow {
  loginId: string;
  familyName: string;
  givenName: string;
  familyNameKana: string | null;
  givenNameKana: string | null;
  email: string | null;
  department: string | null;
  phoneExternal: string | null;
  phoneExtension: string | null;
  allowedIps: string[];
  /** 権限: e.g. 管理者権限（管理責任者）. */
  role: string;
}
