import { ApiProperty } from '@nestjs/swagger';
import { CERTIFICATE_TYPES, type CertificateType } from '../../issuance/certificate-profiles';
import { REVOCATION_REASONS, type RevocationReason } from '../../issuance/revocation-reasons';
import type { CertificateStatus } from '../../certificate.view';

/*
 * The answers of the registration-officer routes as the OpenAPI document describes them, so the console's client
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

/** The officer's new client certificate (enrolment or renewal) and the chain to install with it, PEM. */
export class OfficerCertificateIssuedView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ enum: CERTIFICATE_TYPES })
  type!: CertificateType;

  @ApiProperty()
  serialNumber!: string;

  @ApiProperty()
  subject!: string;

  @ApiProperty()
  commonName!: string;

  @ApiProperty({ type: [String] })
  dnsNames!: string[];

  @ApiProperty({ type: String, nullable: true })
  email!: string | null;

  @ApiProperty({ type: String, nullable: true })
  domain!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  holderUserId!: string | null;

  /** The registration officer the certificate was issued to. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  officerId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  requestedBy!: string | null;

  /** 利用管理者: who answers for the certificate (the requester unless moved). */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  responsibleUserId!: string | null;

  @ApiProperty()
  keyAlgorithm!: string;

  @ApiProperty({ format: 'date-time' })
  notBefore!: string;

  @ApiProperty({ format: 'date-time' })
  notAfter!: string;

  @ApiProperty({ enum: ['active', 'revoked', 'expired'] })
  status!: CertificateStatus;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;

  // A nullable enum lists null among its values (OpenAPI 3.0: `nullable` does not widen an `enum`).
  @ApiProperty({ enum: [...REVOCATION_REASONS, null], nullable: true })
  revocationReason!: RevocationReason | null;

  /** RFC 5280 reason code of `revocationReason`. */
  @ApiProperty({ type: Number, nullable: true })
  revocationReasonCode!: number | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  renewedFromId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  renewedById!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty()
  certificatePem!: string;

  /** Issuing CA then root, PEM. */
  @ApiProperty()
  chainPem!: string;
}
