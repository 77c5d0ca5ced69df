import { ApiProperty } from '@nestjs/swagger';

/** The organization an account belongs to, as アカウント情報更新 shows it. */
export class OwnOrganizationView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** 組織コード. */
  code!: string;
  name!: string;
}

/** アカウント情報更新 (SPEC §13): the signed-in user's own account. Never a hash or secret. */
export class OwnAccountView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** ログインID; not changeable here. */
  loginId!: string;
  familyName!: string;
  givenName!: string;
  @ApiProperty({ type: String, nullable: true })
  familyNameKana!: string | null;
  @ApiProperty({ type: String, nullable: true })
  givenNameKana!: string | null;
  @ApiProperty({ type: String, nullable: true })
  email!: string | null;
  @ApiProperty({ type: String, nullable: true })
  subEmail!: string | null;
  @ApiProperty({ type: String, nullable: true })
  department!: string | null;
  @ApiProperty({ type: String, nullable: true })
  phoneExternal!: string | null;
  @ApiProperty({ type: String, nullable: true })
  phoneExtension!: string | null;
  /** 使用言語: `ja` or `en`; null = not chosen. */
  @ApiProperty({ type: String, nullable: true })
  language!: string | null;
  /** Allowed source addresses; changed only through the IP-change flow (POST /auth/ip-change/request). */
  @ApiProperty({ type: [String] })
  allowedIps!: string[];
  /** The organization (null when the account belongs to none); join or move with PUT /me/organization. */
  // Inline rather than a $ref: OpenAPI 3.0 lets `nullable` widen only a schema of its own, not a reference.
  @ApiProperty({
    type: 'object',
    nullable: true,
    required: ['id', 'code', 'name'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      code: { type: 'string', description: '組織コード.' },
      name: { type: 'string' },
    },
  })
  organization!: OwnOrganizationView | null;
  /** 管理責任者. */
  isManager!: boolean;
  /** Whether a 確認用パスワード is set (changes here need it). */
  hasConfirmationPassword!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastLoginAt!: string | null;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}
