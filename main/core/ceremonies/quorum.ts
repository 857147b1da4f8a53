// The quorum at a release or a drill: every presented sheet is checked alone, matched to the
// custodian presenting it and to the method's active set; anything irregular is logged as a
// custody exception and refused; only then are the shares combined. checkPresentations is
// the one rule set: the quorum screen's live feedback (quorum.check) uses it without logging.
import type { CredentialBundle } from '../../../shared/bundle'
import { CustosError, toErrorInfo, type ErrorInfo } from '../../../shared/errors'
import type { VaultEvent } from '../../../shared/events'
import { shareFingerprint } from '../logbook'
import { formatPayload, parsePayload, type Share } from '../../../shared/share-format'
import { checkShare, combineShares, type ShareInput } from '../shares/combine'
import { shareInputFromSheetText } from '../sheets/sheet-text'
import type { VaultState } from '../logbook'
import type { VaultPublicKey } from '../vault/vault-key'
import type { MethodRecord } from './ceremony-state'
import { isReleaseOperator, type ReleaseOperator } from './operator'

export interface SheetPresentation {
  custodianId: string
  input: ShareInput
}

/** Who the log says holds a share: one entry per live copy. */
export interface ShareHolder {
  custodianId: string
  name: string
  copy: number
}

export interface PresentationOutcome {
  custodianId: string
  source: string
  index?: number
  /** Format 2 sheets: the copy number the sheet itself carries (signed). */
  copy?: number
  /** Format 2 sheets: who the log says holds this very sheet (share and copy), named from the sheet alone. */
  sheetHolder?: ShareHolder
  /** The set the sheet belongs to, once it could be read and authenticated. */
  setId?: string
  /** Who the log says holds this share (empty when the sheet could not be read). */
  holders: ShareHolder[]
  ok: boolean
  error?: ErrorInfo
}

export interface AcceptedPresentation extends SheetPresentation {
  index: number
  share: Share
}

export interface PresentationChecks {
  outcomes: PresentationOutcome[]
  /** The presentations that count, in order, one per share index. */
  accepted: AcceptedPresentation[]
  /** Custody exceptions a release or drill must log with its outcome (quorum.check logs nothing). */
  exceptions: VaultEvent[]
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

type ExceptionKind = Extract<VaultEvent, { type: 'custody.exception' }>['kind']

export function shareHolders(state: VaultState, setId: string, index: number): ShareHolder[] {
  return (state.custody[setId]?.sheets ?? [])
    .filter((s) => s.index === index && !s.lost && !s.destroyed)
    .map((s) => ({ custodianId: s.custodianId, name: state.custodians[s.custodianId]?.name ?? s.custodianId, copy: s.copy }))
}

/** The holder of the very sheet presented (format 2 sheets carry their copy number), if the log knows it. */
export function sheetHolderOf(state: VaultState, input: ShareInput): ShareHolder | undefined {
  try {
    const share = parsePayload(shareInputFromSheetText(input).payload, input.source)
    if (share.copy === undefined) return undefined
    return shareHolders(state, share.header.setId, share.index).find((h) => h.copy === share.copy)
  } catch {
    return undefined
  }
}

function describeHolders(holders: ShareHolder[]): string {
  if (holders.length === 0) return 'nobody (every copy is lost or destroyed)'
  return [...new Set(holders.map((h) => h.name))].join(' and ')
}

/**
 * Checks every presentation in order against the log: the sheet is readable and signed by
 * this vault, it belongs to the method's active set, its presenter is a current custodian
 * who holds that share, and no earlier presentation already counted for the same share.
 */
export function checkPresentations(
  state: VaultState,
  vault: VaultPublicKey,
  method: MethodRecord,
  activeSetId: string,
  presentations: SheetPresentation[],
  during: string,
): PresentationChecks {
  const outcomes: PresentationOutcome[] = []
  const accepted: AcceptedPresentation[] = []
  const exceptions: VaultEvent[] = []

  for (const given of presentations) {
    // A format 2 sheet names its own holder: when nobody was named as presenting it, it is
    // attributed to the holder of that copy (so copy 2 is never credited to copy 1's holder).
    const p = given.custodianId ? given : { ...given, custodianId: sheetHolderOf(state, given.input)?.custodianId ?? '' }
    const { source } = p.input
    const custodian = state.custodians[p.custodianId]
    const current = custodian && !custodian.retired ? custodian : undefined
    // Who to name in the log: a current custodian, else only what was presented.
    const exception = (kind: ExceptionKind, detail: string, extra: { setId?: string; index?: number } = {}) =>
      exceptions.push({
        type: 'custody.exception',
        kind,
        during,
        detail: detail.slice(0, 1000),
        ...extra,
        ...(current ? { custodianId: current.custodianId } : {}),
      })
    const presenter = current?.name ?? (p.custodianId ? `"${p.custodianId}"` : 'someone not named')
    const refuse = (error: CustosError, facts: { index?: number; copy?: number; sheetHolder?: ShareHolder; setId?: string; holders?: ShareHolder[] } = {}) =>
      outcomes.push({
        custodianId: p.custodianId,
        source,
        ok: false,
        error: toErrorInfo(error),
        holders: facts.holders ?? [],
        ...(facts.index ? { index: facts.index } : {}),
        ...(facts.copy ? { copy: facts.copy } : {}),
        ...(facts.sheetHolder ? { sheetHolder: facts.sheetHolder } : {}),
        ...(facts.setId ? { setId: facts.setId } : {}),
      })

    let share: Share
    let input: ShareInput
    try {
      input = shareInputFromSheetText(p.input)
      share = checkShare(input, vault)
    } catch (error) {
      const failure = error instanceof CustosError ? error : new CustosError('SHARE_UNREADABLE', `${source} could not be read.`)
      refuse(failure)
      exception('sheet-refused', `${presenter} presented ${source}: ${failure.message}`)
      continue
    }
    const { setId } = share.header
    const index = share.index
    const holders = shareHolders(state, setId, index)
    const sheetHolder = share.copy !== undefined ? holders.find((h) => h.copy === share.copy) : undefined
    const facts = { index, setId, holders, ...(share.copy !== undefined ? { copy: share.copy } : {}), ...(sheetHolder ? { sheetHolder } : {}) }

    if (setId !== activeSetId) {
      const other = state.custody[setId]
      const retired = other?.status === 'retired' ? other.retired : undefined
      const error = retired
        ? new CustosError(
            'SHARE_FROM_RETIRED_SET',
            `${source} belongs to set ${setId}, which was retired on ${retired.time.slice(0, 10)}; use a sheet from set ${activeSetId}. ` +
              'Set the old sheet aside to be destroyed.',
            { setId, retiredAt: retired.time, activeSetId },
          )
        : new CustosError(
            'SHARE_NOT_ACTIVE_SET',
            `${source} belongs to set ${setId}, not to the active set ${activeSetId} of ${method.name}. ` +
              `Present a sheet of set ${activeSetId}.`,
            { setId, activeSetId },
          )
      refuse(error, facts)
      exception(retired ? 'retired-set-presented' : 'sheet-refused', `${presenter}: ${error.message}`, { setId, index })
      continue
    }

    if (!current) {
      const error = custodian?.retired
        ? new CustosError(
            'CUSTODIAN_NOT_FOUND',
            `${custodian.name} was retired as a custodian on ${custodian.retired.time.slice(0, 10)} and cannot present a sheet. ` +
              `Share ${index} is held by ${describeHolders(holders)}.`,
            { custodianId: p.custodianId, index },
          )
        : new CustosError(
            'CUSTODIAN_NOT_FOUND',
            `${p.custodianId ? `"${p.custodianId}" is not a custodian of this vault` : 'Nobody was named as presenting'} ${source}. ` +
              `Choose who presents it: the log says share ${index} is held by ${describeHolders(holders)}.`,
            { custodianId: p.custodianId, index },
          )
      refuse(error, facts)
      continue
    }

    if (!holders.some((h) => h.custodianId === current.custodianId)) {
      const error = new CustosError(
        'SHEET_NOT_HELD_BY_PRESENTER',
        `${current.name} presented share ${index}, which the log says is held by ${describeHolders(holders)}. ` +
          'It was not accepted. The holder must present it, or record a custody move first.',
        { index, holders: holders.map((h) => h.custodianId) },
      )
      refuse(error, facts)
      exception('presented-by-other-custodian', error.message, { setId, index })
      continue
    }

    if (sheetHolder && sheetHolder.custodianId !== current.custodianId) {
      // The sheet says which copy it is: a copy presented by a custodian who holds another copy.
      const error = new CustosError(
        'SHEET_NOT_HELD_BY_PRESENTER',
        `${current.name} presented share ${index} copy ${share.copy}, which the log says is held by ${sheetHolder.name}. ` +
          'It was not accepted. Each custodian presents their own sheet, or a custody move is recorded first.',
        { index, copy: share.copy, holder: sheetHolder.custodianId },
      )
      refuse(error, facts)
      exception('presented-by-other-custodian', error.message, { setId, index })
      continue
    }

    const earlier = accepted.find((a) => a.index === index)
    if (earlier) {
      const by = state.custodians[earlier.custodianId]?.name ?? earlier.custodianId
      refuse(
        new CustosError(
          'SHARE_ALREADY_PRESENTED',
          `Share ${index} was already presented by ${by}; a quorum needs different shares. ` +
            `Present a sheet with another share number of set ${setId}.`,
          { index, presentedBy: earlier.custodianId, source: earlier.input.source },
        ),
        facts,
      )
      continue
    }

    accepted.push({ custodianId: p.custodianId, input, index, share })
    outcomes.push({
      custodianId: p.custodianId,
      source,
      index,
      ...(share.copy !== undefined ? { copy: share.copy } : {}),
      ...(sheetHolder ? { sheetHolder } : {}),
      setId,
      holders,
      ok: true,
    })
  }
  return { outcomes, accepted, exceptions }
}

/**
 * The release's operator rule over the presenters that count: a message in words when the
 * operator may not present (policy), or would be the only one presenting; else undefined.
 * The grant applies it, and quorum.check too, so the panel never offers a refused release.
 */
export function operatorProblem(state: VaultState, method: MethodRecord, release: ReleaseOperator, presenters: string[]): string | undefined {
  const operator = release.operator
  const byOperator = presenters.filter((id) => isReleaseOperator(state, release, id))
  if (byOperator.length === 0) return undefined
  if (!method.policy.operatorMayPresent) {
    return `The rules of ${method.name} do not let the operator (${operator}) present a sheet for their own release. Another custodian must present that sheet.`
  }
  if (byOperator.length === presenters.length) return `The operator ${operator} would be the only custodian present. Another custodian must present a sheet.`
  return undefined
}

export function evaluateQuorum(
  state: VaultState,
  vault: VaultPublicKey,
  method: MethodRecord,
  presentations: SheetPresentation[],
  context: { during: string; operator?: ReleaseOperator },
): QuorumResult {
  const activeSetId = method.activeSetId
  if (!activeSetId) {
    throw new QuorumFailure(new CustosError('SET_NOT_FOUND', `${method.name} has no active set of sheets. Run an issuance ceremony first.`), [], [])
  }
  const { outcomes, accepted, exceptions } = checkPresentations(state, vault, method, activeSetId, presentations, context.during)
  const fail = (error: CustosError): never => {
    throw new QuorumFailure(error, outcomes, exceptions)
  }

  if (context.operator !== undefined) {
    const message = operatorProblem(state, method, context.operator, accepted.map((a) => a.custodianId))
    if (message) {
      const byOperator = accepted.find((a) => isReleaseOperator(state, context.operator!, a.custodianId))!
      exceptions.push({ type: 'custody.exception', kind: 'operator-presented', during: context.during, detail: message, custodianId: byOperator.custodianId })
      fail(new CustosError('OPERATOR_MAY_NOT_PRESENT', message))
    }
  }

  let combined
  try {
    combined = combineShares(accepted.map((a) => a.input), vault)
  } catch (error) {
    const refused = outcomes.filter((o) => !o.ok)
    const base = error instanceof CustosError ? error : new CustosError('INTERNAL', 'The shares could not be combined.')
    const suffix = refused.length ? ` Refused: ${refused.map((o) => `${o.source} (${o.error!.message})`).join(' ')}` : ''
    return fail(new CustosError(base.code, `${base.message}${suffix}`, base.details))
  }
  for (const r of combined.rejected) {
    const outcome = outcomes.find((o) => o.source === r.source && o.ok)
    if (outcome) Object.assign(outcome, { ok: false, error: r.error })
  }
  const used = new Set(combined.used.map((u) => u.source))
  return {
    setId: activeSetId,
    bundle: combined.bundle,
    accepted: accepted
      .filter((a) => used.has(a.input.source))
      .map((a) => ({ index: a.index, custodianId: a.custodianId, shareFingerprint: shareFingerprint(formatPayload(a.share)) })),
    outcomes,
    notices: combined.notices,
    exceptions,
  }
}
