// Splitting: seal the bundle under a fresh data key, split the key K-of-N, and sign every
// sheet (each copy of each share) with the vault key so each sheet can be checked on its own,
// even without the vault: version 2 sheets carry the vault's public key, their copy number and
// the set's receipt public key (derived from the data key).
import { randomBytes } from 'node:crypto'
import { base32Encode } from '../../../shared/base32'
import { MAX_BUNDLE_BYTES, serializeBundle, type CredentialBundle } from '../../../shared/bundle'
import { CustosError } from '../../../shared/errors'
import { receiptPublicKeyOf, receiptSeed } from '../../../shared/share-auth'
import {
  MAX_COPY,
  MAX_SHARES,
  MIN_SHARES,
  SET_ID_BYTES,
  SHARE_FORMAT_VERSION,
  encodeSetHeader,
  formatPayload,
  signedMessage,
  type SetHeader,
  type Share,
} from '../../../shared/share-format'
import type { VaultKey } from '../vault/vault-key'
import { newDataKey, seal } from './envelope'
import { splitKey } from './shamir'

export interface SplitRequest {
  bundle: CredentialBundle
  threshold: number
  total: number
  label?: string
  /** Printed copies of each share (default 1): each copy is its own signed sheet. */
  copies?: number
}

export interface SplitSheet {
  index: number
  copy: number
  payload: string
}

export interface SplitResult {
  header: SetHeader
  /** Copy 1 of every share, in index order. */
  shares: Share[]
  /** One QR payload per share (copy 1), in index order. */
  payloads: string[]
  /** Every sheet: share 1 copy 1, share 1 copy 2, ..., each with its own payload. */
  sheets: SplitSheet[]
}

export function validatePolicy(threshold: number, total: number): void {
  const ok =
    Number.isInteger(threshold) &&
    Number.isInteger(total) &&
    threshold >= MIN_SHARES &&
    total <= MAX_SHARES &&
    threshold <= total
  if (!ok) {
    throw new CustosError(
      'POLICY_INVALID',
      `A set needs a whole-number threshold K and share count N with ${MIN_SHARES} <= K <= N <= ${MAX_SHARES}; ` +
        `got K=${threshold}, N=${total}.`,
      { threshold, total },
    )
  }
}

export function splitBundle(request: SplitRequest, vaultKey: VaultKey): SplitResult {
  validatePolicy(request.threshold, request.total)
  const plaintext = Buffer.from(serializeBundle(request.bundle), 'utf8')
  if (plaintext.length > MAX_BUNDLE_BYTES) {
    plaintext.fill(0)
    throw new CustosError(
      'BUNDLE_TOO_LARGE',
      `The credential bundle is ${plaintext.length} bytes; at most ${MAX_BUNDLE_BYTES} fit in a QR code that ` +
        'scans reliably. Shorten the notes or move long text elsewhere.',
      { bytes: plaintext.length, max: MAX_BUNDLE_BYTES },
    )
  }
  const copies = request.copies ?? 1
  if (!Number.isInteger(copies) || copies < 1 || copies > MAX_COPY) {
    plaintext.fill(0)
    throw new CustosError('POLICY_INVALID', `Between 1 and ${MAX_COPY} copies of each share can be made; got ${copies}.`, { copies })
  }
  const setId = base32Encode(randomBytes(SET_ID_BYTES))
  const dataKey = newDataKey()
  const seed = receiptSeed(dataKey, setId)
  try {
    const header: SetHeader = {
      version: SHARE_FORMAT_VERSION,
      setId,
      threshold: request.threshold,
      total: request.total,
      vaultFingerprint: vaultKey.fingerprint,
      label: request.label?.trim() ?? '',
      vaultPublicKey: new Uint8Array(vaultKey.raw),
      receiptPublicKey: receiptPublicKeyOf(seed),
    }
    const sealed = seal(plaintext, dataKey, encodeSetHeader(header))
    const sheets: { share: Share; payload: string }[] = []
    for (const point of splitKey(dataKey, header.threshold, header.total)) {
      for (let copy = 1; copy <= copies; copy++) {
        const unsigned = { header, index: point.index, copy, value: point.value, sealed }
        const share: Share = { ...unsigned, signature: vaultKey.sign(signedMessage(unsigned)) }
        sheets.push({ share, payload: formatPayload(share) })
      }
    }
    const firsts = sheets.filter((s) => s.share.copy === 1)
    return {
      header,
      shares: firsts.map((s) => s.share),
      payloads: firsts.map((s) => s.payload),
      sheets: sheets.map((s) => ({ index: s.share.index, copy: s.share.copy!, payload: s.payload })),
    }
  } finally {
    dataKey.fill(0)
    seed.fill(0)
    plaintext.fill(0)
  }
}
