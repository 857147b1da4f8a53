// What checks a sheet and a recovery without the vault: the Ed25519 signature of a share
// under a given public key, and the per-set receipt key derived from the data key (HKDF),
// whose public half every version 2 sheet carries. Pure (@noble/*), so a browser can run it.
import { ed25519 } from '@noble/curves/ed25519'
import { hkdf } from '@noble/hashes/hkdf'
import { sha256 } from '@noble/hashes/sha2'
import { signedMessage, type Share } from './share-format'

/** HKDF-SHA256 salt of the receipt key; the info is the set id's 8 ASCII characters. */
export const RECEIPT_KEY_SALT = 'custos.receipt-key.v2'

const utf8 = new TextEncoder()

/** True when `publicKey` (raw 32 bytes) signed this share. Never throws on bad input. */
export function verifyShareSignature(share: Share, publicKey: Uint8Array): boolean {
  try {
    return ed25519.verify(share.signature, signedMessage(share), publicKey)
  } catch {
    return false
  }
}

/**
 * The set's receipt-signing key: an Ed25519 seed derived from the 32-byte data key, so only
 * someone who recombined a quorum can sign a receipt for this set. Callers zero it after use.
 */
export function receiptSeed(dataKey: Uint8Array, setId: string): Uint8Array {
  return hkdf(sha256, dataKey, utf8.encode(RECEIPT_KEY_SALT), utf8.encode(setId), 32)
}

export function receiptPublicKeyOf(seed: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(seed)
}

export function signWithSeed(seed: Uint8Array, message: Uint8Array): Uint8Array {
  return ed25519.sign(message, seed)
}

export function verifyWithPublicKey(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, publicKey)
  } catch {
    return false
  }
}
