// K-of-N Shamir over GF(2^8) for the 32-byte data key, through secrets.js-grempe.
// Each share value is one byte per byte of (0x01 || key); docs/FORMAT.md gives the maths.
import secrets from 'secrets.js-grempe'

const BITS = 8
const PAD_TO_BITS = 8

export interface ShamirPoint {
  index: number
  value: Uint8Array
}

export function splitKey(key: Uint8Array, threshold: number, total: number): ShamirPoint[] {
  const hexShares = secrets.share(Buffer.from(key).toString('hex'), total, threshold, PAD_TO_BITS)
  return hexShares.map((hex) => {
    const parts = secrets.extractShareComponents(hex)
    return { index: parts.id, value: new Uint8Array(Buffer.from(parts.data, 'hex')) }
  })
}

/** The key the points lie on, or undefined if they cannot be the points of a 32-byte key. */
export function combineKey(points: ShamirPoint[]): Buffer | undefined {
  const hexShares = points.map(
    (p) => BITS.toString(36).toUpperCase() + p.index.toString(16).padStart(2, '0') + Buffer.from(p.value).toString('hex'),
  )
  let hex: string
  try {
    hex = secrets.combine(hexShares)
  } catch {
    return undefined
  }
  return hex.length === 64 ? Buffer.from(hex, 'hex') : undefined
}
