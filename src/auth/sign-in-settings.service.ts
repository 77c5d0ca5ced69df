import { Injectable } from '@nestjs/common';
import type { EffectiveOrganizationSettings } from '../organizations/organization-settings';
import { OrganizationsService } from '../organizations/organizations.service';

/**
 * The organization settings sign-in obeys (lockout, second factor, password policy), with the documented defaults
 * for accounts outside any organization. Read on every attempt, so a changed setting applies at once.
 */
@Injectable()
export class SignInSettings {
  constructor(private readonly organizations: OrganizationsService) {}

  of(organizationId: string | null): Promise<EffectiveOrganizationSettings> {
    return this.organizations.effectiveSettingsOf(organizationId);
  }
}
