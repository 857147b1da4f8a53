// Which printed sheet each scan stands for. A sheet that carries its copy number (format
// version 2) counts as exactly that sheet, and only when it was decoded. Older sheets carry
// the same QR code on every copy: a read counts as the next copy not yet seen, and from the
// camera a share just counted is locked until "Next sheet", so one sheet never counts twice.
import { parsePayload } from '../../shared/share-format'

export type ReadVia = 'camera' | 'image' | 'typed'

export interface TallySheet {
  index: number
  copy: number
  custodianName: string
  read?: { source: string; payload: string; via: ReadVia }
}

export interface Tally {
  setId: string
  copies: number
  sheets: TallySheet[]
  /** Shares counted from the camera since the last "Next sheet". */
  locked: number[]
}

export type ReadOutcome =
  | { kind: 'counted'; index: number; copy: number; custodianName: string; total: number }
  | { kind: 'press-next-sheet'; index: number; copy: number }
  | { kind: 'all-copies-seen'; index: number }
  | { kind: 'already-read'; index: number; copy: number }
  | { kind: 'other-set'; setId: string; index: number }
  | { kind: 'not-printed'; index: number; copy: number }
  | { kind: 'unreadable'; message: string }

export function newTally(setId: string, copies: number, sheets: { index: number; copy: number; custodianName: string }[]): Tally {
  return {
    setId: setId.toUpperCase(),
    copies,
    sheets: sheets
      .map((s) => ({ index: s.index, copy: s.copy, custodianName: s.custodianName }))
      .sort((a, b) => a.index - b.index || a.copy - b.copy),
    locked: [],
  }
}

/** Counts one sheet text; the tally is returned new (React state), never changed in place. */
export function recordRead(tally: Tally, payload: string, source: string, via: ReadVia): { tally: Tally; outcome: ReadOutcome } {
  let index: number
  let copy: number | undefined
  try {
    const share = parsePayload(payload, source) as ReturnType<typeof parsePayload> & { copy?: number }
    if (share.header.setId !== tally.setId) return { tally, outcome: { kind: 'other-set', setId: share.header.setId, index: share.index } }
    index = share.index
    copy = share.copy
  } catch (error) {
    return { tally, outcome: { kind: 'unreadable', message: error instanceof Error ? error.message : String(error) } }
  }
  const ofShare = tally.sheets.filter((s) => s.index === index)
  if (copy !== undefined) {
    // The sheet says which copy it is: that sheet, and no other, is seen.
    const exact = ofShare.find((s) => s.copy === copy)
    if (!exact) return { tally, outcome: { kind: 'not-printed', index, copy } }
    if (exact.read) return { tally, outcome: { kind: 'already-read', index, copy } }
    const sheets = tally.sheets.map((s) => (s === exact ? { ...s, read: { source, payload: payload.trim(), via } } : s))
    return { tally: { ...tally, sheets }, outcome: { kind: 'counted', index, copy, custodianName: exact.custodianName, total: ofShare.length } }
  }
  // The same file imported twice, or the same typed text: the same sheet, not another copy.
  const same = ofShare.find((s) => s.read && s.read.source === source && s.read.payload === payload)
  if (same && via !== 'camera') return { tally, outcome: { kind: 'already-read', index, copy: same.copy } }
  if (via === 'camera' && tally.locked.includes(index)) {
    const last = [...ofShare].reverse().find((s) => s.read?.via === 'camera')
    return { tally, outcome: { kind: 'press-next-sheet', index, copy: last?.copy ?? 1 } }
  }
  const next = ofShare.find((s) => !s.read)
  if (!next) return { tally, outcome: { kind: 'all-copies-seen', index } }
  const sheets = tally.sheets.map((s) => (s === next ? { ...s, read: { source, payload: payload.trim(), via } } : s))
  return {
    tally: { ...tally, sheets, locked: via === 'camera' ? [...tally.locked, index] : tally.locked },
    outcome: { kind: 'counted', index, copy: next.copy, custodianName: next.custodianName, total: ofShare.length },
  }
}

/** "Next sheet": the next read of a share already counted is another copy. */
export function nextSheet(tally: Tally): Tally {
  return tally.locked.length === 0 ? tally : { ...tally, locked: [] }
}

/** Forgets one sheet's scan (to scan it again after a failed check). */
export function clearSheet(tally: Tally, index: number, copy: number): Tally {
  return {
    ...tally,
    sheets: tally.sheets.map((s) => (s.index === index && s.copy === copy ? { index: s.index, copy: s.copy, custodianName: s.custodianName } : s)),
    locked: tally.locked.filter((i) => i !== index),
  }
}

export function seenCount(tally: Tally): number {
  return tally.sheets.filter((s) => s.read).length
}

/** The outcome in one sentence, for the live feedback line. */
export function describeOutcome(outcome: ReadOutcome, copies: number): { tone: 'ok' | 'warn' | 'bad'; text: string } {
  const copyText = (copy: number) => (copies > 1 ? `, copy ${copy}` : '')
  switch (outcome.kind) {
    case 'counted':
      return { tone: 'ok', text: `Share ${outcome.index}${copyText(outcome.copy)} (${outcome.custodianName}): seen.` }
    case 'press-next-sheet':
      return {
        tone: 'warn',
        text: `Share ${outcome.index}${copyText(outcome.copy)} is already counted. To count another copy of share ${outcome.index}, hold it up and press Next sheet.`,
      }
    case 'all-copies-seen':
      return { tone: 'warn', text: `Every copy of share ${outcome.index} has already been seen; this one was not counted again.` }
    case 'already-read':
      return { tone: 'warn', text: `That is share ${outcome.index}${copyText(outcome.copy)} again, already counted.` }
    case 'other-set':
      return {
        tone: 'bad',
        text: `That sheet is share ${outcome.index} of set ${outcome.setId}, not of the set being issued. Keep it apart from the new sheets.`,
      }
    case 'not-printed':
      return { tone: 'bad', text: `That sheet says it is copy ${outcome.copy} of share ${outcome.index}, which this set did not print. Keep it apart and check where it came from.` }
    case 'unreadable':
      return { tone: 'bad', text: outcome.message }
  }
}
