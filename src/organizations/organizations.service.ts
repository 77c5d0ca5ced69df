import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Organization } from './organization.entity';

export interface OrganizationSummary {
  id: string;
  code: string;
  name: string;
}

/** Organizations (SPEC §2). */
@Injectable()
export class OrganizationsService {
  constructor(@InjectRepository(Organization) private readonly organizations: Repository<Organization>) {}

  async summary(id: string): Promise<OrganizationSummary | null> {
    const org = await this.organizations.findOne({
      where: { id },
      select: { id: true, code: true, name: true },
    });
    return org ? { id: org.id, code: org.code, name: org.name } : null;
  }

  /** The settings that sign-in needs (password policy etc.); defaults apply when the user has no organization. */
  async settingsOf(id: string | null): Promise<Organization['settings']> {
    if (!id) return {};
    const org = await this.organizations.findOne({ where: { id }, select: { id: true, settings: true } });
    return org?.settings ?? {};
  }
}
