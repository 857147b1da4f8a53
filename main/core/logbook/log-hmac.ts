// Keyed fingerprints for values the log must match later but never store (a release
// requester's phone number, a bag seal number, an access key id): HMAC-SHA256 under a key
// derived from the vault key's private seed, so the log holds no guessable hash.
import { createHmac, createPrivateKey, hkdfSync } from 'node:crypto'
import type { VaultKey } from '../vault/vault-key'

export const LOG_HMAC_SALT = 'custos.logbook.hmac.v1'

/**
 * HKDF-SHA256(ikm = the 32-byte Ed25519 private seed, salt = "custos.logbook.hmac.v1",
 * info = purpose) -> 32 bytes. One key per purpose, so values of different kinds never
 * match each other. Changes when the vault key rotates: record `hmacKeyFingerprint`.
 */
export function logHmacKey(key: VaultKey, purpose: string): Buffer {
  const der = createPrivateKey({ key: key.toPrivatePem(), format: 'pem' }).export({ format: 'der', type: 'pkcs8' })
  const seed = der.subarray(der.length - 32)
  try {
    return Buffer.from(hkdfSync('sha256', seed, LOG_HMAC_SALT, purpose, 32))
  } finally {
    seed.fill(0)
  }
}

/** Lower-case hex HMAC-SHA256 of `value` (UTF-8 if a string) under the purpose's key. */
export function logHmac(key: VaultKey, purpose: string, value: string | Uint8Array): string {
  const k = logHmacKey(key, purpose)
  try {
    return createHmac('sha256', k).update(value).digest('hex')
  } finally {
    k.fill(0)
  }
}

/** Constant-time comparison of a candidate value against a logged HMAC. */
export function matchesLogHmac(key: VaultKey, purpose: string, value: string | Uint8Array, logged: string): boolean {
  const candidate = Buffer.from(logHmac(key, purpose, value), 'hex')
  const expected = Buffer.from(logged, 'hex')
  return candidate.length === expected.length && candidate.length > 0 && timingSafeEqualBytes(candidate, expected)
}

function timingSafeEqualBytes(a: Buffer, b: Buffer): boolean {
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}
