import { ApiProperty } from '@nestjs/swagger';

/*
 * The answers of the operator's registration-officer routes as the OpenAPI document describes them (the certificate
 * that enrolment and renewal answer is the issuing answer of src/openapi/success-bodies.ts), so the console's client
 * types come from the document rather than from hand-written copies. The controllers declare their handlers to
 * return these classes: a field the service adds or drops no longer compiles until it is described here.
 */

/** A registration officer (登録担当者) as the operator's list and the registration answer show it. */
export class RegistrationOfficerView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  /** The member of the organization who serves as the officer. */
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  /** 登録担当者氏名の英字: the common name of the officer's certificate. */
  @ApiProperty()
  nameRomaji!: string;

  /** Where enrolment links go. */
  @ApiProperty()
  email!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  /** `removed` once the operator ended the role (登録担当者の削除); removed officers stay listed. */
  @ApiProperty({ enum: ['active', 'removed'] })
  status!: 'active' | 'removed';

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  removedAt!: string | null;
}

/** `GET /registration-officers`: every officer (of the organization asked for), oldest first. */
export class RegistrationOfficerListView {
  @ApiProperty({ type: [RegistrationOfficerView] })
  items!: RegistrationOfficerView[];
}

/** The enrolment link just opened (the token itself goes to the officer by mail, never into an answer). */
export class OfficerEnrolmentLinkView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  /** When the link stops working. */
  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}

/** The answer to registering an officer or opening a new link for one. */
export class OfficerEnrolmentIssuedView {
  @ApiProperty({ type: RegistrationOfficerView })
  officer!: RegistrationOfficerView;

  @ApiProperty({ type: OfficerEnrolmentLinkView })
  enrolment!: OfficerEnrolmentLinkView;

  /**
   * アクセスPIN for the link. It appears in this answer only, once: Kanri stores only its hash, and the operator
   * passes it to the officer by another channel than the link's mail (FAX, post).
   */
  @ApiProperty()
  accessPin!: string;
}
