/**
 * Transport security. Grafana starts plugins without go-plugin's AutoMTLS, so normally the socket
 * is plaintext (it is a private unix socket). A host that does turn AutoMTLS on passes its client
 * certificate in PLUGIN_CLIENT_CERT; then we serve TLS with a fresh self-signed certificate for
 * "localhost", require that client certificate, and put our certificate in the handshake line
 * (base64 DER without padding), as go-plugin's own servers do (hashicorp/go-plugin mtls.go).
 *
 * Node can sign but not build X.509 certificates, so the certificate is assembled here in DER.
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { ServerCredentials } from '@grpc/grpc-js';

// --- minimal DER writer -------------------------------------------------------------------------

function length(n: number): Buffer {
  if (n < 0x80) {
    return Buffer.from([n]);
  }
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) {
    bytes.unshift(v & 0xff);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const seq = (...c: Buffer[]) => tlv(0x30, ...c);
const set = (...c: Buffer[]) => tlv(0x31, ...c);
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const octets = (b: Buffer) => tlv(0x04, b);
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const explicit = (n: number, c: Buffer) => tlv(0xa0 + n, c);

function integer(bytes: Buffer): Buffer {
  // DER integers are signed: a leading 1 bit needs a 0x00 in front to stay positive.
  return tlv(0x02, bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk: number[] = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) {
      chunk.unshift((v & 0x7f) | 0x80);
    }
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function utcTime(d: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, '0');
  const text = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

// --- the certificate -----------------------------------------------------------------------------

const ECDSA_WITH_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

function name(): Buffer {
  return seq(set(seq(oid('2.5.4.10'), utf8('llmops-ledger-datasource'))), set(seq(oid('2.5.4.3'), utf8('localhost'))));
}

function extensions(): Buffer {
  // keyUsage: digitalSignature, keyEncipherment, keyAgreement, keyCertSign (bits 0,2,4,5; 2 unused bits).
  const keyUsage = seq(oid('2.5.29.15'), bool(true), octets(tlv(0x03, Buffer.from([0x02, 0xac]))));
  const extKeyUsage = seq(oid('2.5.29.37'), octets(seq(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2'))));
  // The host pins this certificate as its only root, so it must be a CA.
  const basicConstraints = seq(oid('2.5.29.19'), bool(true), octets(seq(bool(true))));
  // Go checks the DNS SAN, not the common name: the host dials with ServerName "localhost".
  const subjectAltName = seq(oid('2.5.29.17'), octets(seq(tlv(0x82, Buffer.from('localhost', 'ascii')))));
  return explicit(3, seq(keyUsage, extKeyUsage, basicConstraints, subjectAltName));
}

export interface SelfSignedCertificate {
  der: Buffer;
  certPem: string;
  keyPem: string;
}

export function selfSignedCertificate(now = new Date()): SelfSignedCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const notBefore = new Date(now.getTime() - 30_000);
  const notAfter = new Date(now.getTime() + 10 * 365 * 24 * 3600 * 1000);
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    ECDSA_WITH_SHA256,
    name(),
    seq(utcTime(notBefore), utcTime(notAfter)),
    name(),
    publicKey.export({ type: 'spki', format: 'der' }),
    extensions()
  );
  const signature = sign('sha256', tbs, privateKey as KeyObject);
  const der = seq(tbs, ECDSA_WITH_SHA256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return {
    der,
    certPem: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

export interface TransportSecurity {
  credentials: ServerCredentials;
  /** Field 6 of the handshake line, present only with AutoMTLS. */
  serverCertBase64?: string;
}

export function serverCredentials(env: NodeJS.ProcessEnv): TransportSecurity {
   
  const grpc = require('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
  const clientCert = env.PLUGIN_CLIENT_CERT;
  if (!clientCert) {
    return { credentials: grpc.ServerCredentials.createInsecure() };
  }
  const cert = selfSignedCertificate();
  return {
    credentials: grpc.ServerCredentials.createSsl(
      Buffer.from(clientCert),
      [{ private_key: Buffer.from(cert.keyPem), cert_chain: Buffer.from(cert.certPem) }],
      true
    ),
    // go-plugin decodes base64.RawStdEncoding: no '=' padding.
    serverCertBase64: cert.der.toString('base64').replace(/=+$/, ''),
  };
}
