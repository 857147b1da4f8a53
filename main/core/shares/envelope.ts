// The credential envelope: the bundle sealed with a random 256-bit data key under
// AES-256-GCM, the set header bound in as associated data. Only the data key is split.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

const NONCE_BYTES = 12
const TAG_BYTES = 16

export function newDataKey(): Buffer {
  return randomBytes(32)
}

export function seal(plaintext: Uint8Array, dataKey: Uint8Array, associatedData: Uint8Array): Uint8Array {
  const nonce = randomBytes(NONCE_BYTES)
  const cipher = createCipheriv('aes-256-gcm', dataKey, nonce)
  cipher.setAAD(associatedData)
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return new Uint8Array(Buffer.concat([nonce, body, cipher.getAuthTag()]))
}

/** The plaintext, or undefined when the key, the header or the sealed bytes are not the ones sealed together. */
export function open(sealed: Uint8Array, dataKey: Uint8Array, associatedData: Uint8Array): Buffer | undefined {
  if (sealed.length < NONCE_BYTES + TAG_BYTES || dataKey.length !== 32) return undefined
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, sealed.subarray(0, NONCE_BYTES))
    decipher.setAAD(associatedData)
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES))
    return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()])
  } catch {
    return undefined
  }
}
