import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthRateLimited } from '../auth/auth-rate-limit';
import { Public } from '@kanri/access/access-rule';
import { AcceptInvitationDto } from './dto/accept-invitation.dto';
import { InvitationsService } from './invitations.service';

/** The invited user's side of 仮登録 (SPEC §4): no token of theirs exists yet, so the route is public. */
@ApiTags('users')
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  /** Sets the password with the mailed token; the account becomes a regular one and can sign in. */
  @Post('accept')
  @Public()
  @AuthRateLimited()
  @HttpCode(200)
  accept(@Body() dto: AcceptInvitationDto) {
    return this.invitations.accept(dto);
  }
}
