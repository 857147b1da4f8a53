// The share payload codec (format versions 1 and 2): the bytes a sheet's QR code and typed
// groups carry, as specified in docs/FORMAT.md. Pure (no Node APIs, so a browser page can
// bundle it): parsing checks structure, field values and the checksum; signatures and the
// envelope are checked elsewhere (shared/share-auth.ts, main/core/shares).
import { sha256 } from '@noble/hashes/sha2'
import { base32Decode, base32Encode } from './base32'
import { CustosError } from './errors'

/** The version new sets are issued in; version 1 sheets are still read (and always will be). */
export const SHARE_FORMAT_VERSION = 2
export const READABLE_VERSIONS: readonly number[] = [1, 2]
export const PAYLOAD_PREFIX = 'CUSTOS:'
export const SIGNATURE_DOMAIN = 'CUSTOS-SHARE-V1'
export const SIGNATURE_DOMAIN_V2 = 'CUSTOS-SHARE-V2'
export const PUBLIC_KEY_BYTES = 32
export const SHARE_VALUE_BYTES = 33
/** AES-256-GCM nonce (12) and tag (16): a sealed bundle is never shorter. */
export const MIN_SEALED_BYTES = 28
export const MAX_COPY = 255
export const SET_ID_BYTES = 5
export const FINGERPRINT_BYTES = 10
export const MAX_LABEL_BYTES = 64
export const MIN_SHARES = 2
export const MAX_SHARES = 16
const SIGNATURE_BYTES = 64
const CHECKSUM_BYTES = 4

/** What every share of one set has in common; its bytes are the envelope's associated data. */
export interface SetHeader {
  /** 1 or 2 (docs/FORMAT.md section 2 and 4). */
  version: number
  /** 8 base32 characters, fresh for every split. */
  setId: string
  threshold: number
  total: number
  /** 16 base32 characters: the first 10 bytes of SHA-256 over the vault's raw Ed25519 public key. */
  vaultFingerprint: string
  /** Printed only if the vault owner chose one; may be empty. */
  label: string
  /** Version 2: the vault's raw 32-byte Ed25519 public key, carried on every sheet (its hash is the fingerprint). */
  vaultPublicKey?: Uint8Array
  /** Version 2: the set's raw 32-byte receipt public key (HKDF from the data key; shared/share-auth.ts). */
  receiptPublicKey?: Uint8Array
}

export interface Share {
  header: SetHeader
  /** 1..total: the Shamir x-coordinate. */
  index: number
  /**
   * Version 2: which printed copy of the share this sheet is (1..255), signed, so a sheet names
   * its custodian. Version 1 sheets have none (every copy carries the same bytes).
   */
  copy?: number
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
  const label = utf8.encode(header.label)
  if (label.length > MAX_LABEL_BYTES) {
    throw new CustosError(
      'POLICY_INVALID',
      `The label is ${label.length} bytes long; at most ${MAX_LABEL_BYTES} fit on a sheet. Shorten it.`,
    )
  }
  if (header.version === 1) {
    const fingerprint = decodeFixed(header.vaultFingerprint, FINGERPRINT_BYTES, 'vault fingerprint')
    return concat([
      [header.version, ...setId, header.threshold, header.total, ...fingerprint, label.length],
      label,
    ])
  }
  const vaultKey = header.vaultPublicKey
  const receiptKey = header.receiptPublicKey
  if (vaultKey?.length !== PUBLIC_KEY_BYTES || receiptKey?.length !== PUBLIC_KEY_BYTES) {
    throw new CustosError('INTERNAL', 'A version 2 set header needs the vault and receipt public keys (32 bytes each).')
  }
  return concat([[header.version, ...setId, header.threshold, header.total], vaultKey, receiptKey, [label.length], label])
}

/** The vault fingerprint of a raw public key: base32 of SHA-256(key)[0..10]. */
export function fingerprintOfPublicKey(raw: Uint8Array): string {
  return base32Encode(sha256(raw).subarray(0, FINGERPRINT_BYTES))
}

/** The bytes the vault key signs: a domain tag, then everything up to the signature. */
export function signedMessage(share: Omit<Share, 'signature'>): Uint8Array {
  const domain = share.header.version === 1 ? SIGNATURE_DOMAIN : SIGNATURE_DOMAIN_V2
  return concat([utf8.encode(domain), [0], shareBodyWithoutSignature(share)])
}

function shareBodyWithoutSignature(share: Omit<Share, 'signature'>): Uint8Array {
  if (share.value.length > 255) throw new CustosError('INTERNAL', 'Share value longer than 255 bytes.')
  if (share.sealed.length > 0xffff) throw new CustosError('INTERNAL', 'Sealed bundle longer than 65535 bytes.')
  const sealedLength = [share.sealed.length >>> 8, share.sealed.length & 0xff]
  if (share.header.version === 1) {
    return concat([encodeSetHeader(share.header), [share.index, share.value.length], share.value, sealedLength, share.sealed])
  }
  // Version 2 puts what every share of the set has in common first, so the typed lines of
  // the set header and sealed bundle are identical on every sheet and typed once per set.
  const copy = share.copy ?? 1
  if (!Number.isInteger(copy) || copy < 0 || copy > MAX_COPY) throw new CustosError('INTERNAL', `Copy number ${copy} is out of range.`)
  return concat([encodeSetHeader(share.header), sealedLength, share.sealed, [share.index, copy, share.value.length], share.value])
}

/** How many leading bytes every share of this share's set has in common (set header, sealed length, sealed). */
export function commonPrefixBytes(share: Omit<Share, 'signature'>): number {
  if (share.header.version === 1) return encodeSetHeader(share.header).length
  return encodeSetHeader(share.header).length + 2 + share.sealed.length
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
  // Surrounding white space (a newline at the end of a share file) is dropped; case is folded.
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
  if (bytes.length >= 1 && !READABLE_VERSIONS.includes(bytes[0]!)) {
    throw new CustosError(
      'SHARE_VERSION_UNSUPPORTED',
      `${source} uses share format version ${bytes[0]}, but this Custos reads versions ${READABLE_VERSIONS.join(' and ')}. ` +
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
  validateFields(share, structure.labelValid, source)
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

/** Field values Custos never writes, each with its own message (docs/FORMAT.md 2.6 step 5). */
function validateFields(share: Share, labelValid: boolean, source: string): void {
  const invalid = (field: string, what: string) =>
    new CustosError('SHARE_FIELD_INVALID', `${source} ${what}, which Custos never writes. It was not made by Custos, or it is damaged.`, {
      source,
      field,
    })
  if (!labelValid) throw invalid('label', 'has a label that is not UTF-8 text')
  if (utf8.encode(share.header.label).length > MAX_LABEL_BYTES) throw invalid('label', `has a label longer than ${MAX_LABEL_BYTES} bytes`)
  if (share.value.length !== SHARE_VALUE_BYTES) throw invalid('value', `has a share value of ${share.value.length} bytes instead of ${SHARE_VALUE_BYTES}`)
  if (share.sealed.length < MIN_SEALED_BYTES) throw invalid('sealed', `has a sealed bundle of ${share.sealed.length} bytes, too short for its nonce and tag`)
  if (share.header.version !== 1 && (share.copy === undefined || share.copy < 1)) throw invalid('copy', 'has copy number 0')
}

type Structure = { share: Share; end: number; labelValid: boolean } | 'short'

function readStructure(bytes: Uint8Array): Structure {
  let at = 0
  const take = (n: number): Uint8Array | undefined => {
    if (at + n > bytes.length) return undefined
    const part = bytes.subarray(at, at + n)
    at += n
    return part
  }
  const v2 = bytes[0] === 2
  const fixed = take(v2 ? 1 + SET_ID_BYTES + 2 + 2 * PUBLIC_KEY_BYTES + 1 : 1 + SET_ID_BYTES + 2 + FINGERPRINT_BYTES + 1)
  if (!fixed) return 'short'
  const labelBytes = take(fixed[fixed.length - 1]!)
  if (!labelBytes) return 'short'
  let index: number, copy: number | undefined, value: Uint8Array | undefined, sealed: Uint8Array | undefined
  if (v2) {
    const sealedLength = take(2)
    sealed = sealedLength && take((sealedLength[0]! << 8) | sealedLength[1]!)
    const indexCopyLength = sealed && take(3)
    value = indexCopyLength && take(indexCopyLength[2]!)
    index = indexCopyLength?.[0] ?? 0
    copy = indexCopyLength?.[1]
  } else {
    const indexAndLength = take(2)
    value = indexAndLength && take(indexAndLength[1]!)
    const sealedLength = value && take(2)
    sealed = sealedLength && take((sealedLength[0]! << 8) | sealedLength[1]!)
    index = indexAndLength?.[0] ?? 0
  }
  const signature = sealed && value && take(SIGNATURE_BYTES)
  if (!value || !sealed || !signature) return 'short'
  let label: string
  let labelValid = true
  try {
    label = utf8Decoder.decode(labelBytes)
  } catch {
    label = '\uFFFD'
    labelValid = false
  }
  const common = {
    version: fixed[0]!,
    setId: base32Encode(fixed.subarray(1, 1 + SET_ID_BYTES)),
    threshold: fixed[1 + SET_ID_BYTES]!,
    total: fixed[2 + SET_ID_BYTES]!,
    label,
  }
  let header: SetHeader
  if (v2) {
    const keys = 3 + SET_ID_BYTES
    const vaultPublicKey = fixed.slice(keys, keys + PUBLIC_KEY_BYTES)
    header = {
      ...common,
      vaultFingerprint: fingerprintOfPublicKey(vaultPublicKey),
      vaultPublicKey,
      receiptPublicKey: fixed.slice(keys + PUBLIC_KEY_BYTES, keys + 2 * PUBLIC_KEY_BYTES),
    }
  } else {
    header = { ...common, vaultFingerprint: base32Encode(fixed.subarray(3 + SET_ID_BYTES, 3 + SET_ID_BYTES + FINGERPRINT_BYTES)) }
  }
  return {
    share: {
      header,
      index,
      ...(copy !== undefined ? { copy } : {}),
      value: value.slice(),
      sealed: sealed.slice(),
      signature: signature.slice(),
    },
    end: at,
    labelValid,
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

/**
 * Two sheets are copies of one share when everything but the copy number and the signature is
 * equal (version 1 copies are byte-identical; version 2 copies differ in copy and signature).
 */
export function sameShare(a: Share, b: Share): boolean {
  const body = (s: Share) => shareBodyWithoutSignature({ ...s, copy: 1 })
  return equalBytes(body(a), body(b))
}

/** "share 2 copy 1" for version 2 sheets, "share 2" for version 1 (whose copies are identical). */
export function describeSheet(share: Pick<Share, 'index' | 'copy'>): string {
  return share.copy === undefined ? `share ${share.index}` : `share ${share.index} copy ${share.copy}`
}
