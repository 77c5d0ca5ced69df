import { IsString, MaxLength } from 'class-validator';

/** `POST /organizations/:orgId/domains`. */
export class RegisterDomainDto {
  /** A DNS domain (e.g. `example.jp`; IDNs are stored in punycode). Its subdomains are covered too. */
  @IsString()
  @MaxLength(253)
  domain!: string;
}
