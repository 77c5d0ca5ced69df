import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ID_PATTERN } from '@kanri/common/ids/new-id';

/** `POST /registration-officers` (system operator). */
export class RegisterOfficerDto {
  @Matches(ID_PATTERN, { message: 'organizationId must be an organization id' })
  organizationId!: string;

  /** The member who becomes the officer; client-certificate sign-in maps their certificate to this account. */
  @Matches(ID_PATTERN, { message: 'userId must be a user id' })
  userId!: string;

  /** 登録担当者氏名の英字, e.g. `Taro Yamada`: the certificate's common name. */
  @IsString()
  @Matches(/^[A-Za-z][A-Za-z .'-]{0,63}$/, {
    message: 'nameRomaji must be 1-64 half-width letters, spaces, dots, apostrophes or hyphens',
  })
  nameRomaji!: string;

  /** Where the enrolment link is mailed; defaults to the user's address. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(64)
  email?: string;
}

/** `POST /enrolment/:token`: the access PIN received by another channel and the browser's CSR. */
export class EnrolDto {
  @IsString()
  @MaxLength(32)
  accessPin!: string;

  /** PKCS#10 request (PEM) for the officer's new key. */
  @IsString()
  @MaxLength(32768)
  csr!: string;
}

/** `POST /officer-renewal` over TLS with the current officer certificate. */
export class OfficerRenewalDto {
  @IsString()
  @MaxLength(32768)
  csr!: string;
}
