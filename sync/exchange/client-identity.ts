// Who is on the other end of a mutual-TLS connection. The TLS layer has already checked the
// chain to the provincial root and the CRL; this adds what OpenSSL lets through: a client
// certificate without any extended key usage is accepted by OpenSSL's purpose check, but the
// design requires clientAuth explicitly. The node id is the certificate's CN.
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { errors } from './http-error';

export interface ClientIdentity {
  nodeId: string;
  certPem: string;
  /** The certificate's organisation (O: the unit) and locality (L: the county), if present. */
  unit: string | null;
  county: string | null;
}

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

const identities = new WeakMap<TLSSocket, ClientIdentity>();

export function derToPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** The identity for this socket, computed once per connection. Throws an HttpError. */
export function clientIdentity(socket: TLSSocket): ClientIdentity {
  const known = identities.get(socket);
  if (known) return known;
  const peer = socket.authorized ? socket.getPeerCertificate(true) : undefined;
  if (!peer || !peer.raw) throw errors.noClientCert();
  const x509 = new X509Certificate(peer.raw);
  if (!(x509.keyUsage ?? []).includes(CLIENT_AUTH)) throw errors.notClientAuth();
  const cn = peer.subject?.CN;
  if (typeof cn !== 'string' || cn.length === 0) throw errors.noClientCert();
  const identity = { nodeId: cn, certPem: derToPem(peer.raw), unit: firstName(peer.subject?.O), county: firstName(peer.subject?.L) };
  identities.set(socket, identity);
  return identity;
}

/** A subject attribute may repeat (Node gives an array then); the first one names it. */
function firstName(value: string | string[] | undefined): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.length > 0 ? first : null;
}
