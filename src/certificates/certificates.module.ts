import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UsersModule } from '../users/users.module';
import { CertificateApplication } from './applications/certificate-application.entity';
import { CertificateApplicationsController } from './applications/certificate-applications.controller';
import { CertificateApplicationsService } from './applications/certificate-applications.service';
import { CertificateResponsibleController } from './applications/certificate-responsible.controller';
import { CaKeyRotationJob } from './ca/ca-key-rotation.job';
import { CaKeyRotation } from './ca/ca-key-rotation.service';
import { CaPublicationController } from './ca/ca-publication.controller';
import { CaController } from './ca/ca.controller';
import { CaService } from './ca/ca.service';
import { CertificateAuthority } from './ca/certificate-authority.entity';
import { CrlRefreshJob } from './ca/crl-refresh.job';
import { CrlState } from './ca/crl-state.entity';
import { CrlService } from './ca/crl.service';
import { IssuingCaRecertification } from './ca/issuing-ca-recertification';
import { RootCrlService } from './ca/root-crl.service';
import { Certificate } from './certificate.entity';
import { CertificatesController } from './certificates.controller';
import { CertificatesService } from './certificates.service';
import { DomainsController } from './domains/domains.controller';
import { DomainsService } from './domains/domains.service';
import { OrganizationDomain } from './domains/organization-domain.entity';
import { CertificateExpiryNotice } from './expiry/certificate-expiry-notice.entity';
import { CertificateExpiryNoticeJob } from './expiry/certificate-expiry-notice.job';
import { ExpiryNoticesService } from './expiry/expiry-notices.service';
import { CertificateIssuer } from './certificate-issuer';
import { EnrolmentController } from './officers/enrolment.controller';
import { OfficerEnrolment } from './officers/officer-enrolment.entity';
import { OfficersController } from './officers/officers.controller';
import { OfficersService } from './officers/officers.service';
import { RegistrationOfficer } from './officers/registration-officer.entity';
import { ocspRequestBody } from './ocsp/ocsp-body';
import { OcspResponder } from './ocsp/ocsp-responder.service';
import { OcspController } from './ocsp/ocsp.controller';
import { RevocationService } from './revocation.service';
import { CertificateLoginController } from './sign-in/certificate-login.controller';
import { CertificateSignInService } from './sign-in/certificate-sign-in.service';
import { ClientCertificateVerifier } from './sign-in/client-certificate-verifier';
import { UserClientCertificatesController } from './user-client-certificates.controller';
import { UserDeletedListener } from './user-deleted.listener';

/**
 * Kanri's internal CA and the certificates it issues (SPEC §7), registration officers, and the client-certificate
 * sign-in of §3.6. Decisions the spec left open are written where they are made; src/certificates/README.md
 * lists them.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      CertificateAuthority,
      CrlState,
      Certificate,
      OrganizationDomain,
      CertificateExpiryNotice,
      RegistrationOfficer,
      OfficerEnrolment,
      CertificateApplication,
    ]),
    UsersModule,
    OrganizationsModule,
    AuthModule,
  ],
  controllers: [
    CaController,
    CaPublicationController,
    OcspController,
    DomainsController,
    CertificatesController,
    UserClientCertificatesController,
    OfficersController,
    EnrolmentController,
    CertificateLoginController,
    CertificateApplicationsController,
    CertificateResponsibleController,
  ],
  providers: [
    CaService,
    CaKeyRotation,
    CaKeyRotationJob,
    CrlService,
    CrlRefreshJob,
    RootCrlService,
    IssuingCaRecertification,
    OcspResponder,
    DomainsService,
    CertificateIssuer,
    RevocationService,
    CertificatesService,
    ExpiryNoticesService,
    CertificateExpiryNoticeJob,
    OfficersService,
    ClientCertificateVerifier,
    CertificateSignInService,
    UserDeletedListener,
    CertificateApplicationsService,
  ],
})
export class CertificatesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ocspRequestBody).forRoutes(OcspController);
  }
}
