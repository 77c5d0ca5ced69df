import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@kanri/access/access-rule';
import { CaService } from './ca.service';
import { CrlFormatQuery, sendCrlFile } from './crl-file';
import { CrlService } from './crl.service';

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
  async crlFile(@Query() query: CrlFormatQuery, @Res() res: Response): Promise<void> {
    sendCrlFile(res, await this.crl.current(), query.format);
  }
}
