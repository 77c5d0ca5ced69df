import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { OperatorOnly } from '@kanri/access/access-rule';
import type { Principal } from '@kanri/access/actor';
import { Confirm } from '@kanri/access/confirm.decorator';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';
import { CurrentPrincipal } from '@kanri/access/current-actor.decorator';
import { Screen } from '@kanri/access/screen.decorator';
import { ID_PATTERN } from '@kanri/common/ids/new-id';
import { RegisterOfficerDto } from './dto/officer.dto';
import { OfficerEnrolmentIssuedView, RegistrationOfficerListView } from './dto/officer.view';
import { OfficersService } from './officers.service';

class ListOfficersQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'organizationId must be an organization id' })
  organizationId?: string;
}

/** 登録担当者の登録 by the system operator (サービス窓口). */
@ApiTags('certificates')
@Controller('registration-officers')
export class OfficersController {
  constructor(private readonly officers: OfficersService) {}

  /** Registers an officer and mails the enrolment link; the answer carries the access PIN, once. */
  @Post()
  @OperatorOnly()
  @Screen('登録担当者登録')
  @ApiCreatedResponse({ type: OfficerEnrolmentIssuedView })
  register(
    @CurrentPrincipal() operator: Principal,
    @Body() dto: RegisterOfficerDto,
  ): Promise<OfficerEnrolmentIssuedView> {
    return this.officers.register(operator, dto);
  }

  @Get()
  @OperatorOnly()
  @Screen('登録担当者登録')
  @ApiOkResponse({ type: RegistrationOfficerListView })
  async list(@Query() query: ListOfficersQuery): Promise<RegistrationOfficerListView> {
    return { items: await this.officers.list(query.organizationId) };
  }

  /** A new link and PIN (a lost certificate, a void or expired link); open links are superseded. */
  @Post(':officerId/enrolments')
  @OperatorOnly()
  @Screen('登録担当者登録')
  @ApiCreatedResponse({ type: OfficerEnrolmentIssuedView })
  reissue(@Param('officerId') officerId: string): Promise<OfficerEnrolmentIssuedView> {
    return this.officers.reissueEnrolment(officerId);
  }

  /**
   * 登録担当者の削除 (confirm): open links are voided, the officer certificates revoked (cessationOfOperation) and
   * the officer kept as `removed`. 404 for an unknown id and for one already removed.
   */
  @Delete(':officerId')
  @OperatorOnly()
  @Confirm()
  @HttpCode(HttpStatus.NO_CONTENT)
  @Screen('登録担当者登録')
  remove(
    @CurrentPrincipal() operator: Principal,
    @Param('officerId') officerId: string,
    @Body() _dto: ConfirmedDto,
  ): Promise<void> {
    return this.officers.remove(operator, officerId);
  }
}
