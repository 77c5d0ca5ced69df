import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@kanri/access/access-rule';
import { MAX_OCSP_REQUEST_BYTES } from './ocsp-request';
import { OcspResponder } from './ocsp-responder.service';

/**
 * The OCSP responder's HTTP binding (RFC 6960 Appendix A): `POST /ocsp` with an `application/ocsp-request` body,
 * or `GET /ocsp/<url-encoded base64 of the DER request>`. Every answer is HTTP 200 `application/ocsp-response`;
 * a bad request gets an OCSP error status (malformedRequest, unauthorized), not an HTTP error, because that is what
 * OCSP clients read. Only a body beyond `OCSP_BODY_LIMIT` is refused at the HTTP level (413).
 */
@ApiTags('certificates')
@Controller('ocsp')
export class OcspController {
  constructor(private readonly responder: OcspResponder) {}

  /** An OCSP request in the body (DER, `Content-Type: application/ocsp-request`). */
  @Post()
  @Public()
  @HttpCode(200)
  @ApiConsumes('application/ocsp-request')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiProduces('application/ocsp-response')
  async post(@Req() req: Request, @Res() res: Response): Promise<void> {
    const body: unknown = req.body;
    send(res, await this.responder.respond(Buffer.isBuffer(body) ? body : null));
  }

  /** An OCSP request in the path: the DER, base64, URL-encoded (what caching clients send). */
  @Get('*request')
  @Public()
  @ApiProduces('application/ocsp-response')
  async get(@Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, await this.responder.respond(requestFromPath(req.originalUrl)));
  }
}

function send(res: Response, der: Buffer): void {
  // Answers are read live from the database: a cached "good" would outlive a revocation.
  res.setHeader('Cache-Control', 'no-store');
  res.status(200).type('application/ocsp-response').send(der);
}

/**
 * The DER request from `.../ocsp/<encoded>`, read from the raw URL rather than Express's decoded parameters:
 * base64 has `/`, which a client may or may not percent-encode, and `+`, which must stay a plus. Null when the
 * text is not base64 (the responder answers malformedRequest).
 */
export function requestFromPath(originalUrl: string): Buffer | null {
  const path = originalUrl.split('?')[0];
  const marker = path.indexOf('/ocsp/');
  if (marker < 0) return null;
  const encoded = path.slice(marker + '/ocsp/'.length);
  // Four base64 characters carry three bytes; the percent-encoding at most triples the text.
  if (encoded.length > Math.ceil((MAX_OCSP_REQUEST_BYTES * 4) / 3) * 3) return null;
  let text: string;
  try {
    text = decodeURIComponent(encoded);
  } catch {
    return null;
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  return Buffer.from(text, 'base64');
}
