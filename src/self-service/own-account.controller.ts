import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '@kanri/access/access-rule';
import type { Principal } from '@kanri/access/actor';
import { Confirm } from '@kanri/access/confirm.decorator';
import { CurrentPrincipal } from '@kanri/access/current-actor.decorator';
import { Screen } from '@kanri/access/screen.decorator';
import { UpdateOwnAccountDto } from './dto/own-account.dto';
import { OwnAccountView } from './dto/own-account.view';
import { OwnAccountService } from './own-account.service';

const SCREEN = 'アカウント情報更新';

/** アカウント情報更新 (SPEC §13): the signed-in user's own account. */
@ApiTags('self-service')
@Controller('me')
export class OwnAccountController {
  constructor(private readonly account: OwnAccountService) {}

  /** The caller's own account: names, kana, e-mail addresses, department, phones, language, organization. */
  @Get()
  @Authenticated()
  @Screen(SCREEN)
  get(@CurrentPrincipal() principal: Principal): Promise<OwnAccountView> {
    return this.account.view(principal);
  }

  /**
   * Changes the caller's own names, kana, e-mail addresses, department, phones and language (only the fields
   * present). Needs the confirmation password. Login ID, permissions, organization and allowed addresses are not
   * changed here (unknown fields are refused with 400).
   */
  @Patch()
  @Authenticated()
  @Confirm()
  @Screen(SCREEN, 'update')
  update(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: UpdateOwnAccountDto,
  ): Promise<OwnAccountView> {
    return this.account.update(principal, dto);
  }
}
