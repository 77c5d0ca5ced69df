import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** `POST /invitations/accept` (public): a provisional user sets their password and becomes a regular user. */
export class AcceptInvitationDto {
  /** The token from the invitation mail. */
  @IsString()
  @MaxLength(100)
  token!: string;

  /** The new password, checked against the organization's password policy. */
  @IsString()
  @MaxLength(64)
  password!: string;

  /** 確認用パスワード, optional here; can be set later with PUT /auth/confirmation-password. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  confirmationPassword?: string;
}
