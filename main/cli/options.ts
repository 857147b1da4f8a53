// Parsers for option values: each refuses a bad value with commander's InvalidArgumentError,
// which the program reports on one line and exits 2 (README "Exit codes"), never a stack trace.
import { InvalidArgumentError } from 'commander'
import { MAX_SHARES } from '../../shared/share-format'
import { parseSheetLabel } from '../core/api'

/** A whole number of at most 6 digits (counts, sequence numbers, K and N). */
export function wholeNumber(value: string): number {
  if (!/^\d{1,6}$/.test(value.trim())) throw new InvalidArgumentError(`"${value}" is not a whole number.`)
  return Number(value.trim())
}

/** A whole number from 1 up. */
export function positiveNumber(value: string): number {
  const n = wholeNumber(value)
  if (n < 1) throw new InvalidArgumentError(`"${value}" must be 1 or more.`)
  return n
}

/** Hours or days, fractions allowed (e.g. 0.5 hours), more than zero. */
export function duration(value: string): number {
  const n = Number(value.trim())
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0)) throw new InvalidArgumentError(`"${value}" is not a positive number.`)
  return n
}

/** Copies printed of each share: 1 to 9, as many as a sheet's copy digit can name. */
export function copiesOption(value: string): number {
  const n = /^\d{1,2}$/.test(value.trim()) ? Number(value.trim()) : NaN
  if (!(n >= 1 && n <= 9)) throw new InvalidArgumentError(`"${value}" is not a number of copies between 1 and 9.`)
  return n
}

export type PageSize = 'A4' | 'LETTER'

export function pageSizeOption(value: string): PageSize {
  const size = value.trim().toUpperCase()
  if (size === 'A4' || size === 'LETTER') return size
  throw new InvalidArgumentError(`"${value}" is not a page size; use a4 or letter.`)
}

/** "2.1": share 2, copy 1, as printed on the sheet. */
export function sheetOption(value: string): { index: number; copy: number } {
  const sheet = parseSheetLabel(value)
  if (!sheet || sheet.index < 1 || sheet.index > MAX_SHARES || sheet.copy < 1) {
    throw new InvalidArgumentError(`"${value}" is not a sheet; write share and copy as on the sheet, e.g. 2.1.`)
  }
  return sheet
}

export function yesNo(value: string): boolean {
  if (/^(y|yes|true)$/i.test(value.trim())) return true
  if (/^(n|no|false)$/i.test(value.trim())) return false
  throw new InvalidArgumentError(`answer yes or no, not "${value}".`)
}

/** For commander: lets an option be given several times. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}
