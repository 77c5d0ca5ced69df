import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';

const B64URL_MAX = 16_384;

/** `response` of a registration credential, as `@simplewebauthn/browser`'s startRegistration returns it. */
export class AttestationResponseDto {
  @IsString()
  @MaxLength(4096)
  clientDataJSON!: string;

  @IsString()
  @MaxLength(B64URL_MAX)
  attestationObject!: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  transports?: string[];

  @IsOptional()
  publicKeyAlgorithm?: number;

  @IsOptional()
  @IsString()
  @MaxLength(B64URL_MAX)
  publicKey?: string;

  @IsOptional()
  @IsString()
  @MaxLength(B64URL_MAX)
  authenticatorData?: string;
}

/** `response` of an assertion, as startAuthentication returns it. */
export class AssertionResponseDto {
  @IsString()
  @MaxLength(4096)
  clientDataJSON!: string;

  @IsString()
  @MaxLength(B64URL_MAX)
  authenticatorData!: string;

  @IsString()
  @MaxLength(1024)
  signature!: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  userHandle?: string | null;
}

class CredentialDto {
  /** The credential ID, base64url. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  id!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  rawId!: string;

  @ApiProperty({ enum: ['public-key'] })
  @IsIn(['public-key'])
  type!: 'public-key';

  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsObject()
  clientExtensionResults!: Record<string, unknown>;

  @ApiPropertyOptional({ enum: ['platform', 'cross-platform'] })
  @IsOptional()
  @IsIn(['platform', 'cross-platform'])
  authenticatorAttachment?: string;
}

export class RegistrationCredentialDto extends CredentialDto {
  @IsObject()
  @ValidateNested()
  @Type(() => AttestationResponseDto)
  response!: AttestationResponseDto;
}

export class AssertionCredentialDto extends CredentialDto {
  @IsObject()
  @ValidateNested()
  @Type(() => AssertionResponseDto)
  response!: AssertionResponseDto;
}

/** `POST /auth/passkeys/registration/verify`. */
export class VerifyRegistrationDto {
  /** What the browser's `navigator.credentials.create` answered (JSON form). */
  @IsObject()
  @ValidateNested()
  @Type(() => RegistrationCredentialDto)
  credential!: RegistrationCredentialDto;

  /** A name to tell this passkey from the others (default: the date it was registered). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  name?: string;
}

/** `POST /auth/passkeys/sign-in/verify` and `/auth/passkeys/step-up/verify`. */
export class VerifyAssertionDto {
  /** What the browser's `navigator.credentials.get` answered (JSON form). */
  @IsObject()
  @ValidateNested()
  @Type(() => AssertionCredentialDto)
  credential!: AssertionCredentialDto;
}

export class RenamePasskeyDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  name!: string;
}
