import { X509Certificate } from 'node:crypto';
import { selfSignedCertificate, serverCredentials } from './tlsCredentials';

describe('AutoMTLS server certificate', () => {
  const cert = selfSignedCertificate(new Date('2026-11-26T00:00:00Z'));
  const x509 = new X509Certificate(cert.der);

  it('is a self-signed CA for the DNS name localhost, as go-plugin expects', () => {
    expect(x509.subjectAltName).toBe('DNS:localhost');
    expect(x509.ca).toBe(true);
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkIssued(x509)).toBe(true);
  });

  it('is usable for both server and client authentication and valid now', () => {
    expect(x509.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
    expect(new Date(x509.validFrom).getTime()).toBeLessThan(Date.parse('2026-11-26T00:00:00Z'));
    expect(new Date(x509.validTo).getTime()).toBeGreaterThan(Date.parse('2030-01-01T00:00:00Z'));
  });

  it('comes in PEM that round-trips to the same DER', () => {
    expect(new X509Certificate(cert.certPem).raw.equals(cert.der)).toBe(true);
  });

  it('is plaintext without PLUGIN_CLIENT_CERT and TLS with an unpadded base64 cert with it', () => {
    expect(serverCredentials({}).serverCertBase64).toBeUndefined();
    const client = selfSignedCertificate();
    const tls = serverCredentials({ PLUGIN_CLIENT_CERT: client.certPem });
    expect(tls.serverCertBase64).toMatch(/^[A-Za-z0-9+/]+$/);
    expect(new X509Certificate(Buffer.from(tls.serverCertBase64!, 'base64')).subjectAltName).toBe('DNS:localhost');
  });
});
