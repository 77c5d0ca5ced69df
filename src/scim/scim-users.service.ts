import { Injectable } from '@nestjs/common';
import type { Actor } from '@kanri/access/actor';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { CreateOrganizationUserDto } from '../members/dto/create-organization-user.dto';
import { UpdateOrganizationUserDto } from '../members/dto/update-organization-user.dto';
import { type OrganizationUserView, OrganizationUsersService } from '../members/organization-users.service';
import { UsageStopService } from '../members/usage-stop.service';
import { GroupsService } from '../organizations/groups.service';
import { MemberAccounts } from '../users/member-accounts.service';
import { toUserView, type UserView } from '../users/user.view';
import { ScimError } from './scim-error';
import { equalityFilter, scimPage } from './scim-filter';
import { listResponse, userResource } from './scim-resources';
import { applyUserPatch } from './scim-user-patch';
import { changesBetween, type ScimUserState, stateOfResource, stateOfView } from './scim-user-state';
import { validatedAs } from './scim-validation';

type Resource = Record<string, unknown>;

/**
 * SCIM Users (RFC 7644 §3) over Kanri's user administration: every change goes through OrganizationUsersService,
 * the path the console takes, so the plan user limit (checked after locking the organization row), the last
 * manager rule, session ends on disable and the audit row all hold exactly as there.
 */
@Injectable()
export class ScimUsersService {
  constructor(
    private readonly users: OrganizationUsersService,
    private readonly accounts: MemberAccounts,
    private readonly groups: GroupsService,
    private readonly stopDates: UsageStopService,
  ) {}

  async get(actor: Actor, id: string, baseUrl: string): Promise<Resource> {
    return this.resource(await this.users.get(actor, id), baseUrl);
  }

  /** `filter=userName eq "…"` (login IDs are case-sensitive in Kanri, so the match is exact), paged. */
  async list(actor: Actor, query: Record<string, unknown>, baseUrl: string): Promise<Resource> {
    const filter = equalityFilter(query.filter, ['username']);
    const page = scimPage(query.startIndex, query.count);
    const { users, total } = await this.accounts.provisioningPage(
      actor.orgId,
      filter?.value ?? null,
      page.startIndex - 1,
      page.count,
    );
    const groups = new Map(
      users.some((u) => u.groupId)
        ? (await this.groups.list(actor.orgId)).items.map((g) => [g.id, g] as const)
        : [],
    );
    const resources = users.map((u) => {
      const view = toUserView(u);
      return userResource(
        view,
        u.groupId ? (groups.get(u.groupId) ?? null) : null,
        this.active(view),
        baseUrl,
      );
    });
    return listResponse(resources, total, page.startIndex);
  }

  /**
   * POST /Users. With a `password` the member is active at once (the organization's password policy applies);
   * without one they are provisional (仮登録) and get the invitation mail, so an e-mail address is needed.
   * `active: false` creates them and then disables them.
   */
  async create(actor: Actor, body: unknown, baseUrl: string): Promise<Resource> {
    const state = stateOfResource(body);
    const dto = validatedAs(CreateOrganizationUserDto, {
      ...profileFields(state),
      loginId: state.userName,
      ...(state.password ? { password: state.password } : { provisional: true }),
    });
    let view = await this.users.create(actor, dto);
    if (!state.active)
      view = await this.users.update(
        actor,
        view.id,
        validatedAs(UpdateOrganizationUserDto, { disabled: true }),
      );
    return this.resource(view, baseUrl);
  }

  /** PUT /Users/:id: the resource replaces the member's SCIM attributes (those left out are cleared). */
  async replace(actor: Actor, id: string, body: unknown, baseUrl: string): Promise<Resource> {
    const view = await this.users.get(actor, id);
    return this.apply(actor, view, stateOfResource(body), baseUrl);
  }

  /** PATCH /Users/:id (add / replace / remove). */
  async patch(actor: Actor, id: string, body: unknown, baseUrl: string): Promise<Resource> {
    const view = await this.users.get(actor, id);
    const after = applyUserPatch(stateOfView(view, this.stopped(view)), body);
    return this.apply(actor, view, after, baseUrl);
  }

  /** DELETE /Users/:id: as the console's 削除 (the last manager and the last member stay). */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.users.remove(actor, id);
  }

  private async apply(
    actor: Actor,
    view: OrganizationUserView,
    after: ScimUserState,
    baseUrl: string,
  ): Promise<Resource> {
    const before = stateOfView(view, this.stopped(view));
    const changes = changesBetween(before, after);
    if (after.active !== before.active) {
      if (after.active && this.stopped(view)) {
        // The usage stop date (利用停止日) is the manager's decision and SPEC §4 refuses sign-in after it; a
        // provisioning client cannot bring the account back.
        throw new ScimError(
          400,
          'mutability',
          `${ErrorCode.AccountStopped}: the account is past its usage stop date (${view.usageStopDate}) and stays inactive`,
          ErrorCode.AccountStopped,
        );
      }
      changes.disabled = !after.active;
    }
    if (!Object.keys(changes).length) return this.resource(view, baseUrl);
    for (const required of ['familyName', 'givenName'] as const) {
      if (required in changes && changes[required] === null)
        throw ScimError.invalidValue(`name.${required} is required`);
    }
    const dto = validatedAs(UpdateOrganizationUserDto, changes);
    return this.resource(await this.users.update(actor, view.id, dto), baseUrl);
  }

  private stopped(view: UserView): boolean {
    return view.usageStopDate !== null && this.stopDates.today() > view.usageStopDate;
  }

  private active(view: UserView): boolean {
    return !view.status.disabled && !this.stopped(view);
  }

  private resource(view: OrganizationUserView, baseUrl: string): Resource {
    return userResource(view, view.group, this.active(view), baseUrl);
  }
}

/** The optional profile fields of a state, left out when empty (create). */
function profileFields(state: ScimUserState): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    familyName: state.familyName ?? undefined,
    givenName: state.givenName ?? undefined,
    email: state.email ?? undefined,
    subEmail: state.subEmail ?? undefined,
    phoneExternal: state.phone ?? undefined,
    department: state.department ?? undefined,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}
