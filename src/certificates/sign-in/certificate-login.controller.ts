import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@kanri/access/access-rule';
import type { LoginResultView } from '../../auth/dto/login-result.view';
import { requestOrigin } from '@kanri/access/request-origin';
import { Screen } from '@kanri/access/screen.decorator';
import { CERTIFICATE_SIGN_IN_SCREEN, CertificateSignInService } from './certificate-sign-in.service';
import { presentedCertificate } from './presented-certificate';

@ApiTags('auth')
@Controller('auth')
export class CertificateLoginController {
  constructor(private readonly signIn: CertificateSignInService) {}

  /**
   * Signs in with the TLS client certificate of this connection (the server must run with TLS_CERT, TLS_KEY
   * and TLS_CLIENT_CA). Answers like a password sign-in: `{accessToken, expiresIn, passwordChangeRequired}`.
   */
  @Post('certificate-login')
  @Public()
  @Screen(CERTIFICATE_SIGN_IN_SCREEN)
  @HttpCode(200)
  login(@Req() req: Request): Promise<LoginResultView> {
    return this.signIn.signIn(presentedCertificate(req), requestOrigin(req));
  }
}
