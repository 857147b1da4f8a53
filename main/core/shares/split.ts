// Splitting: seal the bundle under a fresh data key, split the key K-of-N, and sign every
// share with the vault key so each sheet can be checked on its own.
import { randomBytes } from 'node:crypto'
import { base32Encode } from '../../../shared/base32'
import { MAX_BUNDLE_BYTES, serializeBundle, type CredentialBundle } from '../../../shared/bundle'
import { CustosError } from '../../../shared/errors'
import {
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
}

export interface SplitResult {
  header: SetHeader
  shares: Share[]
  /** One QR payload per share, in index order. */
  payloads: string[]
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
  const header: SetHeader = {
    version: SHARE_FORMAT_VERSION,
    setId: base32Encode(randomBytes(SET_ID_BYTES)),
    threshold: request.threshold,
    total: request.total,
    vaultFingerprint: vaultKey.fingerprint,
    label: request.label?.trim() ?? '',
  }
  const dataKey = newDataKey()
  try {
    const sealed = seal(plaintext, dataKey, encodeSetHeader(header))
    const shares = splitKey(dataKey, header.threshold, header.total).map((point): Share => {
      const unsigned = { header, index: point.index, value: point.value, sealed }
      return { ...unsigned, signature: vaultKey.sign(signedMessage(unsigned)) }
    })
    return { header, shares, payloads: shares.map(formatPayload) }
  } finally {
    dataKey.fill(0)
    plaintext.fill(0)
  }
}
