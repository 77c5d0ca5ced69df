import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@kanri/access/access-rule';
import { x509 } from '../x509/x509';
import { CaService } from './ca.service';
import { CrlFormatQuery, sendCrlFile } from './crl-file';
import { RootCrlService } from './root-crl.service';

/**
 * The files that certificates point to (see `ca-urls.ts`): each CA certificate in DER for AIA caIssuers
 * (`application/pkix-cert`, RFC 5280 §4.2.2.1) and the root's CRL for the issuing CA's CRL distribution point. The
 * issuing CA's CRL is `GET /ca/crl` (CaController).
 */
@ApiTags('certificates')
@Controller('ca')
export class CaPublicationController {
  constructor(
    private readonly ca: CaService,
    private readonly rootCrl: RootCrlService,
  ) {}

  /** The issuing CA certificate, DER (what a certificate's AIA caIssuers names). */
  @Get('issuing/certificate')
  @Public()
  @ApiProduces('application/pkix-cert')
  async issuingCertificate(@Res() res: Response): Promise<void> {
    const { issuing } = await this.ca.ca();
    sendCertificate(res, issuing.certificate, 'kanri-issuing-ca.cer');
  }

  /** The root certificate, DER (the trust anchor; what the issuing CA certificate's AIA caIssuers names). */
  @Get('root/certificate')
  @Public()
  @ApiProduces('application/pkix-cert')
  async rootCertificate(@Res() res: Response): Promise<void> {
    const { root } = await this.ca.ca();
    sendCertificate(res, root.certificate, 'kanri-root-ca.cer');
  }

  /** The root's CRL (always empty), DER by default, `?format=pem` for PEM. */
  @Get('root/crl')
  @Public()
  @ApiProduces('application/pkix-crl', 'application/x-pem-file')
  async rootCrlFile(@Query() query: CrlFormatQuery, @Res() res: Response): Promise<void> {
    sendCrlFile(res, await this.rootCrl.current(), query.format);
  }
}

function sendCertificate(res: Response, certificate: x509.X509Certificate, filename: string): void {
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.type('application/pkix-cert').send(Buffer.from(certificate.rawData));
}
