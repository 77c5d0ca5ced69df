import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '@kanri/common/pagination/page.query';
import { CertificateRequestFields, RenewCertificateDto } from '../../dto/issue-certificate.dto';
import { ID_PATTERN } from '@kanri/common/ids/new-id';
import { PKCS12_PASSWORD_PATTERN, PKCS12_SETTINGS } from '../../issuance/pkcs12';
import { GENERATED_KEY_ALGORITHMS, type GeneratedKeyAlgorithm } from '../../issuance/generated-key';

export const APPLICATION_STATUSES = ['pending', 'approved', 'issued', 'rejected'] as const;

/** `POST .../certificate-applications`: 証明書申請. Send either `csr` or `keyAlgorithm`, not both. */
export class SubmitApplicationDto extends CertificateRequestFields {
  /** The applicant's PKCS#10 request (PEM); leave it out to have Kanri generate the key (`keyAlgorithm`). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(32768)
  csr?: string;

  /**
   * For applicants without a CSR: Kanri generates the key pair when the approved certificate is collected and
   * hands it once as a password-protected PKCS#12; the private key is never stored.
   */
  @ApiPropertyOptional({ enum: GENERATED_KEY_ALGORITHMS })
  @IsOptional()
  @IsIn(GENERATED_KEY_ALGORITHMS)
  keyAlgorithm?: GeneratedKeyAlgorithm;

  /** Client and S/MIME certificates: the member who will hold it (default: the applicant). */
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'holderUserId must be a user id' })
  holderUserId?: string;
}

/** `POST .../certificate-applications/renewals`: 更新申請, same subject and names as the certificate renewed. */
export class SubmitRenewalApplicationDto extends RenewCertificateDto {
  @Matches(ID_PATTERN, { message: 'certificateId must be a certificate id' })
  certificateId!: string;
}

/** `POST .../certificate-applications/bulk`: the TSV text in the format of 証明書情報一括ダウンロード (UTF-8). */
export class BulkApplicationsDto {
  /** Header line, then one application per line; at most 1,000 lines. */
  @IsString()
  @MinLength(1)
  @MaxLength(2_000_000)
  tsv!: string;
}

export class RejectApplicationDto {
  /** Shown to the applicant in the rejection mail. */
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}

/** `POST .../certificate-applications/:id/pkcs12`: the password that protects the PKCS#12 file. */
export class CollectPkcs12Dto {
  /** 12–128 printable ASCII characters; used for this file only, never stored or logged. */
  @IsString()
  @MinLength(PKCS12_SETTINGS.passwordMinLength)
  @MaxLength(PKCS12_SETTINGS.passwordMaxLength)
  @Matches(PKCS12_PASSWORD_PATTERN, { message: 'password must be printable ASCII characters' })
  password!: string;
}

export class ListApplicationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: (typeof APPLICATION_STATUSES)[number];
}

/** `PUT .../certificates/:id/responsible-user`: 利用管理者情報更新. */
export class MoveResponsibleDto {
  @Matches(ID_PATTERN, { message: 'userId must be a user id' })
  userId!: string;
}
