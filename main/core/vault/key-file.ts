// Private keys at rest: sealed under a passphrase (scrypt, then AES-256-GCM) so that whoever
// copies the data directory gets no key that can sign. The sealed file names its own KDF cost.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto'
import { CustosError } from '../../../shared/errors'

export const SEALED_KEY_FORMAT = 'custos-sealed-key'

/** OWASP's interactive minimum for scrypt: N = 2^17, r = 8, p = 1 (128 MiB, a fraction of a second). */
const DEFAULT_LOG2_N = 17
let log2N = DEFAULT_LOG2_N

/**
 * Tests only (their setup and the test build of the CLI): a cheaper cost for the keys they
 * create, so hundreds of vaults do not each spend 128 MiB. Shipped code never calls it.
 */
export function setSealingCostForTests(log2: number): void {
  log2N = log2
}

interface SealedKeyFile {
  format: typeof SEALED_KEY_FORMAT
  version: 1
  /** What the key is (e.g. "vault-key"): bound into the seal, so files cannot be swapped. */
  purpose: string
  kdf: { name: 'scrypt'; log2N: number; r: number; p: number; salt: string }
  cipher: { name: 'aes-256-gcm'; nonce: string }
  /** PKCS#8 PEM of the private key, sealed; the GCM tag is the last 16 bytes. */
  sealed: string
}

export function isSealedKeyText(text: string): boolean {
  return text.trimStart().startsWith('{')
}

export function sealPrivateKey(pem: string, passphrase: string, purpose: string): string {
  const salt = randomBytes(16)
  const nonce = randomBytes(12)
  const file: Omit<SealedKeyFile, 'sealed'> = {
    format: SEALED_KEY_FORMAT,
    version: 1,
    purpose,
    kdf: { name: 'scrypt', log2N, r: 8, p: 1, salt: salt.toString('base64') },
    cipher: { name: 'aes-256-gcm', nonce: nonce.toString('base64') },
  }
  const kek = deriveKek(passphrase, file.kdf)
  try {
    const cipher = createCipheriv('aes-256-gcm', kek, nonce)
    cipher.setAAD(Buffer.from(`${SEALED_KEY_FORMAT}/1/${purpose}`))
    const sealed = Buffer.concat([cipher.update(pem, 'utf8'), cipher.final(), cipher.getAuthTag()])
    return JSON.stringify({ ...file, sealed: sealed.toString('base64') }, null, 2) + '\n'
  } finally {
    kek.fill(0)
  }
}

/** Opens a sealed key file; a wrong passphrase or an edited file is PASSPHRASE_WRONG (GCM cannot tell them apart). */
export function openSealedKey(text: string, passphrase: string, purpose: string, path: string): string {
  const file = parseSealed(text, path)
  if (file.purpose !== purpose) {
    throw new CustosError('VAULT_KEY_UNREADABLE', `${path} holds the ${file.purpose}, not the ${purpose}. Restore the right file from your backup.`, { path })
  }
  const kek = deriveKek(passphrase, file.kdf)
  try {
    const data = Buffer.from(file.sealed, 'base64')
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(file.cipher.nonce, 'base64'))
    decipher.setAAD(Buffer.from(`${SEALED_KEY_FORMAT}/1/${purpose}`))
    decipher.setAuthTag(data.subarray(data.length - 16))
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8')
  } catch {
    throw new CustosError(
      'PASSPHRASE_WRONG',
      `The passphrase does not unlock ${path} (or the file was changed). Nothing was recorded. Check the passphrase and try again.`,
      { path },
    )
  } finally {
    kek.fill(0)
  }
}

function parseSealed(text: string, path: string): SealedKeyFile {
  try {
    const file = JSON.parse(text) as SealedKeyFile
    const ok =
      file.format === SEALED_KEY_FORMAT &&
      file.version === 1 &&
      file.kdf?.name === 'scrypt' &&
      Number.isInteger(file.kdf.log2N) &&
      file.kdf.log2N >= 10 &&
      file.kdf.log2N <= 22 &&
      file.kdf.r === 8 &&
      file.kdf.p === 1 &&
      file.cipher?.name === 'aes-256-gcm' &&
      typeof file.sealed === 'string' &&
      typeof file.purpose === 'string'
    if (ok) return file
  } catch {
    // fall through: same refusal
  }
  throw new CustosError('VAULT_KEY_UNREADABLE', `${path} is not a sealed Custos key this version reads. Restore it from your backup.`, { path })
}

function deriveKek(passphrase: string, kdf: SealedKeyFile['kdf']): Buffer {
  const N = 2 ** kdf.log2N
  return scryptSync(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, { N, r: kdf.r, p: kdf.p, maxmem: 256 * N * kdf.r + 1024 * 1024 })
}
