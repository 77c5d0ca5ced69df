import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CSV_ENCODINGS, type CsvEncoding } from '@kanri/common/csv/csv-encoding';
import { PageQuery } from '@kanri/common/pagination/page.query';
import { CERTIFICATE_TYPES, type CertificateType } from '../issuance/certificate-profiles';
import { ID_PATTERN } from '@kanri/common/ids/new-id';

export const CERTIFICATE_STATUSES = ['active', 'revoked', 'expired'] as const;

/** Filters shared by the list and the bulk download (証明書情報一括ダウンロード). */
export class CertificateFilterQuery {
  @ApiPropertyOptional({ enum: CERTIFICATE_TYPES })
  @IsOptional()
  @IsIn(CERTIFICATE_TYPES)
  type?: CertificateType;

  /** active (valid now), revoked, or expired (not revoked, past notAfter). */
  @ApiPropertyOptional({ enum: CERTIFICATE_STATUSES })
  @IsOptional()
  @IsIn(CERTIFICATE_STATUSES)
  status?: (typeof CERTIFICATE_STATUSES)[number];

  /** Registered domain the certificate was issued under. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(253)
  domain?: string;

  /** Part of the common name, or the serial number. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'holderUserId must be a user id' })
  holderUserId?: string;
}

export class ListCertificatesQuery extends IntersectionType(CertificateFilterQuery, PageQuery) {}

export class ExportCertificatesQuery extends CertificateFilterQuery {
  /** tsv (tab-separated, the manual's bulk download) or csv (RFC 4180, UTF-8 with BOM). */
  @ApiPropertyOptional({ enum: ['tsv', 'csv'], default: 'tsv' })
  @IsOptional()
  @IsIn(['tsv', 'csv'])
  format?: 'tsv' | 'csv';

  /** utf8 (CSV with a BOM, TSV without) or sjis (CP932, as Windows Excel writes it). */
  @ApiPropertyOptional({ enum: CSV_ENCODINGS, default: 'utf8' })
  @IsOptional()
  @IsIn(CSV_ENCODINGS)
  encoding?: CsvEncoding;
}

export class DownloadCertificateQuery {
  @ApiPropertyOptional({ enum: ['pem', 'der'], default: 'pem' })
  @IsOptional()
  @IsIn(['pem', 'der'])
  format?: 'pem' | 'der';

  /** PEM only: append the issuing CA certificate (a "full chain" for servers). */
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsIn(['true', 'false'])
  chain?: 'true' | 'false';
}
