// The vault's X.509 identity for signed audit PDFs: a root CA that auditors import once and
// a signing certificate it issues. pdfsig cannot check Ed25519, and a self-signed leaf never
// shows as trusted, hence RSA and two certificates.
import { createHash, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import forge from 'node-forge'
import { CustosError } from '../../../shared/errors'
import type { Clock } from '../clock'

import { AUDIT_ROOT_CERT_FILE } from './audit-names'
import { isSealedKeyText, openSealedKey, sealPrivateKey } from '../vault/key-file'

export { AUDIT_ROOT_CERT_FILE } from './audit-names'
export const AUDIT_ROOT_KEY_FILE = 'audit-root-key.sealed'
export const AUDIT_SIGNER_CERT_FILE = 'audit-signer-cert.pem'
export const AUDIT_SIGNER_KEY_FILE = 'audit-signer-key.sealed'

/** RSA-3072: accepted by every PDF reader and NSS, and sized for the 7-year retention period. */
const RSA_BITS = 3072
/** Exports must stay checkable for the retention period; the root outlives the signer. */
const ROOT_YEARS = 30
const SIGNER_YEARS = 25

export interface VaultIdentity {
  name: string
  /** The Ed25519 vault key fingerprint; carried in both certificates to bind them to the log key. */
  fingerprint: string
  /** The passphrase the audit keys are sealed under: the vault key's, proven by unlocking it. */
  passphrase: () => string
}

export interface AuditCertificates {
  rootPem: string
  signerPem: string
  signerKeyPem: string
  /** SHA-256 of the DER certificate, upper-case hex with colons (as pdfsig and browsers show it). */
  rootSha256: string
  signerSha256: string
}

export function certificateSha256(pem: string): string {
  return new X509Certificate(pem).fingerprint256
}

export function auditCertificatesExist(dataDir: string): boolean {
  return existsSync(join(dataDir, AUDIT_SIGNER_CERT_FILE)) && existsSync(join(dataDir, AUDIT_SIGNER_KEY_FILE))
}

/** Loads the vault's audit certificates, creating them on first use (vaults made before this feature). */
export function ensureAuditCertificates(dataDir: string, vault: VaultIdentity, clock: Clock): AuditCertificates {
  if (!auditCertificatesExist(dataDir)) createAuditCertificates(dataDir, vault, clock)
  return loadAuditCertificates(dataDir, vault)
}

export function loadAuditCertificates(dataDir: string, vault: VaultIdentity): AuditCertificates {
  const read = (file: string) => {
    try {
      return readFileSync(join(dataDir, file), 'utf8')
    } catch {
      throw new CustosError(
        'AUDIT_CERT_UNREADABLE',
        `The audit certificate file ${join(dataDir, file)} is missing or unreadable. Restore it from your backup ` +
          'so exports keep verifying against the root certificate auditors already hold.',
      )
    }
  }
  const rootPem = read(AUDIT_ROOT_CERT_FILE)
  const signerPem = read(AUDIT_SIGNER_CERT_FILE)
  const signerKeyText = read(AUDIT_SIGNER_KEY_FILE)
  // Sealed under the vault's passphrase; certificates made before sealing hold a plain PEM.
  const signerKeyPem = isSealedKeyText(signerKeyText)
    ? openSealedKey(signerKeyText, vault.passphrase(), 'audit-signer-key', join(dataDir, AUDIT_SIGNER_KEY_FILE))
    : signerKeyText
  let root: X509Certificate
  let signer: X509Certificate
  try {
    root = new X509Certificate(rootPem)
    signer = new X509Certificate(signerPem)
  } catch {
    throw new CustosError('AUDIT_CERT_UNREADABLE', `The audit certificates in ${dataDir} are damaged. Restore them from your backup.`)
  }
  if (!signer.verify(root.publicKey) || !signer.checkIssued(root)) {
    throw new CustosError(
      'AUDIT_CERT_UNREADABLE',
      `The audit signing certificate in ${dataDir} was not issued by the vault's audit root. Restore the matching pair.`,
    )
  }
  if (vaultFingerprintOfCertificate(signerPem) !== vault.fingerprint) {
    throw new CustosError(
      'AUDIT_CERT_UNREADABLE',
      `The audit signing certificate in ${dataDir} belongs to another vault key. Restore the matching certificate files.`,
    )
  }
  return {
    rootPem,
    signerPem,
    signerKeyPem,
    rootSha256: root.fingerprint256,
    signerSha256: signer.fingerprint256,
  }
}

const VAULT_KEY_PREFIX = 'Custos vault key '

/** The Ed25519 vault key fingerprint a certificate was issued for (its OU), or undefined. */
export function vaultFingerprintOfCertificate(pem: string): string | undefined {
  const cert = forge.pki.certificateFromPem(pem)
  const ou = cert.subject.getField('OU') as { value?: string } | null
  const value = ou?.value
  return typeof value === 'string' && value.startsWith(VAULT_KEY_PREFIX) ? value.slice(VAULT_KEY_PREFIX.length) : undefined
}

function createAuditCertificates(dataDir: string, vault: VaultIdentity, clock: Clock): void {
  const rootKeys = rsaKeyPair()
  const signerKeys = rsaKeyPair()
  // Certificates must already be valid when pdfsig checks them on the real clock, even when the
  // clock is pinned for a scripted scenario (the tests' fake clock); so start from the earlier one.
  const start = new Date(Math.min(clock.now().getTime(), Date.now()) - 24 * 3600_000)
  const rootName = subject(vault, `Custos audit root: ${vault.name}`)
  const root = forge.pki.createCertificate()
  root.publicKey = rootKeys.forgePublic
  root.serialNumber = serialNumber()
  root.validity.notBefore = start
  root.validity.notAfter = addYears(start, ROOT_YEARS)
  root.setSubject(rootName)
  root.setIssuer(rootName)
  root.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ])
  root.sign(rootKeys.forgePrivate, forge.md.sha256.create())

  const signer = forge.pki.createCertificate()
  signer.publicKey = signerKeys.forgePublic
  signer.serialNumber = serialNumber()
  signer.validity.notBefore = start
  signer.validity.notAfter = addYears(start, SIGNER_YEARS)
  signer.setSubject(subject(vault, `Custos audit signer: ${vault.name}`))
  signer.setIssuer(rootName)
  signer.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: root.generateSubjectKeyIdentifier().getBytes() },
  ])
  signer.sign(rootKeys.forgePrivate, forge.md.sha256.create())

  // Private keys first and exclusively (0600), certificates last: a half-made set is never "present".
  const passphrase = vault.passphrase()
  writeSecret(join(dataDir, AUDIT_ROOT_KEY_FILE), sealPrivateKey(rootKeys.privatePem, passphrase, 'audit-root-key'))
  writeSecret(join(dataDir, AUDIT_SIGNER_KEY_FILE), sealPrivateKey(signerKeys.privatePem, passphrase, 'audit-signer-key'))
  writeFileSync(join(dataDir, AUDIT_ROOT_CERT_FILE), forge.pki.certificateToPem(root), { mode: 0o644 })
  writeFileSync(join(dataDir, AUDIT_SIGNER_CERT_FILE), forge.pki.certificateToPem(signer), { mode: 0o644 })
}

function writeSecret(path: string, pem: string): void {
  writeFileSync(path, pem, { mode: 0o600 })
  chmodSync(path, 0o600) // an existing file keeps its old mode on overwrite
}

function rsaKeyPair() {
  // node:crypto generates RSA natively (forge's pure-JS keygen takes seconds for 3072 bits).
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: RSA_BITS })
  const privatePem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
  const forgePrivate = forge.pki.privateKeyFromPem(privatePem) as forge.pki.rsa.PrivateKey
  const forgePublic = forge.pki.setRsaPublicKey(forgePrivate.n, forgePrivate.e)
  return { privatePem, forgePrivate, forgePublic }
}

function subject(vault: VaultIdentity, commonName: string): forge.pki.CertificateField[] {
  const utf8 = (value: string): forge.pki.CertificateField => ({
    value: forge.util.encodeUtf8(value),
    valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class,
  })
  return [
    { shortName: 'CN', ...utf8(commonName.slice(0, 64)) },
    { shortName: 'O', ...utf8('Custos') },
    { shortName: 'OU', ...utf8(`${VAULT_KEY_PREFIX}${vault.fingerprint}`) },
  ]
}

function serialNumber(): string {
  // 16 random bytes with the top bit cleared: a positive INTEGER, unique per certificate.
  const bytes = randomBytes(16)
  bytes[0] = (bytes[0] ?? 0) & 0x7f
  return bytes.toString('hex')
}

function addYears(date: Date, years: number): Date {
  const next = new Date(date)
  next.setUTCFullYear(next.getUTCFullYear() + years)
  return next
}

/** SHA-256 hex of bytes; small helper shared by the audit modules. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
