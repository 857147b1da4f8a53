// Who holds which sheet: every copy of every share goes to a different custodian, and no
// group of fewer than K custodians may hold K different shares between them.
import { CustosError } from '../../../shared/errors'

export interface SheetAssignment {
  index: number
  copy: number
  custodianId: string
}

/** Spreads copies over custodians in turn: share 1 copy 1, share 2 copy 1, ... then copy 2. */
export function autoAssign(total: number, copies: number, custodianIds: string[]): SheetAssignment[] {
  const sheets: SheetAssignment[] = []
  let next = 0
  for (let copy = 1; copy <= copies; copy++) {
    for (let index = 1; index <= total; index++) {
      sheets.push({ index, copy, custodianId: custodianIds[next++ % Math.max(1, custodianIds.length)] ?? '' })
    }
  }
  return sheets
}

export function checkAssignment(threshold: number, total: number, copies: number, sheets: SheetAssignment[]): void {
  const key = (s: { index: number; copy: number }) => `${s.index}.${s.copy}`
  const seen = new Map<string, SheetAssignment>()
  for (const sheet of sheets) {
    if (sheet.index < 1 || sheet.index > total || sheet.copy < 1 || sheet.copy > copies) {
      throw invalid(`Sheet ${key(sheet)} does not exist in a ${threshold}-of-${total} set with ${copies} copies.`)
    }
    if (seen.has(key(sheet))) throw invalid(`Sheet ${key(sheet)} is assigned twice.`)
    seen.set(key(sheet), sheet)
  }
  const missing: string[] = []
  for (let index = 1; index <= total; index++) for (let copy = 1; copy <= copies; copy++) if (!seen.has(`${index}.${copy}`)) missing.push(`${index}.${copy}`)
  if (missing.length) throw invalid(`Sheets ${missing.join(', ')} have no custodian. Assign every sheet.`)

  const holdings = new Map<string, Set<number>>()
  for (const sheet of sheets) {
    const held = holdings.get(sheet.custodianId) ?? new Set<number>()
    if (held.has(sheet.index)) {
      throw invalid(`${sheet.custodianId} would hold two copies of share ${sheet.index}. Give each copy to a different custodian.`)
    }
    held.add(sheet.index)
    holdings.set(sheet.custodianId, held)
  }
  const group = smallestGroupReaching(threshold, [...holdings.entries()])
  if (group && group.length < threshold) {
    throw invalid(
      `${group.join(', ')} (${group.length} people) would hold ${threshold} different shares between them, ` +
        `so fewer than ${threshold} people could recover the credential. ` +
        `Spread the sheets over more custodians (at least ${threshold} distinct holders per ${threshold} shares).`,
    )
  }
}

/** The smallest group of custodians whose sheets cover `threshold` distinct shares, if it is smaller than threshold. */
function smallestGroupReaching(threshold: number, holdings: [string, Set<number>][]): string[] | undefined {
  const sorted = [...holdings].sort((a, b) => b[1].size - a[1].size)
  let best: string[] | undefined
  const search = (start: number, chosen: string[], covered: Set<number>) => {
    if (covered.size >= threshold) {
      if (!best || chosen.length < best.length) best = [...chosen]
      return
    }
    if (chosen.length >= threshold - 1 || (best && chosen.length + 1 >= best.length)) return
    // Prune: even the largest remaining holdings cannot reach the threshold in time.
    const room = threshold - 1 - chosen.length
    const reachable = sorted.slice(start, start + room).reduce((n, [, h]) => n + h.size, covered.size)
    if (reachable < threshold) return
    for (let i = start; i < sorted.length; i++) {
      const [id, held] = sorted[i]!
      search(i + 1, [...chosen, id], new Set([...covered, ...held]))
    }
  }
  search(0, [], new Set())
  return best
}

function invalid(message: string): CustosError {
  return new CustosError('ASSIGNMENT_INVALID', message)
}
