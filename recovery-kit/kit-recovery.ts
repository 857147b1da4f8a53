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
import { encodeSetHeader, equalBytes, fingerprintOfPublicKey, formatPayload, groupForDisplay, parsePayload, type Share } from '../shared/share-format'
import { parseTypedGroups } from '../shared/typed-groups'

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
