// The vault's Ed25519 identity: it signs every share and every logbook checkpoint, and its
// fingerprint is what sheets carry so a sheet can be matched to its vault.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'
import { base32Encode } from '../../../shared/base32'
import { CustosError } from '../../../shared/errors'
import { FINGERPRINT_BYTES } from '../../../shared/share-format'

export interface VaultPublicKey {
  /** Raw 32-byte Ed25519 public key. */
  readonly raw: Uint8Array
  /** 16 base32 characters: SHA-256(raw)[0..10]. */
  readonly fingerprint: string
  verify(message: Uint8Array, signature: Uint8Array): boolean
}

export interface VaultKey extends VaultPublicKey {
  sign(message: Uint8Array): Uint8Array
  /** PKCS#8 PEM, for the 0600 key file only. */
  toPrivatePem(): string
}

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

export function fingerprintOf(rawPublicKey: Uint8Array): string {
  return base32Encode(createHash('sha256').update(rawPublicKey).digest().subarray(0, FINGERPRINT_BYTES))
}

export function publicKeyFromRaw(raw: Uint8Array): VaultPublicKey {
  const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' })
  return wrapPublic(key, raw)
}

export function generateVaultKey(): VaultKey {
  const { privateKey } = generateKeyPairSync('ed25519')
  return wrapPrivate(privateKey)
}

export function vaultKeyFromPem(pem: string): VaultKey {
  return wrapPrivate(createPrivateKey({ key: pem, format: 'pem' }))
}

/**
 * A key whose private half stays sealed until something must be signed: reading and verifying
 * never ask for the passphrase. `unlockPem` returns the PKCS#8 PEM; it runs once per key.
 */
export function lockedVaultKey(raw: Uint8Array, unlockPem: () => string): VaultKey {
  let unlocked: VaultKey | undefined
  const privateKey = (): VaultKey => {
    if (unlocked) return unlocked
    const key = wrapPrivate(createPrivateKey({ key: unlockPem(), format: 'pem' }))
    if (Buffer.compare(Buffer.from(key.raw), Buffer.from(raw)) !== 0) {
      throw new CustosError('VAULT_KEY_UNREADABLE', 'The sealed vault key does not belong to this vault (its public key differs from vault.json). Restore both from the same backup.')
    }
    return (unlocked = key)
  }
  return {
    ...publicKeyFromRaw(raw),
    sign: (message) => privateKey().sign(message),
    toPrivatePem: () => privateKey().toPrivatePem(),
  }
}

function rawOf(publicKey: KeyObject): Uint8Array {
  const der = publicKey.export({ format: 'der', type: 'spki' })
  return new Uint8Array(der.subarray(der.length - 32))
}

function wrapPublic(key: KeyObject, raw: Uint8Array): VaultPublicKey {
  return {
    raw,
    fingerprint: fingerprintOf(raw),
    verify: (message, signature) => {
      try {
        return verify(null, message, key, signature)
      } catch {
        return false
      }
    },
  }
}

function wrapPrivate(privateKey: KeyObject): VaultKey {
  const publicKey = createPublicKey(privateKey)
  const raw = rawOf(publicKey)
  return {
    ...wrapPublic(publicKey, raw),
    sign: (message) => new Uint8Array(sign(null, message, privateKey)),
    toPrivatePem: () => privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  }
}
