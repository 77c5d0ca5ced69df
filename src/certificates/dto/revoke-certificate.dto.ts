import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';
import { REVOCATION_REASONS, type RevocationReason } from '../issuance/revocation-reasons';

/** `POST .../certificates/:id/revoke`. */
export class RevokeCertificateDto {
  /** RFC 5280 reason: unspecified, keyCompromise, affiliationChanged, superseded, cessationOfOperation, privilegeWithdrawn. */
  @IsIn(REVOCATION_REASONS)
  reason!: RevocationReason;
}

/** 電子証明書失効: an administrator revokes a user's client certificates (confirm). */
export class RevokeUserClientCertificatesDto extends ConfirmedDto {
  /** Defaults to `unspecified`. */
  @ApiPropertyOptional({ enum: REVOCATION_REASONS })
  @IsOptional()
  @IsIn(REVOCATION_REASONS)
  reason?: RevocationReason;
}
