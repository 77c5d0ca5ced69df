import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { Public } from '@kanri/access/access-rule';
import { x509 } from '../x509/x509';
import { CaService } from './ca.service';
import { CrlService } from './crl.service';

class CrlQuery {
  @ApiPropertyOptional({ enum: ['der', 'pem'], default: 'der' })
  @IsOptional()
  @IsIn(['der', 'pem'])
  format?: 'der' | 'pem';
}

/** What relying parties fetch without signing in: the CA chain and the current CRL (SPEC §7). */
@ApiTags('certificates')
@Controller('ca')
export class CaController {
  constructor(
    private readonly ca: CaService,
    private readonly crl: CrlService,
  ) {}

  /** The issuing CA and the root, PEM (install the root as a trust anchor). */
  @Get('certificates')
  @Public()
  @Header('Content-Type', 'application/x-pem-file')
  @Header('Content-Disposition', 'attachment; filename="kanri-ca-chain.pem"')
  @ApiProduces('application/x-pem-file')
  chain(): Promise<string> {
    return this.ca.chainPem();
  }

  /** The issuing CA's current CRL: DER (`application/pkix-crl`) by default, `?format=pem` for PEM. */
  @Get('crl')
  @Public()
  @ApiProduces('application/pkix-crl', 'application/x-pem-file')
  async crlFile(@Query() query: CrlQuery, @Res() res: Response): Promise<void> {
    const { der, state } = await this.crl.current();
    res.setHeader('Last-Modified', state.thisUpdate.toUTCString());
    res.setHeader('Expires', state.nextUpdate.toUTCString());
    if (query.format === 'pem') {
      res.type('application/x-pem-file').send(x509.PemConverter.encode(der, 'X509 CRL'));
      return;
    }
    res.type('application/pkix-crl').send(der);
  }
}
