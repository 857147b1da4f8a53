// What a person is told about each presented sheet: the backend's verdict (quorum.check) as
// one headline ("Sheet 2 of 3 needed: share 2 valid, presented by Bob Keller") or a named
// problem with the backend's actionable message.
import type { PresentationCheckView, QuorumCheckView } from './use-quorum'

export interface SheetFeedback {
  tone: 'ok' | 'extra' | 'bad' | 'pending'
  /** Short, e.g. "From a retired set". */
  title: string
  /** The sentence read out and shown. */
  text: string
}

/** Headings for the refusals a custodian can fix by choosing another sheet or presenter. */
const PROBLEM_TITLES: Record<string, string> = {
  SHARE_FROM_RETIRED_SET: 'From a retired set',
  SHARE_NOT_ACTIVE_SET: 'From another set',
  SHARE_FROM_OTHER_SET: 'From another set',
  SHARE_FROM_OTHER_VAULT: 'From another vault',
  SHARE_ALREADY_PRESENTED: 'Already presented',
  DUPLICATE_SHARE: 'Already presented',
  SHARE_INDEX_CONFLICT: 'Already presented',
  SHEET_NOT_HELD_BY_PRESENTER: 'Not held by this presenter',
  CUSTODIAN_NOT_FOUND: 'Choose who presents it',
  OPERATOR_MAY_NOT_PRESENT: 'The operator may not present it',
  SHARE_CHECKSUM_MISMATCH: 'Damaged sheet',
  SHARE_TRUNCATED: 'Damaged sheet',
  SHARE_UNREADABLE: 'Damaged sheet',
  SHARE_SIGNATURE_INVALID: 'Damaged or forged sheet',
  SHARE_VERSION_UNSUPPORTED: 'Unsupported sheet',
  SHARE_INDEX_OUT_OF_RANGE: 'Damaged sheet',
  SHARE_HEADER_MISMATCH: 'Does not match the set',
}

export function problemTitle(code: string): string {
  return PROBLEM_TITLES[code] ?? 'Cannot count'
}

/**
 * @param ordinal the sheet's place among the valid ones (1-based), for "Sheet 2 of 3 needed".
 * @param presenterName who the person chose, for the sentence.
 */
export function feedbackOf(
  verdict: PresentationCheckView | undefined,
  quorum: Pick<QuorumCheckView, 'threshold'> | undefined,
  ordinal: number,
  presenterName: string | undefined,
): SheetFeedback {
  if (!verdict || !quorum) return { tone: 'pending', title: 'Checking…', text: 'Checking this sheet…' }
  if (!verdict.ok) {
    const code = verdict.error?.code ?? 'INTERNAL'
    if (code === 'CUSTODIAN_NOT_FOUND' && !verdict.custodianId) {
      const names = [...new Set(verdict.holders.map((h) => h.name))]
      const text =
        names.length > 1 && verdict.index !== undefined
          ? `${names.join(' and ')} each hold a copy of share ${verdict.index}: choose who is presenting this sheet.`
          : 'Choose the custodian presenting this sheet.'
      return { tone: 'bad', title: problemTitle(code), text }
    }
    return { tone: 'bad', title: problemTitle(code), text: verdict.error?.message ?? 'This sheet cannot count towards the quorum.' }
  }
  const share = verdict.index !== undefined ? `share ${verdict.index}` : 'share'
  const by = presenterName ? `, presented by ${presenterName}` : ''
  if (ordinal > quorum.threshold) {
    return { tone: 'extra', title: 'Valid, not needed', text: `Extra sheet: ${share} valid${by}. The quorum is already met.` }
  }
  return { tone: 'ok', title: 'Valid', text: `Sheet ${ordinal} of ${quorum.threshold} needed: ${share} valid${by}` }
}

/** One line for a result that is settled (a drill's record): "share 2 valid, presented by Bob Keller". */
export function settledText(verdict: PresentationCheckView, presenterName: string | undefined): string {
  if (!verdict.ok) return `${problemTitle(verdict.error?.code ?? 'INTERNAL')}: ${verdict.error?.message ?? 'it could not count.'}`
  const share = verdict.index !== undefined ? `share ${verdict.index}` : 'share'
  return `${share} valid${presenterName ? `, presented by ${presenterName}` : ''}`
}

/** "1 of 3 sheets needed" / "Ready: 3 of 3 sheets needed" for the panel's progress line. */
export function progressText(check: Pick<QuorumCheckView, 'threshold' | 'valid' | 'ready' | 'blocked'> | undefined, count: number): string {
  if (!check) return count === 0 ? 'No sheet presented yet.' : 'Checking the sheets…'
  const valid = Math.min(check.valid, check.threshold)
  if (check.blocked) return `${valid} of ${check.threshold} sheets needed are valid, but they cannot be used: ${check.blocked.message}`
  if (check.ready) return `Quorum met: ${valid} of ${check.threshold} sheets needed are valid.`
  const left = check.threshold - check.valid
  return `${valid} of ${check.threshold} sheets needed are valid; ${left} more ${left === 1 ? 'sheet is' : 'sheets are'} needed.`
}
