import { Injectable } from '@nestjs/common';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { Principal } from '@kanri/access/actor';
import type { RequestOrigin } from '@kanri/access/request-origin';
import { LoginHistoryService } from '../../audit/login-history.service';
import type { VerifyAssertionDto } from './dto/passkey.dto';
import type { PasskeyStepUpView } from './dto/passkey.view';
import { AssertionRefused, PasskeyAssertions } from './passkey-assertions.service';
import { StepUpTokens } from './step-up/step-up-tokens.service';

/**
 * The passkey step-up (SPEC §17): just before a confirm operation the signed-in user answers an assertion with one
 * of their own passkeys, user verification required, and gets a token for that one operation (step-up-tokens).
 */
@Injectable()
export class PasskeyStepUpCeremony {
  constructor(
    private readonly assertions: PasskeyAssertions,
    private readonly tokens: StepUpTokens,
    private readonly loginHistory: LoginHistoryService,
  ) {}

  options(principal: Principal): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return this.assertions.options('step_up', principal);
  }

  async verify(
    principal: Principal,
    dto: VerifyAssertionDto,
    origin: RequestOrigin,
  ): Promise<PasskeyStepUpView> {
    const event = {
      loginIdTyped: principal.loginId,
      userId: principal.userId,
      organizationId: principal.organizationId,
      ip: origin.ip,
      userAgent: origin.userAgent,
    };
    try {
      await this.assertions.verify(dto.credential, 'step_up', principal.userId);
    } catch (e) {
      if (!(e instanceof AssertionRefused)) throw e;
      await this.loginHistory.record({ ...event, action: 'PASSKEY_STEP_UP_FAILED' });
      throw e.answer;
    }
    await this.loginHistory.record({ ...event, action: 'PASSKEY_STEP_UP_SUCCESS' });
    return this.tokens.issue(principal.userId, principal.sessionId);
  }
}
