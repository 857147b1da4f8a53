// The share payload codec (format version 1): the bytes a sheet's QR code and typed
// groups carry, as specified in docs/FORMAT.md. Pure: parsing checks structure and the
// checksum; signatures and the envelope are checked by main/core with the vault key.
import { sha256 } from '@noble/hashes/sha2'
import { base32Decode, base32Encode } from './base32'
import { CustosError } from './errors'

export const SHARE_FORMAT_VERSION = 1
export const PAYLOAD_PREFIX = 'CUSTOS:'
export const SIGNATURE_DOMAIN = 'CUSTOS-SHARE-V1'
export const SET_ID_BYTES = 5
export const FINGERPRINT_BYTES = 10
export const MAX_LABEL_BYTES = 64
export const MIN_SHARES = 2
export const MAX_SHARES = 16
const SIGNATURE_BYTES = 64
const CHECKSUM_BYTES = 4

/** What every share of one set has in common; its bytes are the envelope's associated data. */
export interface SetHeader {
  version: number
  /** 8 base32 characters, fresh for every split. */
  setId: string
  threshold: number
  total: number
  /** 16 base32 characters: the first 10 bytes of SHA-256 over the vault's raw Ed25519 public key. */
  vaultFingerprint: string
  /** Printed only if the vault owner chose one; may be empty. */
  label: string
}

export interface Share {
  header: SetHeader
  /** 1..total: the Shamir x-coordinate. */
  index: number
  /** Shamir y-values, one byte per byte of (0x01 || data key). */
  value: Uint8Array
  /** nonce (12) || AES-256-GCM ciphertext || tag (16). */
  sealed: Uint8Array
  signature: Uint8Array
}

const utf8 = new TextEncoder()
const utf8Decoder = new TextDecoder('utf-8', { fatal: true })

export function encodeSetHeader(header: SetHeader): Uint8Array {
  const setId = decodeFixed(header.setId, SET_ID_BYTES, 'set id')
  const fingerprint = decodeFixed(header.vaultFingerprint, FINGERPRINT_BYTES, 'vault fingerprint')
  const label = utf8.encode(header.label)
  if (label.length > MAX_LABEL_BYTES) {
    throw new CustosError(
      'POLICY_INVALID',
      `The label is ${label.length} bytes long; at most ${MAX_LABEL_BYTES} fit on a sheet. Shorten it.`,
    )
  }
  return concat([
    [header.version, ...setId, header.threshold, header.total, ...fingerprint, label.length],
    label,
  ])
}

/** The bytes the vault key signs: a domain tag, then everything up to the signature. */
export function signedMessage(share: Omit<Share, 'signature'>): Uint8Array {
  return concat([utf8.encode(SIGNATURE_DOMAIN), [0], shareBodyWithoutSignature(share)])
}

function shareBodyWithoutSignature(share: Omit<Share, 'signature'>): Uint8Array {
  if (share.value.length > 255) throw new CustosError('INTERNAL', 'Share value longer than 255 bytes.')
  if (share.sealed.length > 0xffff) throw new CustosError('INTERNAL', 'Sealed bundle longer than 65535 bytes.')
  return concat([
    encodeSetHeader(share.header),
    [share.index, share.value.length],
    share.value,
    [share.sealed.length >>> 8, share.sealed.length & 0xff],
    share.sealed,
  ])
}

export function encodeShare(share: Share): Uint8Array {
  const signed = concat([shareBodyWithoutSignature(share), share.signature])
  return concat([signed, sha256(signed).subarray(0, CHECKSUM_BYTES)])
}

/** The QR payload: prefix plus base32, uppercase alphanumeric-mode text only. */
export function formatPayload(share: Share): string {
  return PAYLOAD_PREFIX + base32Encode(encodeShare(share))
}

/** The base32 body of a payload (what typed groups carry), without the prefix. */
export function payloadBody(payload: string): string {
  return payload.startsWith(PAYLOAD_PREFIX) ? payload.slice(PAYLOAD_PREFIX.length) : payload
}

/**
 * Parses one payload text. Refuses anything that is not a complete, intact version-1 share;
 * `source` names the share in messages (a file name, "sheet 2", ...).
 */
export function parsePayload(text: string, source = 'This share'): Share {
  const trimmed = text.trim().toUpperCase()
  if (!trimmed.startsWith(PAYLOAD_PREFIX)) {
    throw new CustosError(
      'SHARE_UNREADABLE',
      `${source} is not a Custos share: its text should start with "${PAYLOAD_PREFIX}". ` +
        'Check that you scanned the large QR code on a Custos sheet or chose a share file.',
      { source },
    )
  }
  const decoded = base32Decode(trimmed.slice(PAYLOAD_PREFIX.length))
  if (!decoded.ok) {
    throw new CustosError(
      'SHARE_UNREADABLE',
      `${source} contains "${decoded.character}" at character ${decoded.position + 1}, which never appears ` +
        'in a share. Scan the sheet again or retype that part.',
      { source, position: decoded.position + 1 },
    )
  }
  const bytes = decoded.bytes
  if (bytes.length >= 1 && bytes[0] !== SHARE_FORMAT_VERSION) {
    throw new CustosError(
      'SHARE_VERSION_UNSUPPORTED',
      `${source} uses share format version ${bytes[0]}, but this Custos reads version ${SHARE_FORMAT_VERSION}. ` +
        'Use a Custos release that supports it, or a sheet from a current set.',
      { source, version: bytes[0] },
    )
  }
  const structure = readStructure(bytes)
  if (structure === 'short') {
    throw new CustosError(
      'SHARE_TRUNCATED',
      `${source} is incomplete: it ends before all its parts (${bytes.length} bytes read). ` +
        'Scan the whole QR code again or type every group.',
      { source, bytes: bytes.length },
    )
  }
  const { share, end } = structure
  const expected = sha256(bytes.subarray(0, end)).subarray(0, CHECKSUM_BYTES)
  const given = bytes.subarray(end)
  if (!decoded.canonical || given.length !== CHECKSUM_BYTES || !equalBytes(expected, given)) {
    throw given.length < CHECKSUM_BYTES
      ? new CustosError(
          'SHARE_TRUNCATED',
          `${source} is incomplete: its checksum is cut off. Scan the whole QR code again or type every group.`,
          { source },
        )
      : damaged(source)
  }
  validateHeader(share, source)
  return share
}

function damaged(source: string): CustosError {
  return new CustosError(
    'SHARE_CHECKSUM_MISMATCH',
    `${source} is damaged: its checksum does not match, so at least one character was misread or mistyped. ` +
      'Scan it again, type it again, or use another copy of the same share.',
    { source },
  )
}

function validateHeader(share: Share, source: string): void {
  const { threshold, total } = share.header
  if (threshold < MIN_SHARES || total > MAX_SHARES || threshold > total) {
    throw new CustosError(
      'SHARE_UNREADABLE',
      `${source} declares ${threshold}-of-${total}, which Custos never issues. It was not made by Custos.`,
      { source },
    )
  }
  if (share.index < 1 || share.index > total) {
    throw new CustosError(
      'SHARE_INDEX_OUT_OF_RANGE',
      `${source} says it is share ${share.index} of ${total}, which cannot be. It was not made by Custos.`,
      { source, index: share.index },
    )
  }
}

type Structure = { share: Share; end: number } | 'short'

function readStructure(bytes: Uint8Array): Structure {
  let at = 0
  const take = (n: number): Uint8Array | undefined => {
    if (at + n > bytes.length) return undefined
    const part = bytes.subarray(at, at + n)
    at += n
    return part
  }
  const fixed = take(1 + SET_ID_BYTES + 2 + FINGERPRINT_BYTES + 1)
  if (!fixed) return 'short'
  const labelBytes = take(fixed[fixed.length - 1]!)
  const indexAndLength = labelBytes && take(2)
  const value = indexAndLength && take(indexAndLength[1]!)
  const sealedLength = value && take(2)
  const sealed = sealedLength && take((sealedLength[0]! << 8) | sealedLength[1]!)
  const signature = sealed && take(SIGNATURE_BYTES)
  if (!labelBytes || !indexAndLength || !value || !sealed || !signature) return 'short'
  let label: string
  try {
    label = utf8Decoder.decode(labelBytes)
  } catch {
    label = '\uFFFD'
  }
  const header: SetHeader = {
    version: fixed[0]!,
    setId: base32Encode(fixed.subarray(1, 1 + SET_ID_BYTES)),
    threshold: fixed[1 + SET_ID_BYTES]!,
    total: fixed[2 + SET_ID_BYTES]!,
    vaultFingerprint: base32Encode(fixed.subarray(3 + SET_ID_BYTES, 3 + SET_ID_BYTES + FINGERPRINT_BYTES)),
    label,
  }
  return {
    share: {
      header,
      index: indexAndLength[0]!,
      value: value.slice(),
      sealed: sealed.slice(),
      signature: signature.slice(),
    },
    end: at,
  }
}

function decodeFixed(text: string, length: number, what: string): Uint8Array {
  const decoded = base32Decode(text)
  if (!decoded.ok || decoded.bytes.length !== length) {
    throw new CustosError('INTERNAL', `The ${what} "${text}" is not ${length} bytes of base32.`)
  }
  return decoded.bytes
}

function concat(parts: ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

/** Groups a fingerprint or set id for reading aloud: 4K7Q-2M4X-A9B3-C0DE. */
export function groupForDisplay(text: string, size = 4): string {
  return text.match(new RegExp(`.{1,${size}}`, 'g'))?.join('-') ?? text
}

/** Two shares with the same bytes are copies of one share (several copies are printed). */
export function sameShare(a: Share, b: Share): boolean {
  return equalBytes(encodeShare(a), encodeShare(b))
}
