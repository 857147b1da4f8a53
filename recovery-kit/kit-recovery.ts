// The recovery page's logic, browser-only and pure: check each sheet against the vault
// fingerprint, combine a quorum, open the envelope (AES-256-GCM, @noble/ciphers) and sign
// the receipt with the set's receipt key. The same format rules as docs/FORMAT.md.
import { gcm } from '@noble/ciphers/aes'
import { sha256 } from '@noble/hashes/sha2'
import secrets from 'secrets.js-grempe'
import { base32Encode } from '../shared/base32'
import { parseBundleJson, type CredentialBundle } from '../shared/bundle'
import { isCustosError } from '../shared/errors'
import { RECEIPT_FORMAT, newReceiptId, receiptMessage, toBase64, type ReceiptBody, type RecoveryReceipt, type RecoveryRequestFields } from '../shared/receipt'
import { receiptPublicKeyOf, receiptSeed, signWithSeed, verifyShareSignature } from '../shared/share-auth'
import { PAYLOAD_PREFIX, encodeSetHeader, equalBytes, fingerprintOfPublicKey, formatPayload, groupForDisplay, parsePayload, payloadBody, type Share } from '../shared/share-format'
import { CustosError } from '../shared/errors'
import { GROUP_DATA_CHARS, GROUPS_PER_LINE, parseTypedGroupBody, parseTypedGroups, setLineCount } from '../shared/typed-groups'

export interface SheetVerdict {
  ok: boolean
  /** What the operator reads next to the sheet. */
  message: string
  share?: Share
}

export function normalizeFingerprint(text: string): string {
  return text.replace(/[\s-]+/g, '').toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1')
}

/** A QR text ("CUSTOS:…") or typed groups, as one share. */
export function readSheetText(text: string): Share {
  const trimmed = text.trim()
  return parsePayload(/^custos:/i.test(trimmed) ? trimmed : parseTypedGroups(trimmed), 'This sheet')
}

/** The set lines of a format 2 share: the leading typed lines every share of its set has in common. */
export interface SetLines {
  setId: string
  count: number
  body: string
}

export function setLinesOf(share: Share): SetLines | undefined {
  const payload = formatPayload(share)
  const count = setLineCount(payload)
  if (count === 0) return undefined
  return { setId: share.header.setId, count, body: payloadBody(payload).slice(0, count * GROUPS_PER_LINE * GROUP_DATA_CHARS) }
}

/**
 * Typed groups of one sheet as a payload: the whole share, or (as docs/sheets.md says) only
 * its own lines, starting with the line number after the set lines of a sheet already read.
 */
export function readTypedSheet(text: string, known: SetLines[]): string {
  const first = /^\s*(\d{1,3})[:.)]?\s+\S{2}/.exec(text)
  const number = first ? Number(first[1]) : 1
  if (number <= 1) return parseTypedGroups(text)
  if (known.length === 0) {
    throw new CustosError('TYPED_GROUP_INVALID', `The typing starts at line ${number}: type the first sheet whole (from line 01), then only the later lines of the others.`)
  }
  const matching = known.filter((set) => set.count + 1 === number)
  if (matching.length === 0) {
    const counts = [...new Set(known.map((set) => String(set.count + 1).padStart(2, '0')))].join(' or ')
    throw new CustosError('TYPED_GROUP_INVALID', `The typing starts at line ${number}, but the set lines end before line ${counts}: start there, or type the whole sheet.`)
  }
  const own = parseTypedGroupBody(text, GROUPS_PER_LINE, { firstGroup: (number - 1) * GROUPS_PER_LINE + 1, version: 2 })
  // Several sets with the same number of set lines: the first whose shares the result parses as.
  let lastError: unknown
  for (const set of matching) {
    try {
      const payload = PAYLOAD_PREFIX + set.body + own
      if (parsePayload(payload, 'This sheet').header.setId === set.setId) return payload
    } catch (error) {
      lastError = error
    }
  }
  throw lastError ?? new CustosError('TYPED_GROUP_INVALID', 'These lines do not complete any set read so far: type the whole sheet.')
}

/** Checks one sheet alone: readable, this vault's (by fingerprint), signed by the key it carries (or the one given). */
export function checkSheet(text: string, fingerprint: string, publicKey?: Uint8Array): SheetVerdict {
  let share: Share
  try {
    share = readSheetText(text)
  } catch (error) {
    return { ok: false, message: isCustosError(error) ? error.message : 'This is not a Custos sheet.' }
  }
  const expected = normalizeFingerprint(fingerprint)
  const where = `share ${share.index} of set ${groupForDisplay(share.header.setId)}${share.copy ? `, copy ${share.copy}` : ''}`
  if (share.header.vaultFingerprint !== expected) {
    return { ok: false, share, message: `${where} belongs to vault ${groupForDisplay(share.header.vaultFingerprint)}, not ${groupForDisplay(expected)}: do not use it.` }
  }
  const key = share.header.vaultPublicKey ?? publicKey
  if (!key) return { ok: false, share, message: `${where} is a format 1 sheet: give the vault public key from the runbook to check it.` }
  if (fingerprintOfPublicKey(key) !== expected) return { ok: false, share, message: `The public key does not match fingerprint ${groupForDisplay(expected)}.` }
  if (!verifyShareSignature(share, key)) return { ok: false, share, message: `${where}: the signature does not verify. The sheet was altered or forged; do not use it.` }
  return { ok: true, share, message: `${where}: genuine.` }
}

export interface Recovered {
  bundle: CredentialBundle
  share: Share
  used: Share[]
  dataKey: Uint8Array
}

/** Combines the distinct shares of one set; tries subsets of K until the envelope opens (a bad share never yields a wrong credential). */
export function recoverFrom(shares: Share[]): Recovered | undefined {
  const bySet = new Map<string, Share[]>()
  for (const s of shares) {
    const list = bySet.get(s.header.setId) ?? []
    if (!list.some((x) => x.index === s.index)) list.push(s)
    bySet.set(s.header.setId, list)
  }
  for (const list of bySet.values()) {
    const k = list[0]!.header.threshold
    if (list.length < k) continue
    for (const subset of subsets(list, k)) {
      const opened = openWith(subset)
      if (opened) return opened
    }
  }
  return undefined
}

function openWith(subset: Share[]): Recovered | undefined {
  const first = subset[0]!
  let hex: string
  try {
    hex = secrets.combine(subset.map((s) => '8' + s.index.toString(16).padStart(2, '0') + hexOf(s.value)))
  } catch {
    return undefined
  }
  if (hex.length !== 64) return undefined
  const dataKey = bytesOf(hex)
  const sealed = first.sealed
  try {
    const plain = gcm(dataKey, sealed.subarray(0, 12), encodeSetHeader(first.header)).decrypt(sealed.subarray(12))
    return { bundle: parseBundleJson(plain), share: first, used: subset, dataKey }
  } catch {
    dataKey.fill(0)
    return undefined
  }
}

export interface ReceiptInput {
  recovered: Recovered
  operator: string
  reason: string
  request: RecoveryRequestFields
  now: Date
  random: Uint8Array
  tool: string
}

/** The receipt only a quorum can sign: with the set's receipt key, derived from the data key. */
export function signReceipt(input: ReceiptInput): RecoveryReceipt {
  const { recovered } = input
  const header = recovered.share.header
  const seed = receiptSeed(recovered.dataKey, header.setId)
  try {
    const receiptPublicKey = receiptPublicKeyOf(seed)
    if (header.receiptPublicKey && !equalBytes(receiptPublicKey, header.receiptPublicKey)) {
      throw new Error('The set opens, but its receipt key differs from the one on the sheets.')
    }
    const body: ReceiptBody = {
      format: RECEIPT_FORMAT,
      version: 1,
      receiptId: newReceiptId(input.random),
      setId: header.setId,
      setVersion: header.version === 1 ? 1 : 2,
      vaultFingerprint: header.vaultFingerprint,
      receiptPublicKey: toBase64(receiptPublicKey),
      recoveredAt: input.now.toISOString(),
      operator: input.operator.trim(),
      reason: input.reason.trim(),
      request: input.request,
      sheets: recovered.used.map((s) => ({
        index: s.index,
        ...(s.copy !== undefined ? { copy: s.copy } : {}),
        sheetFingerprint: base32Encode(sha256(new TextEncoder().encode(formatPayload(s))).subarray(0, 10)),
      })),
      authenticity: 'checked',
      tool: input.tool,
    }
    return { ...body, signature: toBase64(signWithSeed(seed, receiptMessage(body))) }
  } finally {
    seed.fill(0)
  }
}

function* subsets<T>(items: T[], size: number, start = 0, prefix: T[] = []): Generator<T[]> {
  if (prefix.length === size) {
    yield prefix
    return
  }
  for (let i = start; i <= items.length - (size - prefix.length); i++) yield* subsets(items, size, i + 1, [...prefix, items[i]!])
}

function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

function bytesOf(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)))
}
