import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';
import { DESTINATION_KINDS, type DestinationKind } from '../audit-stream-destination.entity';

/** A new destination: a webhook (`url`) or a syslog collector (`host`, `port`, `tls`). */
export class CreateDestinationDto extends ConfirmedDto {
  /** A label for people, e.g. `SIEM (production)`. */
  @ApiProperty({ example: 'SIEM' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: DESTINATION_KINDS })
  @IsIn(DESTINATION_KINDS)
  kind!: DestinationKind;

  /** Webhook only: `https://…` (`http://` only to a loopback address outside production). */
  @ApiPropertyOptional({ example: 'https://siem.example.jp/kanri' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string;

  /** Syslog only: the collector's host name or IP address. */
  @ApiPropertyOptional({ example: 'syslog.example.jp' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  host?: string;

  /** Syslog only: TCP port (6514 is syslog over TLS). */
  @ApiPropertyOptional({ example: 6514 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number;

  /** Syslog only: TLS (default true); plain TCP only to a loopback address outside production. */
  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  tls?: boolean;

  /** PEM of the CA the receiver's certificate must chain to; omitted: the system's trust store. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(16384)
  caCertificate?: string;

  /** Whether records are delivered (default true). A disabled destination keeps its place in the chains. */
  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** Changes to a destination; its kind and its place in the chains stay. */
export class UpdateDestinationDto extends ConfirmedDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  host?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  tls?: boolean;

  /** null removes the CA (back to the system's trust store). */
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(16384)
  caCertificate?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
