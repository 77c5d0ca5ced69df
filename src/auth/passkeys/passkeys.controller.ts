import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { Authenticated, Public } from '@kanri/access/access-rule';
import type { Principal } from '@kanri/access/actor';
import { CurrentPrincipal } from '@kanri/access/current-actor.decorator';
import { requestOrigin } from '@kanri/access/request-origin';
import { Screen } from '@kanri/access/screen.decorator';
import { AuthRateLimited } from '../auth-rate-limit';
import { LoginResultView } from '../dto/login-result.view';
import { RenamePasskeyDto, VerifyAssertionDto, VerifyRegistrationDto } from './dto/passkey.dto';
import { PasskeyListView, PasskeyStepUpView, PasskeyView } from './dto/passkey.view';
import { OwnPasskeys } from './own-passkeys.service';
import { PasskeyCredentials } from './passkey-credentials.service';
import { PasskeyRegistration } from './passkey-registration.service';
import { PasskeySignIn } from './passkey-sign-in.service';
import { PasskeyStepUpCeremony } from './passkey-step-up.service';

/**
 * Passkeys (WebAuthn, SPEC §17): the signed-in user's own passkeys, username-less sign-in, and the step-up that
 * confirm operations take instead of the confirmation password where the organization requires it. Each ceremony is
 * two calls: `.../options` (hand to the browser's WebAuthn API) and `.../verify` (its answer).
 */
@ApiTags('auth')
@Controller('auth/passkeys')
export class PasskeysController {
  constructor(
    private readonly credentials: PasskeyCredentials,
    private readonly own: OwnPasskeys,
    private readonly registration: PasskeyRegistration,
    private readonly signIn: PasskeySignIn,
    private readonly stepUp: PasskeyStepUpCeremony,
  ) {}

  /** The caller's passkeys, oldest first. */
  @Get()
  @Authenticated()
  @Screen('パスキー管理')
  list(@CurrentPrincipal() principal: Principal): Promise<PasskeyListView> {
    return this.credentials.list(principal.userId);
  }

  /** Options for `navigator.credentials.create` (discoverable credential, user verification required). */
  @Post('registration/options')
  @Authenticated()
  @Screen('パスキー管理', 'search')
  @HttpCode(200)
  registrationOptions(
    @CurrentPrincipal() principal: Principal,
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    return this.registration.options(principal);
  }

  /** Registers the passkey the browser created for the options above. */
  @Post('registration/verify')
  @Authenticated()
  @Screen('パスキー管理', 'register')
  register(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: VerifyRegistrationDto,
    @Req() req: Request,
  ): Promise<PasskeyView> {
    return this.registration.verify(principal, dto, requestOrigin(req));
  }

  /** Renames one of the caller's passkeys. */
  @Patch(':passkeyId')
  @Authenticated()
  @Screen('パスキー管理', 'update')
  rename(
    @CurrentPrincipal() principal: Principal,
    @Param('passkeyId') passkeyId: string,
    @Body() dto: RenamePasskeyDto,
  ): Promise<PasskeyView> {
    return this.own.rename(principal, passkeyId, dto.name);
  }

  /** Deletes one of the caller's passkeys; it cannot sign in or step up any more. */
  @Delete(':passkeyId')
  @Authenticated()
  @Screen('パスキー管理', 'delete')
  @HttpCode(204)
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param('passkeyId') passkeyId: string,
    @Req() req: Request,
  ): Promise<void> {
    return this.own.remove(principal, passkeyId, requestOrigin(req));
  }

  /** Options for `navigator.credentials.get` to sign in: no login ID, any of the user's discoverable passkeys. */
  @Post('sign-in/options')
  @Public()
  @AuthRateLimited()
  @HttpCode(200)
  signInOptions(): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return this.signIn.options();
  }

  /** Signs in with the passkey's assertion; the same account rules as the password sign-in apply. */
  @Post('sign-in/verify')
  @Public()
  @AuthRateLimited()
  @HttpCode(200)
  signInVerify(@Body() dto: VerifyAssertionDto, @Req() req: Request): Promise<LoginResultView> {
    return this.signIn.verify(dto, requestOrigin(req));
  }

  /** Options for the step-up assertion with one of the caller's passkeys. */
  @Post('step-up/options')
  @Authenticated()
  @Screen('パスキー本人確認', 'search')
  @HttpCode(200)
  stepUpOptions(@CurrentPrincipal() principal: Principal): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return this.stepUp.options(principal);
  }

  /** Verifies the step-up assertion and answers a token for the next confirm operation (`stepUpToken`). */
  @Post('step-up/verify')
  @Authenticated()
  @Screen('パスキー本人確認', 'search')
  @HttpCode(200)
  stepUpVerify(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: VerifyAssertionDto,
    @Req() req: Request,
  ): Promise<PasskeyStepUpView> {
    return this.stepUp.verify(principal, dto, requestOrigin(req));
  }
}
