import { Body, Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { OperatorOnly } from '@kanri/access/access-rule';
import { Screen } from '@kanri/access/screen.decorator';
import { OpenOrganizationDto } from './dto/open-organization.dto';
import { type OpenedOrganization, OrganizationOpeningService } from './organization-opening.service';

/** The system operator's organization routes (サービス窓口). */
@ApiTags('organizations')
@Controller('system/organizations')
export class SystemOrganizationsController {
  constructor(private readonly opening: OrganizationOpeningService) {}

  /**
   * 組織登録: creates an organization together with its first manager (管理責任者), who must change the initial
   * password at first sign-in, in one transaction. The operator stays outside the organization.
   */
  @Post()
  @OperatorOnly()
  @Screen('組織登録')
  open(@Body() dto: OpenOrganizationDto): Promise<OpenedOrganization> {
    return this.opening.open(dto);
  }
}
