import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ID_PATTERN } from '@kanri/common/ids/new-id';
import { CERTIFICATE_TYPES, type CertificateType } from '../issuance/certificate-profiles';

/**
 * What a certificate is asked for with, whether issued at once (証明書発行) or applied for (証明書申請): its type,
 * validity and names. The key comes differently (a CSR, or one Kanri generates), so it is the subclasses'.
 */
export class CertificateRequestFields {
  /** server (serverAuth), client (clientAuth), code_signing (codeSigning) or smime (emailProtection). */
  @IsIn(CERTIFICATE_TYPES)
  type!: CertificateType;

  /** Days of validity; defaults per type (365), at most 397 (server), 730 (client), 1095 (code_signing). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(36500)
  validityDays?: number;

  /**
   * Server certificates: the host names (SAN dNSName; `*.` wildcards allowed), each a registered domain of the
   * organization or a subdomain of one. Defaults to the CSR's requested dNSNames, or its CN.
   */
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(253, { each: true })
  dnsNames?: string[];

  /** Subject CN for client, S/MIME and code-signing certificates; defaults to the CSR's CN (or the holder's name). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  commonName?: string;
}

/** `POST /organizations/:orgId/certificates` (SPEC §7). */
export class IssueCertificateDto extends CertificateRequestFields {
  /** PKCS#10 request, PEM (`-----BEGIN CERTIFICATE REQUEST-----`). Only its key and requested names are used. */
  @IsString()
  @MaxLength(32768)
  csr!: string;

  /** Client certificates: the holder (a member of the organization); defaults to the caller. */
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'subjectUserId must be a user id' })
  subjectUserId?: string;
}

/** `POST .../certificates/:id/renew`: without a CSR the same key is certified again. */
export class RenewCertificateDto {
  /** A new key's PKCS#10 request (PEM); the subject and names of the renewed certificate are kept. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(32768)
  csr?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(36500)
  validityDays?: number;
}
