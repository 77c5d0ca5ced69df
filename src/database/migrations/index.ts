import { Foundation1763800000000 } from './1763800000000-foundation';
import { MailOutbox1763800000100 } from './1763800000100-mail-outbox';
import { OrganizationGroups1763800100000 } from './1763800100000-organization-groups';
import { SignInControls1763800200000 } from './1763800200000-sign-in-controls';
import { Certificates1763800400000 } from './1763800400000-certificates';
import { AuditTrail1763800300000 } from './1763800300000-audit-trail';
import { FeeTables1763800700000 } from './1763800700000-fee-tables';
import { Approvals1763800700100 } from './1763800700100-approvals';
import { UserAdministration1763800600000 } from './1763800600000-user-administration';
import { UserSearchCovering1763800600100 } from './1763800600100-user-search-covering';
import { PersonalNumbers1763800500000 } from './1763800500000-personal-numbers';
import { AuditStreaming1763800800000 } from './1763800800000-audit-streaming';
import { ClusterGuards1763800900000 } from './1763800900000-cluster-guards';
import { IdDocuments1764000800000 } from './1764000800000-id-documents';
import { CertificateApplications1764000700000 } from './1764000700000-certificate-applications';
import { SelfRegistrations1764000600000 } from './1764000600000-self-registrations';
import { RequestBatches1764000400000 } from './1764000400000-request-batches';
import { Payees1764000500000 } from './1764000500000-payees';
import { Passkeys1764000300000 } from './1764000300000-passkeys';
import { ScimTokens1764000200000 } from './1764000200000-scim-tokens';
import { LockGuardTouched1764000100000 } from './1764000100000-lock-guard-touched';
import { UserAttributesSorted1764100200000 } from './1764100200000-user-attributes-sorted';
import { UserNameGroupLookups1764100300000 } from './1764100300000-user-name-group-lookups';
import { RegistrationOfficerRemoval1764100400000 } from './1764100400000-registration-officer-removal';
import { UserLockedListing1764100500000 } from './1764100500000-user-locked-listing';
import { UserAttributesMembership1764100600000 } from './1764100600000-user-attributes-membership';
import { UserGroupListing1764100700000 } from './1764100700000-user-group-listing';
import { OrganizationMemberCounts1764100100000 } from './1764100100000-organization-member-counts';

/**
 * Every migration, in order, for both drivers. Append new ones at the end (one file per change, named
 * `<timestamp>-<what>.ts`); never edit one that has landed.
 */
export const MIGRATIONS = [
  Foundation1763800000000,
  MailOutbox1763800000100,
  OrganizationGroups1763800100000,
  SignInControls1763800200000,
  Certificates1763800400000,
  AuditTrail1763800300000,
  FeeTables1763800700000,
  Approvals1763800700100,
  UserAdministration1763800600000,
  UserSearchCovering1763800600100,
  PersonalNumbers1763800500000,
  AuditStreaming1763800800000,
  ClusterGuards1763800900000,
  IdDocuments1764000800000,
  CertificateApplications1764000700000,
  SelfRegistrations1764000600000,
  RequestBatches1764000400000,
  Payees1764000500000,
  Passkeys1764000300000,
  ScimTokens1764000200000,
  LockGuardTouched1764000100000,
  OrganizationMemberCounts1764100100000,
  UserAttributesSorted1764100200000,
  UserNameGroupLookups1764100300000,
  RegistrationOfficerRemoval1764100400000,
  UserLockedListing1764100500000,
  UserAttributesMembership1764100600000,
  UserGroupListing1764100700000,
];
