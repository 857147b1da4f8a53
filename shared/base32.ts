// Crockford base32, the alphabet of every share payload and typed group: it fits a QR
// code's alphanumeric mode and drops the letters people confuse (I, L, O, U). The coding
// itself is @scure/base's; this module adds typing tolerance and the canonical-text check.
import { base32crockford } from '@scure/base'

export const BASE32_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

const VALUES = new Map<string, number>()
for (let i = 0; i < BASE32_ALPHABET.length; i++) VALUES.set(BASE32_ALPHABET[i]!, i)
// Look-alikes a person may type or a reader may return; each maps to one digit only.
VALUES.set('O', 0)
VALUES.set('I', 1)
VALUES.set('L', 1)

/** Encoding is @scure/base's Crockford base32 (no padding; the last character's unused low bits are zero). */
export function base32Encode(bytes: Uint8Array): string {
  return base32crockford.encode(bytes)
}

/** The value of one character (case and look-alikes folded), or undefined if it is not in the alphabet. */
export function base32Value(char: string): number | undefined {
  return VALUES.get(char.toUpperCase())
}

export type Base32DecodeResult =
  /** canonical is false when the length or the unused low bits are not what an encoder writes. */
  | { ok: true; bytes: Uint8Array; canonical: boolean }
  | { ok: false; reason: 'bad-character'; position: number; character: string }

/**
 * Decodes every character (refusing any outside the alphabet) and reports whether the text is
 * canonical: callers must refuse non-canonical text, or a changed last character could go unnoticed.
 */
export function base32Decode(text: string): Base32DecodeResult {
  const values: number[] = []
  for (let i = 0; i < text.length; i++) {
    const value = base32Value(text[i]!)
    if (value === undefined) return { ok: false, reason: 'bad-character', position: i, character: text[i]! }
    values.push(value)
  }
  // The bytes whole characters carry; the canonical text for them is what an encoder writes.
  const byteCount = Math.floor((values.length * 5) / 8)
  const canonicalLength = Math.ceil((byteCount * 8) / 5)
  const unusedBits = canonicalLength * 5 - byteCount * 8
  const digits = values.slice(0, canonicalLength)
  const given = digits.map((v) => BASE32_ALPHABET[v]).join('')
  if (unusedBits > 0) digits[digits.length - 1]! &= 31 & ~((1 << unusedBits) - 1)
  const canonicalText = digits.map((v) => BASE32_ALPHABET[v]).join('')
  // @scure/base refuses non-zero unused bits, so it decodes the canonical text; the flag says whether that was what was given.
  const bytes = base32crockford.decode(canonicalText)
  return { ok: true, bytes, canonical: values.length === canonicalLength && given === canonicalText }
}
