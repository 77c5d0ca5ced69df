import { TLSSocket } from 'node:tls';
import type { Request } from 'express';

/**
 * The client certificate presented in this request's TLS handshake (DER), or null when the request did not
 * come over Kanri's own TLS listener or no certificate was sent. The handshake itself proved that the client
 * holds the certificate's private key (CertificateVerify), whatever `rejectUnauthorized` says; whether the
 * certificate is a valid Kanri certificate is decided by `ClientCertificateVerifier`. Behind a TLS-terminating
 * proxy there is no certificate here, on purpose: a header set by a proxy is not a proof.
 */
export function presentedCertificate(req: Request): Buffer | null {
  const socket = req.socket;
  if (!(socket instanceof TLSSocket)) return null;
  const peer = socket.getPeerCertificate(false);
  return peer && Buffer.isBuffer(peer.raw) && peer.raw.length ? peer.raw : null;
}
