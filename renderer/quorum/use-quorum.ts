// The sheets presented at a quorum (break glass or drill) and the backend's live verdict on
// them: every change to the list is sent to quorum.check (which logs nothing); a sheet just
// recognised gets as presenter the custodian the log says holds that very sheet (its copy
// number, or the share's only holder); when the share has several holders and the sheet does
// not say which copy it is, the person is asked, never guessed for.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { OperationInput, OperationOutput } from '../../shared/api'
import { parsePayload } from '../../shared/share-format'
import { call, messageOf } from '../custos-client'

export type QuorumCheckView = OperationOutput<'quorum.check'>
export type PresentationCheckView = QuorumCheckView['checks'][number]
export type Presentation = OperationInput<'release.grant'>['presentations'][number]

/** How the sheet reached the app. */
export type SheetOrigin = 'camera' | 'image' | 'typed'

export interface PresentedSheet {
  /** Stable React key; never sent. */
  key: number
  origin: SheetOrigin
  /** Unique within the list: the backend's feedback is matched back by it. */
  source: string
  payload: string
  /** '' until the log names a holder or someone picks the presenter. */
  custodianId: string
  /** True once the presenter was picked by hand: no preselection overrides a person. */
  chosen: boolean
}

export type CheckState =
  | { status: 'idle' }
  | { status: 'checking'; previous?: QuorumCheckView; previousList?: Presentation[] }
  | { status: 'checked'; value: QuorumCheckView; list: Presentation[] }
  | { status: 'error'; message: string }

/** Performance marks the desktop benchmark reads (test/bench/desktop.bench.ts). */
export const MARK_SHEET_RECOGNISED = 'custos:sheet-recognised'
export const MARK_QUORUM_READY = 'custos:quorum-ready'

export interface Quorum {
  sheets: PresentedSheet[]
  check: CheckState
  /** The verdict on one sheet, when the latest check covers it. */
  checkOf(sheet: PresentedSheet): PresentationCheckView | undefined
  /** Adds a sheet; a camera re-reading a sheet already listed is not added again (returns that sheet). */
  add(origin: SheetOrigin, source: string, payload: string): { added: boolean; sheet: PresentedSheet }
  remove(key: number): void
  setPresenter(key: number, custodianId: string): void
  /** True when the latest check of exactly this list says the quorum is met. */
  ready: boolean
  presentations(): Presentation[]
  clear(): void
}

/** releaseId: the release the quorum is for, so the live check applies its operator rule too. */
export function useQuorum(methodId: string, releaseId?: string): Quorum {
  const [sheets, setSheets] = useState<PresentedSheet[]>([])
  const [check, setCheck] = useState<CheckState>({ status: 'idle' })
  const nextKey = useRef(1)
  const generation = useRef(0)
  // The list as last sent, so add() can dedupe synchronously between renders (camera frames arrive fast).
  const current = useRef<PresentedSheet[]>([])
  current.current = sheets
  const wasReady = useRef(false)

  useEffect(() => {
    const mine = ++generation.current
    if (sheets.length === 0) {
      setCheck({ status: 'idle' })
      wasReady.current = false
      return
    }
    setCheck((state) =>
      state.status === 'checked'
        ? { status: 'checking', previous: state.value, previousList: state.list }
        : state.status === 'checking'
          ? state
          : { status: 'checking' },
    )
    const input = { methodId, ...(releaseId ? { releaseId } : {}), presentations: sheets.map(toPresentation) }
    call('quorum.check', input).then(
      (value) => {
        if (mine !== generation.current) return
        // Preselect the holder the log names for sheets nobody has picked a presenter for.
        const preselect = new Map<number, string>()
        sheets.forEach((sheet, i) => {
          const verdict = value.checks[i]
          if (sheet.chosen || sheet.custodianId || !verdict || verdict.source !== sheet.source) return
          const holder = pickHolder(verdict, sheet)
          if (holder) preselect.set(sheet.key, holder)
        })
        if (preselect.size > 0) {
          // Checked again with the presenters; the list changes, so this effect runs once more.
          setSheets((list) => list.map((s) => (preselect.has(s.key) && !s.chosen && !s.custodianId ? { ...s, custodianId: preselect.get(s.key)! } : s)))
          return
        }
        if (value.ready && !wasReady.current) performance.mark(MARK_QUORUM_READY)
        wasReady.current = value.ready
        setCheck({ status: 'checked', value, list: input.presentations })
      },
      (error: unknown) => {
        if (mine !== generation.current) return
        wasReady.current = false
        setCheck({ status: 'error', message: messageOf(error) })
      },
    )
  }, [sheets, methodId, releaseId])

  const add = useCallback((origin: SheetOrigin, source: string, payload: string) => {
    const text = payload.trim()
    const list = current.current
    if (origin === 'camera') {
      // The same sheet stays in front of the camera for many frames: one sheet, listed once.
      const seen = list.find((s) => s.origin === 'camera' && s.payload === text)
      if (seen) return { added: false, sheet: seen }
    }
    performance.mark(MARK_SHEET_RECOGNISED)
    const taken = new Set(list.map((s) => s.source))
    let unique = source
    for (let n = 2; taken.has(unique); n++) unique = `${source} (${n})`
    const sheet: PresentedSheet = { key: nextKey.current++, origin, source: unique, payload: text, custodianId: '', chosen: false }
    current.current = [...list, sheet]
    setSheets(current.current)
    return { added: true, sheet }
  }, [])

  const remove = useCallback((key: number) => {
    current.current = current.current.filter((s) => s.key !== key)
    setSheets(current.current)
  }, [])

  const setPresenter = useCallback((key: number, custodianId: string) => {
    current.current = current.current.map((s) => (s.key === key ? { ...s, custodianId, chosen: true } : s))
    setSheets(current.current)
  }, [])

  const clear = useCallback(() => {
    current.current = []
    setSheets([])
  }, [])

  const checkOf = (sheet: PresentedSheet) => {
    const value = check.status === 'checked' ? check.value : check.status === 'checking' ? check.previous : undefined
    return value?.checks.find((c) => c.source === sheet.source)
  }
  // Ready when the latest verdict said so for these sheets, or for sheets the list still starts
  // with: checks run in order, so a sheet added later cannot undo one already counted, and a
  // click while an extra sheet is being checked is not lost to a briefly disabled button.
  const basis =
    check.status === 'checked' ? { value: check.value, list: check.list } : check.status === 'checking' && check.previous ? { value: check.previous, list: check.previousList ?? [] } : undefined
  const listed = sheets.map(toPresentation)
  const ready = basis !== undefined && basis.value.ready && basis.list.length <= listed.length && basis.list.every((p, i) => samePresentation(p, listed[i]!))

  return { sheets, check, checkOf, add, remove, setPresenter, ready, presentations: () => sheets.map(toPresentation), clear }
}

function samePresentation(a: Presentation, b: Presentation): boolean {
  return a.source === b.source && a.custodianId === b.custodianId && a.payload === b.payload
}

function toPresentation(sheet: PresentedSheet): Presentation {
  return { custodianId: sheet.custodianId, source: sheet.source, payload: sheet.payload }
}

/**
 * The presenter the log names for this very sheet: the holder of its copy when the sheet
 * carries a copy number, else the share's only holder. Undefined when several people hold
 * copies of the share and the sheet does not say which it is: then the person is asked.
 */
function pickHolder(verdict: PresentationCheckView, sheet: PresentedSheet): string | undefined {
  const copy = copyOf(sheet.payload)
  if (copy !== undefined) return verdict.holders.find((h) => h.copy === copy)?.custodianId
  return verdict.holders.length === 1 ? verdict.holders[0]!.custodianId : undefined
}

/** The copy number a sheet carries (format version 2), if any. */
export function copyOf(payload: string): number | undefined {
  try {
    return (parsePayload(payload, 'sheet') as { copy?: number }).copy
  } catch {
    return undefined
  }
}
