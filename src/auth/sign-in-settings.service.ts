import { Injectable } from '@nestjs/common';
import type { OrganizationSettings } from '../organizations/organization.entity';
import {
  effectiveSettings,
  type EffectiveOrganizationSettings,
} from '../organizations/organization-settings';
import { OrganizationsService } from '../organizations/organizations.service';
import { type SignInAccount, UserAccounts } from '../users/user-accounts.service';

/** An account a typed login ID names, with the settings of its organization as read in the same statement. */
export interface SignInCandidate {
  account: SignInAccount;
  settings: EffectiveOrganizationSettings;
}

/**
 * The organization settings sign-in obeys (lockout, second factor, password policy), with the documented defaults
 * for accounts outside any organization. Read on every attempt, so a changed setting applies at once.
 */
@Injectable()
export class SignInSettings {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly accounts: UserAccounts,
  ) {}

  of(organizationId: string | null): Promise<EffectiveOrganizationSettings> {
    return this.organizations.effectiveSettingsOf(organizationId);
  }

  /**
   * The accounts with this login ID (two at most: sign-in refuses more than one) and their organizations'
   * settings, in one statement: password sign-in runs on every attempt, and reading the settings separately cost
   * it a round trip and a query-builder pass.
   */
  async candidates(loginId: string): Promise<SignInCandidate[]> {
    const rows = await this.accounts.findForSignIn(loginId);
    return rows.map((row) => ({
      account: row.account,
      settings: effectiveSettings(storedSettings(row.storedSettings)),
    }));
  }
}

/** `organizations.settings` as stored (simple-json text; null for an account outside any organization). */
function storedSettings(value: unknown): OrganizationSettings {
  if (value === null || value === undefined || value === '') return {};
  if (typeof value === 'object') return value as OrganizationSettings;
  return JSON.parse(String(value)) as OrganizationSettings;
}
