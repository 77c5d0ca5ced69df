import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Screen } from '@kanri/access/screen.decorator';
import type { UserView } from '../../users/user.view';
import { RequirePermission } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Permission } from '@kanri/access/permission';
import { SignInAdmin } from './sign-in-admin.service';

/** Administrators' sign-in actions on a user of their organization (SPEC §3.3, §4). */
@ApiTags('users')
@Controller('organizations/:orgId/users/:userId')
export class SignInAdminController {
  constructor(private readonly admin: SignInAdmin) {}

  /** アカウントロック解除: the user can sign in (and request resets or IP changes) again. */
  @Post('unlock')
  @RequirePermission(Permission.UsersManage)
  @Screen('アカウントロック解除', 'update')
  @HttpCode(200)
  unlock(@CurrentActor() actor: Actor, @Param('userId') userId: string): Promise<UserView> {
    return this.admin.unlock(actor, userId);
  }

  /** ワンタイムパスワード利用停止解除. */
  @Post('otp/lift-suspension')
  @RequirePermission(Permission.UsersManage)
  @Screen('ワンタイムパスワード利用停止解除', 'update')
  @HttpCode(200)
  liftOtpSuspension(@CurrentActor() actor: Actor, @Param('userId') userId: string): Promise<UserView> {
    return this.admin.liftOtpSuspension(actor, userId);
  }

  /** トークンの失効: deletes the user's authenticator (TOTP) secret. */
  @Post('totp/revoke')
  @RequirePermission(Permission.UsersManage)
  @Screen('トークンの失効', 'update')
  @HttpCode(200)
  revokeTotp(@CurrentActor() actor: Actor, @Param('userId') userId: string): Promise<UserView> {
    return this.admin.removeAuthenticator(actor, userId);
  }

  /** 2要素認証の無効化: the user signs in without the authenticator until they enrol again. */
  @Post('two-factor/disable')
  @RequirePermission(Permission.UsersManage)
  @Screen('2要素認証の無効化', 'update')
  @HttpCode(200)
  disableTwoFactor(@CurrentActor() actor: Actor, @Param('userId') userId: string): Promise<UserView> {
    return this.admin.removeAuthenticator(actor, userId);
  }
}
