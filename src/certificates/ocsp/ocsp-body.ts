import { raw } from 'express';

/**
 * The largest POST body the OCSP route reads before refusing it with 413 PAYLOAD_TOO_LARGE (the body parser's
 * error, mapped by the global filter). Bodies between `MAX_OCSP_REQUEST_BYTES` and this are read and answered
 * malformedRequest, which OCSP clients understand; beyond it Kanri stops reading.
 */
export const OCSP_BODY_LIMIT = 256 * 1024;

/** Reads `application/ocsp-request` bodies as bytes (the app's own parser only reads JSON). */
export const ocspRequestBody = raw({ type: 'application/ocsp-request', limit: OCSP_BODY_LIMIT });
