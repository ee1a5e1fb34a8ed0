// Certificate authorities made at lab start-up: the lab CA (trusted by the engine in lab mode
// only) and an "ISP interception" CA that nobody trusts, for `sni mitm` rules.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { isIP } from 'node:net';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

export interface KeyAndCert {
  certPem: string;
  keyPem: string;
}

function toPem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END ${label}-----\n`;
}

let serial = 1;
const nextSerial = () => (serial++).toString(16).padStart(2, '0');

export class CertificateAuthority {
  private readonly issued = new Map<string, Promise<KeyAndCert>>();

  private constructor(
    readonly name: string,
    private readonly keys: CryptoKeyPair,
    private readonly cert: x509.X509Certificate,
  ) {}

  static async create(commonName: string): Promise<CertificateAuthority> {
    const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: nextSerial(),
      name: `CN=${commonName}`,
      notBefore: new Date(Date.now() - DAY_MS),
      notAfter: new Date(Date.now() + 30 * DAY_MS),
      keys,
      signingAlgorithm: ALG,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ],
    });
    return new CertificateAuthority(commonName, keys, cert);
  }

  get certPem(): string {
    return this.cert.toString('pem');
  }

  /** A leaf certificate for `host` (cached: one per host per CA). */
  issue(host: string): Promise<KeyAndCert> {
    const key = host.toLowerCase();
    let pending = this.issued.get(key);
    if (!pending) {
      pending = this.makeLeaf(key);
      this.issued.set(key, pending);
    }
    return pending;
  }

  private async makeLeaf(host: string): Promise<KeyAndCert> {
    const leafKeys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: nextSerial(),
      subject: `CN=${host}`,
      issuer: this.cert.subject,
      notBefore: new Date(Date.now() - DAY_MS),
      notAfter: new Date(Date.now() + 30 * DAY_MS),
      signingKey: this.keys.privateKey,
      publicKey: leafKeys.publicKey,
      signingAlgorithm: ALG,
      extensions: [
        // An address literal (a server reached as https://192.0.2.1/) is named by an IP SAN.
        new x509.SubjectAlternativeNameExtension([{ type: isIP(host) ? 'ip' : 'dns', value: host }]),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      ],
    });
    const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey);
    return { certPem: `${cert.toString('pem')}\n${this.certPem}`, keyPem: toPem('PRIVATE KEY', pkcs8) };
  }
}
