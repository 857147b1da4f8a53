// Recovery without the vault (custos recover, recovery.recover): K sheets and the vault
// fingerprint from the runbook recover the credential on any machine, every signature
// checked with the public key the sheets carry (format 2) or one given (format 1), and a
// receipt signed with the set's receipt key proves afterwards that a quorum was present.
// Reads and writes no data directory.
import { randomBytes } from 'node:crypto'
import type { CredentialBundle } from '../../../shared/bundle'
import { CustosError, type ErrorInfo } from '../../../shared/errors'
import {
  RECEIPT_FORMAT,
  receiptMessage,
  newReceiptId,
  toBase64,
  type ReceiptBody,
  type RecoveryReceipt,
  type RecoveryRequestFields,
} from '../../../shared/receipt'
import { receiptPublicKeyOf, receiptSeed, signWithSeed } from '../../../shared/share-auth'
import { equalBytes, fingerprintOfPublicKey, formatPayload, groupForDisplay, parsePayload, type Share } from '../../../shared/share-format'
import { shareFingerprint } from '../logbook/share-fingerprint'
import { publicKeyFromRaw, type VaultPublicKey } from '../vault/vault-key'
import { combineShares, type ShareInput } from './combine'

export interface RecoverOutsideRequest {
  inputs: ShareInput[]
  /** The vault fingerprint as printed on the runbook (any case, hyphens and spaces allowed). */
  fingerprint: string
  /** Raw vault public key for format 1 sheets (from the runbook or vault.json). */
  publicKey?: Uint8Array
  /** Format 1 sheets only: recover without checking signatures (recorded in the receipt). */
  skipAuthenticity?: boolean
  operator: string
  reason: string
  request: RecoveryRequestFields
  now: Date
  tool: string
}

export interface RecoverOutsideResult {
  bundle: CredentialBundle
  setId: string
  threshold: number
  total: number
  label: string
  setVersion: number
  used: { index: number; copy?: number; source: string }[]
  notices: string[]
  rejected: { source: string; error: ErrorInfo }[]
  /** Loud remarks the operator must see (authenticity not checked, format 1 receipt). */
  warnings: string[]
  receipt: RecoveryReceipt
}

export function normalizeFingerprint(text: string): string {
  return text.replace(/[\s-]+/g, '').toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1')
}

/** A key that vouches for everything: only for --skip-authenticity on format 1 sheets. */
function unchecked(fingerprint: string): VaultPublicKey {
  return { raw: new Uint8Array(32), fingerprint, verify: () => true }
}

export function recoverOutsideVault(request: RecoverOutsideRequest): RecoverOutsideResult {
  const expected = normalizeFingerprint(request.fingerprint)
  if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(expected)) {
    throw new CustosError(
      'USAGE',
      `"${request.fingerprint}" is not a vault fingerprint: it has 16 characters in groups of four, e.g. E2EJ-2WDW-NYBR-7E2T, as printed on the runbook and on every sheet.`,
    )
  }
  if (request.inputs.length === 0) throw new CustosError('USAGE', 'Give the sheets to recover from: share files, photos or scans, or --typed.')

  const parsed: Share[] = []
  for (const input of request.inputs) {
    try {
      parsed.push(parsePayload(input.payload, input.source))
    } catch {
      // Checked again, and named, by combineShares below.
    }
  }
  const warnings: string[] = []
  const carried = parsed.find((s) => s.header.vaultPublicKey && s.header.vaultFingerprint === expected)
  let vault: VaultPublicKey
  let authenticity: ReceiptBody['authenticity'] = 'checked'
  if (carried) {
    vault = publicKeyFromRaw(carried.header.vaultPublicKey!)
  } else if (request.publicKey) {
    if (request.publicKey.length !== 32) {
      throw new CustosError('USAGE', 'The public key must be the raw 32-byte Ed25519 key in base64 (44 characters), as printed on the runbook.')
    }
    const given = fingerprintOfPublicKey(request.publicKey)
    if (given !== expected) {
      throw new CustosError(
        'SHARE_FROM_OTHER_VAULT',
        `The public key given has fingerprint ${groupForDisplay(given)}, not ${groupForDisplay(expected)}: it is not this vault's key. ` +
          'Copy the public key from the runbook of the vault whose fingerprint you gave.',
        { expected, given },
      )
    }
    vault = publicKeyFromRaw(request.publicKey)
  } else if (parsed.some((s) => s.header.vaultFingerprint === expected)) {
    if (!request.skipAuthenticity) {
      throw new CustosError(
        'SHARE_PUBLIC_KEY_NEEDED',
        'These are format 1 sheets: they carry the vault fingerprint but not its public key, so their signatures can only be checked ' +
          'with the public key printed on the runbook (or publicKey in vault.json). Give it with --public-key, or, if it is nowhere ' +
          'to be found, add --skip-authenticity (the receipt will say that authenticity was not checked).',
      )
    }
    vault = unchecked(expected)
    authenticity = 'not-checked'
    warnings.push(
      'AUTHENTICITY NOT CHECKED: the sheets\' signatures were not verified (--skip-authenticity). A forged sheet could not yield a wrong ' +
        'credential (the seal would fail), but nothing proves these sheets came from the vault. This is recorded in the receipt.',
    )
  } else {
    const named = [...new Set(parsed.map((s) => s.header.vaultFingerprint))].map((f) => groupForDisplay(f))
    throw new CustosError(
      'SHARE_FROM_OTHER_VAULT',
      named.length > 0
        ? `None of these sheets belongs to the vault with fingerprint ${groupForDisplay(expected)}: they name ${named.join(', ')}. ` +
            'They were made by another key (forged, or another vault\'s). Do not use them; check the fingerprint on the runbook.'
        : `No sheet could be read. Scan the large QR code of each sheet again, or type its groups.`,
      { expected, found: named },
    )
  }

  const holder: { signed?: { seed: Uint8Array; receiptPublicKey: Uint8Array } } = {}
  const result = combineShares(request.inputs, vault, {
    withDataKey: (dataKey, header) => {
      const seed = receiptSeed(dataKey, header.setId)
      const publicKey = receiptPublicKeyOf(seed)
      if (header.receiptPublicKey && !equalBytes(publicKey, header.receiptPublicKey)) {
        seed.fill(0)
        throw new CustosError(
          'ENVELOPE_OPEN_FAILED',
          `Set ${header.setId} opens, but its receipt key does not match the one on the sheets: the set was issued wrongly. Report it.`,
          { setId: header.setId },
        )
      }
      holder.signed = { seed, receiptPublicKey: publicKey }
    },
  })
  const signed = holder.signed
  if (!signed) throw new CustosError('INTERNAL', 'The set opened without a data key.')
  const { header } = result
  if (header.version === 1) {
    warnings.push(
      `Set ${header.setId} is a format 1 set: the vault recorded no receipt key for it, so this receipt shows what was done but ` +
        'cannot prove a quorum was present. Re-issue the set in format 2.',
    )
  }
  const byIndex = new Map(
    request.inputs.flatMap((input) => {
      try {
        const share = parsePayload(input.payload, input.source)
        return share.header.setId === header.setId ? [[input.source, { share, payload: formatPayload(share) }] as const] : []
      } catch {
        return []
      }
    }),
  )
  const used = result.used.map((u) => {
    const sheet = byIndex.get(u.source)
    return { index: u.index, ...(sheet?.share.copy !== undefined ? { copy: sheet.share.copy } : {}), source: u.source }
  })
  const body: ReceiptBody = {
    format: RECEIPT_FORMAT,
    version: 1,
    receiptId: newReceiptId(randomBytes(10)),
    setId: header.setId,
    setVersion: header.version === 1 ? 1 : 2,
    vaultFingerprint: expected,
    receiptPublicKey: toBase64(signed.receiptPublicKey),
    recoveredAt: request.now.toISOString(),
    operator: request.operator.trim(),
    reason: request.reason.trim(),
    request: request.request,
    sheets: result.used.map((u) => {
      const sheet = byIndex.get(u.source)!
      return {
        index: u.index,
        ...(sheet.share.copy !== undefined ? { copy: sheet.share.copy } : {}),
        sheetFingerprint: shareFingerprint(sheet.payload),
      }
    }),
    authenticity,
    tool: request.tool,
  }
  let signature: Uint8Array
  try {
    signature = signWithSeed(signed.seed, receiptMessage(body))
  } finally {
    signed.seed.fill(0)
  }
  return {
    bundle: result.bundle,
    setId: header.setId,
    threshold: header.threshold,
    total: header.total,
    label: header.label,
    setVersion: header.version,
    used,
    notices: result.notices,
    rejected: result.rejected,
    warnings,
    receipt: { ...body, signature: toBase64(signature) },
  }
}
