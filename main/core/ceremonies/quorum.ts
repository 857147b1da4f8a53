// The quorum at a release or a drill: every presented sheet is checked alone, matched to the
// custodian presenting it and to the method's active set; anything irregular is logged as a
// custody exception and refused; only then are the shares combined.
import type { CredentialBundle } from '../../../shared/bundle'
import { CustosError, toErrorInfo, type ErrorInfo } from '../../../shared/errors'
import type { VaultEvent } from '../../../shared/events'
import { shareFingerprint } from '../logbook'
import { formatPayload, type Share } from '../../../shared/share-format'
import { checkShare, combineShares, type ShareInput } from '../shares/combine'
import type { VaultState } from '../logbook'
import type { VaultPublicKey } from '../vault/vault-key'
import type { MethodRecord } from './ceremony-state'

export interface SheetPresentation {
  custodianId: string
  input: ShareInput
}

export interface PresentationOutcome {
  custodianId: string
  source: string
  index?: number
  ok: boolean
  error?: ErrorInfo
}

export interface QuorumResult {
  setId: string
  bundle: CredentialBundle
  accepted: { index: number; custodianId: string; shareFingerprint: string }[]
  outcomes: PresentationOutcome[]
  notices: string[]
  /** Custody exceptions to log with the outcome, whatever it is. */
  exceptions: VaultEvent[]
}

export class QuorumFailure extends CustosError {
  constructor(
    base: CustosError,
    readonly outcomes: PresentationOutcome[],
    readonly exceptions: VaultEvent[],
  ) {
    super(base.code, base.message, { ...base.details, outcomes })
  }
}

export function evaluateQuorum(
  state: VaultState,
  vault: VaultPublicKey,
  method: MethodRecord,
  presentations: SheetPresentation[],
  context: { during: string; operator?: string },
): QuorumResult {
  const outcomes: PresentationOutcome[] = []
  const exceptions: VaultEvent[] = []
  const exception = (kind: Extract<VaultEvent, { type: 'custody.exception' }>['kind'], detail: string, extra: { setId?: string; index?: number; custodianId?: string } = {}) =>
    exceptions.push({ type: 'custody.exception', kind, during: context.during, detail, ...extra })
  const fail = (error: CustosError): never => {
    throw new QuorumFailure(error, outcomes, exceptions)
  }

  const activeSetId = method.activeSetId
  if (!activeSetId) {
    fail(new CustosError('SET_NOT_FOUND', `${method.name} has no active set of sheets. Run an issuance ceremony first.`))
  }
  const accepted: (SheetPresentation & { index: number; share: Share })[] = []
  for (const p of presentations) {
    const refuse = (error: CustosError, index?: number) => outcomes.push({ custodianId: p.custodianId, source: p.input.source, ok: false, error: toErrorInfo(error), ...(index ? { index } : {}) })
    const custodian = state.custodians[p.custodianId]
    if (!custodian || custodian.retired) {
      refuse(new CustosError('CUSTODIAN_NOT_FOUND', `${p.input.source}: "${p.custodianId}" is not a current custodian.`))
      continue
    }
    let share: Share
    try {
      share = checkShare(p.input, vault)
    } catch (error) {
      refuse(error as CustosError)
      exception('sheet-refused', `${custodian.name} presented ${p.input.source}: ${(error as CustosError).message}`, { custodianId: p.custodianId })
      continue
    }
    const { setId } = share.header
    if (setId !== activeSetId) {
      const other = state.custody[setId]
      const error =
        other?.status === 'retired'
          ? new CustosError(
              'SHARE_FROM_RETIRED_SET',
              `${p.input.source} belongs to set ${setId}, which was retired on ${other.retired!.time.slice(0, 10)}; use a sheet from set ${activeSetId}.`,
              { setId },
            )
          : new CustosError('SHARE_NOT_ACTIVE_SET', `${p.input.source} belongs to set ${setId}, not to the active set ${activeSetId} of ${method.name}.`, { setId })
      refuse(error, share.index)
      exception(other?.status === 'retired' ? 'retired-set-presented' : 'sheet-refused', `${custodian.name}: ${error.message}`, {
        setId,
        index: share.index,
        custodianId: p.custodianId,
      })
      continue
    }
    const holds = state.custody[setId]!.sheets.some((s) => s.index === share.index && s.custodianId === p.custodianId && !s.lost && !s.destroyed)
    if (!holds) {
      const holders = state.custody[setId]!.sheets.filter((s) => s.index === share.index).map((s) => state.custodians[s.custodianId]?.name ?? s.custodianId)
      const error = new CustosError(
        'SHEET_NOT_HELD_BY_PRESENTER',
        `${custodian.name} presented share ${share.index}, which the log says is held by ${holders.join(' and ')}. ` +
          'It was not accepted and the exception was logged. The holder must present it, or record a custody move first.',
        { index: share.index },
      )
      refuse(error, share.index)
      exception('presented-by-other-custodian', error.message, { setId, index: share.index, custodianId: p.custodianId })
      continue
    }
    accepted.push({ ...p, index: share.index, share })
    outcomes.push({ custodianId: p.custodianId, source: p.input.source, index: share.index, ok: true })
  }

  if (context.operator !== undefined) {
    const operator = context.operator.trim().toLowerCase()
    const isOperator = (id: string) => id === operator || state.custodians[id]?.name.trim().toLowerCase() === operator
    const byOperator = accepted.filter((a) => isOperator(a.custodianId))
    if (byOperator.length > 0 && (!method.policy.operatorMayPresent || byOperator.length === accepted.length)) {
      const message = method.policy.operatorMayPresent
        ? `The operator ${context.operator} would be the only custodian present. Another custodian must present a sheet.`
        : `Policy of ${method.name} forbids the operator (${context.operator}) from presenting a sheet for their own release. ` +
          'Another custodian must present it.'
      exception('operator-presented', message, { custodianId: byOperator[0]!.custodianId })
      fail(new CustosError('OPERATOR_MAY_NOT_PRESENT', message))
    }
  }

  let combined
  try {
    combined = combineShares(accepted.map((a) => a.input), vault)
  } catch (error) {
    const refused = outcomes.filter((o) => !o.ok)
    const base = error as CustosError
    const suffix = refused.length ? ` Refused: ${refused.map((o) => `${o.source} (${o.error!.message})`).join(' ')}` : ''
    return fail(new CustosError(base.code ?? 'INTERNAL', `${base.message}${suffix}`, base.details))
  }
  for (const r of combined.rejected) {
    const outcome = outcomes.find((o) => o.source === r.source && o.ok)
    if (outcome) Object.assign(outcome, { ok: false, error: r.error })
  }
  const used = new Set(combined.used.map((u) => u.source))
  return {
    setId: activeSetId!,
    bundle: combined.bundle,
    accepted: accepted
      .filter((a) => used.has(a.input.source))
      .map((a) => ({ index: a.index, custodianId: a.custodianId, shareFingerprint: shareFingerprint(formatPayload(a.share)) })),
    outcomes,
    notices: combined.notices,
    exceptions,
  }
}
