import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';

/** `POST /organizations/:orgId/scim-tokens` (confirm). */
export class CreateScimTokenDto extends ConfirmedDto {
  /**
   * The provisioning client's name (e.g. `Microsoft Entra ID`), up to 50 characters: the audit trail shows what
   * the token changes as operator `scim:<name>`.
   */
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  @Matches(/^[^\x00-\x1F\x7F]+$/, { message: 'clientName must not contain control characters' })
  clientName!: string;
}
