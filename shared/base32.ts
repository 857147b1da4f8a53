// Crockford base32, the alphabet of every share payload and typed group: it fits a QR
// code's alphanumeric mode and drops the letters people confuse (I, L, O, U).

export const BASE32_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

const VALUES = new Map<string, number>()
for (let i = 0; i < BASE32_ALPHABET.length; i++) VALUES.set(BASE32_ALPHABET[i]!, i)
// Look-alikes a person may type or a reader may return; each maps to one digit only.
VALUES.set('O', 0)
VALUES.set('I', 1)
VALUES.set('L', 1)

export function base32Encode(bytes: Uint8Array): string {
  let out = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31]
      bits -= 5
    }
    buffer &= (1 << bits) - 1
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31]
  return out
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
  const bytes = new Uint8Array(Math.floor((text.length * 5) / 8))
  let buffer = 0
  let bits = 0
  let at = 0
  for (let i = 0; i < text.length; i++) {
    const value = base32Value(text[i]!)
    if (value === undefined) return { ok: false, reason: 'bad-character', position: i, character: text[i]! }
    buffer = ((buffer << 5) | value) & 0xffff
    bits += 5
    if (bits >= 8) {
      bytes[at++] = (buffer >>> (bits - 8)) & 0xff
      bits -= 8
    }
  }
  const canonical = bits < 5 && (buffer & ((1 << bits) - 1)) === 0
  return { ok: true, bytes, canonical }
}
