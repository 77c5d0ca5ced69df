import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { x509 } from '../x509/x509';
import type { CrlState } from './crl-state.entity';

/** `?format=` of the CRL routes: DER (`application/pkix-crl`, what relying parties fetch) or PEM. */
export class CrlFormatQuery {
  @ApiPropertyOptional({ enum: ['der', 'pem'], default: 'der' })
  @IsOptional()
  @IsIn(['der', 'pem'])
  format?: 'der' | 'pem';
}

/** Sends a CRL with its validity as HTTP cache dates. */
export function sendCrlFile(
  res: Response,
  crl: { der: Buffer; state: Pick<CrlState, 'thisUpdate' | 'nextUpdate'> },
  format: 'der' | 'pem' | undefined,
): void {
  res.setHeader('Last-Modified', crl.state.thisUpdate.toUTCString());
  res.setHeader('Expires', crl.state.nextUpdate.toUTCString());
  if (format === 'pem') {
    res.type('application/x-pem-file').send(x509.PemConverter.encode(crl.der, 'X509 CRL'));
    return;
  }
  res.type('application/pkix-crl').send(crl.der);
}
