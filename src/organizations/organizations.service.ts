import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { isDuplicateKeyError } from '@kanri/common/database/database-errors';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { newId } from '@kanri/common/ids/new-id';
import type { Actor, Principal } from '@kanri/access/actor';
import type {
  CreateOrganizationDto,
  SecuritySettingsDto,
  UpdateCompanySettingsDto,
} from './dto/organization.dto';
import type { Page } from '@kanri/common/pagination/page';
import { MembershipService } from './membership.service';
import { generateOrganizationCode, normalizeOrganizationCode } from './organization-code';
import { OrganizationLock } from './organization-lock.service';
import { type EffectiveOrganizationSettings, effectiveSettings } from './organization-settings';
import { Organization, type OrganizationSettings } from './organization.entity';

export interface OrganizationSummary {
  id: string;
  code: string;
  name: string;
}

export interface OrganizationView {
  id: string;
  /** 組織コード: members share it so that others can join. */
  code: string;
  name: string;
  nameKana: string | null;
  status: string;
  /** 契約プランのユーザー登録上限; null = unlimited. */
  planUserLimit: number | null;
  /** Set when a stopped last manager could not be deleted, until a manager is appointed (SPEC §4). */
  managerRequired: boolean;
  /** Every setting with its default filled in (organization-settings.ts). */
  settings: EffectiveOrganizationSettings;
  createdAt: string;
  updatedAt: string;
}

const SECURITY_KEYS = [
  'lockoutThreshold',
  'lockoutMode',
  'lockoutMinutes',
  'otpRequirement',
  'otpMethod',
  'passwordPolicy',
  'selfRegistration',
  'confirmWithOtp',
  'passkeyStepUp',
] as const satisfies readonly (keyof SecuritySettingsDto & keyof OrganizationSettings)[];

/** Codes drawn per organization before giving up; at 59 bits a second draw is already a curiosity. */
const CODE_ATTEMPTS = 5;

/** Organizations (SPEC §2): issuing codes, company settings, the plan's user limit. */
/** One row of the operator's organization list. */
export interface OrganizationListItem {
  id: string;
  code: string;
  name: string;
  nameKana: string | null;
  status: string;
  planUserLimit: number | null;
  memberCount: number;
  createdAt: string;
}

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    private readonly tx: TransactionService,
    private readonly lock: OrganizationLock,
    private readonly membership: MembershipService,
    private readonly clock: Clock,
  ) {}

  /**
   * `POST /organizations` (組織コード発行): creates the organization and makes the caller its member and first
   * manager with every organization permission. A caller who belongs to another organization moves, under the
   * same rules as joining by code (the last manager of a populated organization cannot go).
   */
  async create(principal: Principal, dto: CreateOrganizationDto): Promise<OrganizationView> {
    if (principal.isSystemOperator) {
      throw AppError.forbidden(
        'System operators act on every organization and do not join one: open an organization with its first ' +
          'manager (POST /api/v1/system/organizations), or create an account (POST /api/v1/users) that issues ' +
          'a code itself or joins one (PUT /api/v1/me/organization)',
      );
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const joined = await this.membership.moveSelf(principal, async (em) => ({
          org: await this.insertOrganization(em, dto),
          asManager: true,
          grantAll: true,
        }));
        return this.view(joined.organization.id);
      } catch (error) {
        // Two organizations drew the same code at the same moment: the unique index decided; draw again.
        if (isDuplicateKeyError(error) && attempt < CODE_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  async view(orgId: string): Promise<OrganizationView> {
    const org = await this.organizations.findOne({ where: { id: orgId } });
    if (!org) throw AppError.notFound('Organization');
    return toOrganizationView(org);
  }

  /** `PATCH /organizations/:orgId` (企業情報の変更): only the fields present change. */
  async updateCompanySettings(actor: Actor, dto: UpdateCompanySettingsDto): Promise<OrganizationView> {
    return this.patch(actor.orgId, (org) => {
      const settings = mergeSecurity(org.settings, dto);
      if (dto.approvalModes) {
        settings.approvalModes = { ...settings.approvalModes, ...definedEntries(dto.approvalModes) };
      }
      if (dto.dailyLimits) {
        settings.dailyLimits = { ...settings.dailyLimits, ...definedEntries(dto.dailyLimits) };
      }
      if (dto.zenginRequester !== undefined) {
        settings.zenginRequester = dto.zenginRequester === null ? null : { ...dto.zenginRequester };
      }
      return {
        ...(dto.name !== undefined ? { name: dto.name } : {}),
        ...(dto.nameKana !== undefined ? { nameKana: dto.nameKana } : {}),
        settings,
      };
    });
  }

  /** `PATCH /organizations/:orgId/security-settings`: lockout, second factor and password policy only. */
  async updateSecuritySettings(actor: Actor, dto: SecuritySettingsDto): Promise<OrganizationView> {
    return this.patch(actor.orgId, (org) => ({ settings: mergeSecurity(org.settings, dto) }));
  }

  /** `PUT /organizations/:orgId/plan` (system operator). Lowering the limit removes nobody; joins stop. */
  async setPlanUserLimit(orgId: string, planUserLimit: number | null): Promise<OrganizationView> {
    return this.patch(orgId, () => ({ planUserLimit }));
  }

  /**
   * `GET /organizations` (system operator): every organization, newest first, with its member count and plan
   * user limit, for the operator's organization list.
   */
  async listForOperator(page = 1, perPage = 25): Promise<Page<OrganizationListItem>> {
    const [rows, total] = await this.organizations.findAndCount({
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * perPage,
      take: perPage,
    });
    const counts = new Map<string, number>();
    if (rows.length) {
      const raw: { orgId: string; n: number | string }[] = await this.organizations.manager
        .createQueryBuilder()
        .select('u.organization_id', 'orgId')
        .addSelect('COUNT(*)', 'n')
        .from('users', 'u')
        .where('u.organization_id IN (:...ids)', { ids: rows.map((r) => r.id) })
        .groupBy('u.organization_id')
        .getRawMany();
      for (const r of raw) counts.set(r.orgId, Number(r.n));
    }
    return {
      items: rows.map((o) => ({
        id: o.id,
        code: o.code,
        name: o.name,
        nameKana: o.nameKana,
        status: o.status,
        planUserLimit: o.planUserLimit,
        memberCount: counts.get(o.id) ?? 0,
        createdAt: o.createdAt.toISOString(),
      })),
      total,
      page,
      perPage,
    };
  }

  /** The organization of a typed 組織コード (spaces, hyphens and lower case forgiven), or null. */
  async viewByCode(typedCode: string): Promise<OrganizationView | null> {
    const org = await this.organizations.findOne({ where: { code: normalizeOrganizationCode(typedCode) } });
    return org ? toOrganizationView(org) : null;
  }

  async summary(id: string): Promise<OrganizationSummary | null> {
    const org = await this.organizations.findOne({
      where: { id },
      select: { id: true, code: true, name: true },
    });
    return org ? { id: org.id, code: org.code, name: org.name } : null;
  }

  /**
   * SPEC §4 usage stop dates: a stopped last manager could not be deleted because other members remain, so the
   * organization is flagged `managerRequired` until a manager is appointed (ManagersService clears it). For the
   * usage-stop job, inside its transaction and after it locked the organization row; true when newly set.
   */
  async flagManagerRequired(em: EntityManager, orgId: string): Promise<boolean> {
    const result = await em.update(
      Organization,
      { id: orgId, managerRequired: false },
      { managerRequired: true, updatedAt: this.clock.now() },
    );
    return (result.affected ?? 0) > 0;
  }

  /** The stored settings (only what was set); pass them through `effectiveSettings()` for the defaults. */
  async settingsOf(id: string | null): Promise<OrganizationSettings> {
    if (!id) return {};
    const org = await this.organizations.findOne({ where: { id }, select: { id: true, settings: true } });
    return org?.settings ?? {};
  }

  /**
   * The settings that sign-in and approvals obey (password policy, lockout, OTP, approval modes, limits) with
   * every default filled in; the defaults alone when the user has no organization.
   */
  async effectiveSettingsOf(id: string | null): Promise<EffectiveOrganizationSettings> {
    return effectiveSettings(await this.settingsOf(id));
  }

  /** Read-modify-write of one organization under its row lock, so concurrent edits of different keys both stay. */
  private async patch(
    orgId: string,
    change: (
      org: Organization,
    ) => Partial<Pick<Organization, 'name' | 'nameKana' | 'planUserLimit' | 'settings'>>,
  ): Promise<OrganizationView> {
    return this.tx.run(async (em) => {
      const org = await this.lock.lock(em, orgId);
      Object.assign(org, change(org), { updatedAt: this.clock.now() });
      await em.update(
        Organization,
        { id: orgId },
        {
          name: org.name,
          nameKana: org.nameKana,
          planUserLimit: org.planUserLimit,
          settings: org.settings,
          updatedAt: org.updatedAt,
        },
      );
      return toOrganizationView(org);
    });
  }

  /** Inserts a new organization with a fresh code, inside the caller's transaction. */
  async insertOrganization(
    em: EntityManager,
    dto: CreateOrganizationDto,
    planUserLimit: number | null = null,
  ): Promise<Organization> {
    let code = generateOrganizationCode();
    for (let i = 1; i < CODE_ATTEMPTS && (await em.exists(Organization, { where: { code } })); i++) {
      code = generateOrganizationCode();
    }
    const now = this.clock.now();
    const org = em.create(Organization, {
      id: newId(now.getTime()),
      code,
      name: dto.name,
      nameKana: dto.nameKana ?? null,
      status: 'active',
      planUserLimit,
      managerRequired: false,
      settings: {},
      createdAt: now,
      updatedAt: now,
    });
    await em.insert(Organization, org);
    return org;
  }
}

function mergeSecurity(stored: OrganizationSettings | null, dto: SecuritySettingsDto): OrganizationSettings {
  const settings: OrganizationSettings = { ...(stored ?? {}) };
  for (const key of SECURITY_KEYS) {
    if (dto[key] !== undefined) (settings as unknown as Record<string, unknown>)[key] = dto[key];
  }
  return settings;
}

function definedEntries<T extends object>(o: T): Record<string, never> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Record<string, never>;
}

export function toOrganizationView(org: Organization): OrganizationView {
  return {
    id: org.id,
    code: org.code,
    name: org.name,
    nameKana: org.nameKana,
    status: org.status,
    planUserLimit: org.planUserLimit,
    managerRequired: org.managerRequired,
    settings: effectiveSettings(org.settings),
    createdAt: org.createdAt.toISOString(),
    updatedAt: org.updatedAt.toISOString(),
  };
}
