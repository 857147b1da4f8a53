// Importing a recovery receipt (custos release import-receipt, recovery.importReceipt): the
// receipt is checked against the set it names (this vault's, signed by that set's receipt
// key, never imported before) and appended as a release, request and grant, so the revoke,
// rotate and review obligations start as for any release.
import { CustosError } from '../../../shared/errors'
import type { VaultEvent } from '../../../shared/events'
import { fromBase64, parseReceipt, receiptHash, type ReceiptBody } from '../../../shared/receipt'
import { equalBytes, groupForDisplay } from '../../../shared/share-format'
import { recordWith, type CeremonyContext } from '../ceremonies/ceremony-context'
import { newId } from '../ceremonies/ids'
import type { VaultState } from '../logbook'

export interface ImportedReceipt {
  releaseId: string
  setId: string
  receiptId: string
  operator: string
  recoveredAt: string
  quorumProven: boolean
  authenticityChecked: boolean
  presented: { index: number; copy?: number; custodianId: string }[]
  revokeBy: string
  rotateBy: string
  reviewBy: string
  warnings: string[]
}

export function importReceipt(ctx: CeremonyContext, text: string): ImportedReceipt {
  const { body } = parseReceipt(text)
  const hash = receiptHash(body)
  let imported: ImportedReceipt | undefined
  recordWith(ctx, (state) => {
    const built = buildRelease(state, ctx, body, hash)
    imported = built.imported
    return built.events
  })
  return imported!
}

function buildRelease(state: Readonly<VaultState>, ctx: CeremonyContext, body: ReceiptBody, hash: string): { events: VaultEvent[]; imported: ImportedReceipt } {
  if (body.vaultFingerprint !== ctx.key.fingerprint) {
    throw new CustosError(
      'RECEIPT_FROM_OTHER_SET',
      `The receipt is for a set of the vault with fingerprint ${groupForDisplay(body.vaultFingerprint)}, not this vault ` +
        `(${groupForDisplay(ctx.key.fingerprint)}). Import it into the vault that issued set ${body.setId}.`,
      { setId: body.setId, vaultFingerprint: body.vaultFingerprint },
    )
  }
  const set = state.sets[body.setId]
  if (!set) {
    throw new CustosError(
      'RECEIPT_FROM_OTHER_SET',
      `The receipt is for set ${body.setId}, which this vault never issued. Check that it is the right receipt and the right vault.`,
      { setId: body.setId },
    )
  }
  const quorumProven = body.setVersion === 2
  if (set.receiptPublicKey) {
    if (!equalBytes(fromBase64(set.receiptPublicKey), fromBase64(body.receiptPublicKey))) {
      throw new CustosError(
        'RECEIPT_INVALID',
        `The receipt names set ${body.setId} but is signed by another key than the set's receipt key recorded at issue: ` +
          'it was not made by someone holding a quorum of that set. Do not import it; report it.',
        { setId: body.setId, receiptId: body.receiptId },
      )
    }
  } else if (quorumProven) {
    throw new CustosError(
      'RECEIPT_INVALID',
      `The receipt says set ${body.setId} is a format 2 set, but the log recorded no receipt key for it. Do not import it; report it.`,
      { setId: body.setId },
    )
  }
  const replay = Object.values(state.releases).find((r) => r.granted?.recoveredOutside?.receiptId === body.receiptId)
  if (replay) {
    throw new CustosError(
      'RECEIPT_ALREADY_IMPORTED',
      `Receipt ${body.receiptId} was already imported as release ${replay.releaseId}; a receipt is recorded once.`,
      { receiptId: body.receiptId, releaseId: replay.releaseId },
    )
  }
  const custody = state.custody[body.setId]
  const method = custody ? state.methods[custody.methodId] : undefined
  if (!custody || !method) {
    throw new CustosError(
      'SET_NOT_FOUND',
      `Set ${body.setId} was made by a plain split, not for a break-glass method, so the vault has no custodians or deadlines ` +
        'to record a release against. Record what happened in your incident ticket; issue sets through a method.',
      { setId: body.setId },
    )
  }
  const presented = body.sheets.map((sheet) => {
    const live = custody.sheets.filter((s) => s.index === sheet.index)
    const holder = (sheet.copy !== undefined ? live.find((s) => s.copy === sheet.copy) : undefined) ?? live[0]
    if (!holder) {
      throw new CustosError('SHEET_NOT_FOUND', `Set ${body.setId} has no share ${sheet.index} on record; the receipt does not match the set.`, { setId: body.setId, index: sheet.index })
    }
    return { index: sheet.index, ...(sheet.copy !== undefined ? { copy: sheet.copy } : {}), custodianId: holder.custodianId, shareFingerprint: sheet.sheetFingerprint }
  })
  if (presented.length < set.threshold) {
    throw new CustosError('RECEIPT_INVALID', `The receipt lists ${presented.length} sheets, but set ${body.setId} needs ${set.threshold}.`, { setId: body.setId })
  }
  const at = new Date(body.recoveredAt).getTime()
  const hours = (h: number) => new Date(at + h * 3600_000).toISOString()
  const releaseId = newId('rel', ctx.clock.now())
  const deadlines = {
    revokeBy: hours(method.policy.revokeWithinHours),
    rotateBy: hours(method.policy.rotateWithinHours),
    reviewBy: hours(method.policy.reviewWithinDays * 24),
  }
  const warnings: string[] = []
  if (!quorumProven) warnings.push(`Set ${body.setId} is a format 1 set: the receipt cannot prove a quorum was present; it is recorded with quorumProven false.`)
  if (body.authenticity === 'not-checked') warnings.push('The sheets\' signatures were not checked at recovery (--skip-authenticity); this is recorded.')
  const events: VaultEvent[] = [
    {
      type: 'release.requested',
      releaseId,
      methodId: custody.methodId,
      ...body.request,
      operator: body.operator,
    },
    {
      type: 'release.granted',
      releaseId,
      setId: body.setId,
      operator: body.operator,
      presented: presented.map(({ copy: _copy, ...p }) => p),
      ...deadlines,
      recoveredOutside: {
        receiptId: body.receiptId,
        recoveredAt: body.recoveredAt,
        receiptHash: hash,
        quorumProven,
        authenticityChecked: body.authenticity === 'checked',
        reason: body.reason,
      },
    },
  ]
  return {
    events,
    imported: {
      releaseId,
      setId: body.setId,
      receiptId: body.receiptId,
      operator: body.operator,
      recoveredAt: body.recoveredAt,
      quorumProven,
      authenticityChecked: body.authenticity === 'checked',
      presented: presented.map(({ shareFingerprint: _f, ...p }) => p),
      ...deadlines,
      warnings,
    },
  }
}
