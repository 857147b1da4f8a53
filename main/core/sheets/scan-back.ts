// Scan-back verification: after printing, every sheet of a set is scanned and checked on
// its own (readable, this set, signed by this vault, the sheet it was said to be) and the
// set is test-recombined. Images, camera frames and typed entry all become scan items and
// go through verifyScanItems. The credential is opened only to prove the set works and is
// never returned or printed.
import { normalizeSetId } from '../../../shared/set-id'
import { CustosError, toErrorInfo, type ErrorInfo } from '../../../shared/errors'
import { combineShares, checkShare, type ShareInput } from '../shares/combine'
import type { VaultPublicKey } from '../vault/vault-key'
import type { CustodyMarker } from './custody-marker'
import { readSheetImage } from './image-shares'
import { shareInputFromSheetText } from './sheet-text'

export interface ScannedImage {
  /** How the person knows the image: its file name or "camera shot 3". */
  source: string
  bytes: Uint8Array
}

/** Which printed sheet the person says they scanned: share index and copy number. */
export interface DeclaredSheet {
  index: number
  copy: number
}

/** One thing scanned: a text read from a QR code or typed, or a failure to read anything. */
export interface ScanItem {
  source: string
  /** The share text read; absent when nothing could be read (then `unread` says why). */
  payload?: string
  unread?: ErrorInfo
  declared?: DeclaredSheet
}

export interface ScanBackRequest {
  vault: VaultPublicKey
  /** The set just printed; sheets of any other set are reported, never counted. */
  setId: string
  images: ScannedImage[]
  /** Copies printed of each share; when given, each share must be seen exactly that often. */
  copies?: number
}

export interface ScanItemsRequest {
  vault: VaultPublicKey
  setId: string
  items: ScanItem[]
  /** Copies printed of each share; when given, every copy must be scanned. */
  copies?: number
}

export interface ScannedSheet {
  source: string
  /** Share index the QR code carries, when it could be read and authenticated. */
  index?: number
  /** Format 2 sheets: the copy number the QR code carries (signed), so the sheet names itself. */
  copy?: number
  /** The sheet the person said this was, if they said. */
  declared?: DeclaredSheet
  ok: boolean
  problem?: ErrorInfo
}

export interface ScanBackReport {
  setId: string
  /** True only if every image held good sheets of this set, every share was seen and the set recombines. */
  ok: boolean
  threshold?: number
  total?: number
  /** One entry per QR code found or text given (or per image in which none was found). */
  sheets: ScannedSheet[]
  /** Each share index seen, how many times (copies), and in which images. */
  seen: { index: number; copies: number; sources: string[] }[]
  missingIndexes: number[]
  /** Whether the good sheets open the sealed credential and every one of them fits. */
  recombines: boolean
  recombineProblem?: ErrorInfo
  /** Plain sentences, one per thing to fix; empty when ok. */
  problems: string[]
  /** Images that were a sheet's back page (its custody record): set aside, neither a sheet nor a problem. */
  custodyRecords?: ({ source: string } & CustodyMarker)[]
}

export { normalizeSetId }

function requireSetId(text: string): string {
  const setId = normalizeSetId(text)
  if (!/^[0-9A-Z]{8}$/.test(setId)) {
    throw new CustosError('USAGE', `"${text}" is not a set id; it has 8 characters, e.g. V5Q0-6ES4.`)
  }
  return setId
}

/**
 * Images: each QR code found becomes one scan item; a sheet's back page (its custody record)
 * is set aside; an image with neither becomes an unread item.
 */
export async function verifyScannedSheets(request: ScanBackRequest): Promise<ScanBackReport> {
  requireSetId(request.setId)
  if (request.images.length === 0) {
    throw new CustosError('USAGE', 'Give the scans or photos of every printed sheet of the set to verify.')
  }
  const items: ScanItem[] = []
  const custodyRecords: ({ source: string } & CustodyMarker)[] = []
  for (const image of request.images) {
    try {
      const read = await readSheetImage(image.source, image.bytes)
      if (read.custodyRecord) custodyRecords.push({ source: image.source, ...read.custodyRecord })
      items.push(...read.inputs)
    } catch (error) {
      items.push({ source: image.source, unread: toErrorInfo(error) })
    }
  }
  if (items.length === 0) {
    throw new CustosError(
      'USAGE',
      `Every image given (${request.images.length}) is the custody record on the back of a sheet. Scan the front of every printed sheet, the side with the QR code.`,
    )
  }
  const report = verifyScanItems({ vault: request.vault, setId: request.setId, items, ...(request.copies !== undefined ? { copies: request.copies } : {}) })
  return custodyRecords.length > 0 ? { ...report, custodyRecords } : report
}

const sheetName = (d: DeclaredSheet) => `${d.index}.${d.copy}`

export function verifyScanItems(request: ScanItemsRequest): ScanBackReport {
  const setId = requireSetId(request.setId)
  if (request.items.length === 0) {
    throw new CustosError('USAGE', 'Scan every printed sheet of the set to verify.')
  }
  const sheets: ScannedSheet[] = []
  const good: ShareInput[] = []
  let threshold: number | undefined
  let total: number | undefined

  for (const item of request.items) {
    const declared = item.declared ? { declared: item.declared } : {}
    if (item.payload === undefined) {
      const problem = item.unread ?? new CustosError('SHARE_UNREADABLE', `Nothing was read from ${item.source}; scan it again.`).toInfo()
      sheets.push({ source: item.source, ...declared, ok: false, problem })
      continue
    }
    try {
      const input = shareInputFromSheetText({ source: item.source, payload: item.payload })
      const share = checkShare(input, request.vault)
      if (share.header.setId !== setId) {
        throw new CustosError(
          'SHARE_FROM_OTHER_SET',
          `${input.source} is share ${share.index} of set ${share.header.setId}, not of set ${setId} being verified. ` +
            'Keep it apart from the new sheets; if that set was retired, destroy it.',
          { source: input.source, setId: share.header.setId },
        )
      }
      if (item.declared) checkDeclared(item.declared, share.index, share.header.total, request.copies, input.source, setId, share.copy)
      if (share.copy !== undefined && request.copies !== undefined && share.copy > request.copies) {
        throw new CustosError(
          'SHEET_NOT_FOUND',
          `${input.source} is share ${share.index} copy ${share.copy}, but ${request.copies} cop${request.copies === 1 ? 'y was' : 'ies were'} printed of set ${setId}. ` +
            'It is not a sheet of this print run; find out where it came from.',
          { source: input.source, index: share.index, copy: share.copy },
        )
      }
      threshold ??= share.header.threshold
      total ??= share.header.total
      sheets.push({ source: input.source, index: share.index, ...(share.copy !== undefined ? { copy: share.copy } : {}), ...declared, ok: true })
      good.push(input)
    } catch (error) {
      sheets.push({ source: item.source, ...declared, ok: false, problem: toErrorInfo(error) })
    }
  }

  // Copies count once each: by the copy the sheet carries (format 2) or was declared as (the
  // same sheet twice is one), else by scan.
  const byIndex = new Map<number, { sources: string[]; copies: Set<string> }>()
  for (const sheet of sheets) {
    if (!sheet.ok || sheet.index === undefined) continue
    const entry = byIndex.get(sheet.index) ?? { sources: [], copies: new Set<string>() }
    entry.sources.push(sheet.source)
    const copy = sheet.copy ?? sheet.declared?.copy
    entry.copies.add(copy !== undefined ? `copy ${copy}` : `scan ${entry.sources.length}`)
    byIndex.set(sheet.index, entry)
  }
  const seen = [...byIndex]
    .sort(([a], [b]) => a - b)
    .map(([index, { sources, copies }]) => ({ index, copies: copies.size, sources }))
  const missingIndexes = total ? range(1, total).filter((i) => !byIndex.has(i)) : []
  // Every sheet named (declared, or carrying its copy number): the missing sheets can be listed exactly.
  const allDeclared = sheets.every((sheet) => sheet.declared || sheet.copy !== undefined)

  let recombines = false
  let recombineProblem: ErrorInfo | undefined
  if (good.length > 0) {
    try {
      const result = combineShares(good, request.vault)
      // Only the shape of the result is kept: the bundle goes out of scope here.
      const fitting = new Set(result.used.map((u) => u.index))
      const misfits = [...byIndex.keys()].filter((i) => !fitting.has(i))
      recombines = misfits.length === 0 && result.rejected.length === 0
      if (!recombines) {
        recombineProblem = new CustosError(
          'ENVELOPE_OPEN_FAILED',
          `Share(s) ${misfits.join(', ')} of set ${setId} do not fit the others although they are signed. ` +
            'Do not hand out this set; destroy it and split again.',
          { setId, misfits },
        ).toInfo()
      }
    } catch (error) {
      recombineProblem = toErrorInfo(error)
    }
  }

  const problems: string[] = []
  for (const sheet of sheets) if (sheet.problem) problems.push(sheet.problem.message)
  if (good.length === 0) problems.push(`No sheet of set ${setId} was read; scan the printed sheets of that set.`)
  if (allDeclared && total !== undefined && request.copies !== undefined) {
    // Every sheet was named: say exactly which printed sheets were not scanned.
    const scanned = new Set(
      sheets
        .filter((s) => s.ok && s.index !== undefined && (s.copy ?? s.declared?.copy) !== undefined)
        .map((s) => sheetName({ index: s.index!, copy: (s.copy ?? s.declared?.copy)! })),
    )
    const missing = range(1, total).flatMap((index) =>
      range(1, request.copies!).map((copy) => sheetName({ index, copy })).filter((name) => !scanned.has(name)),
    )
    if (missing.length > 0) {
      problems.push(
        `Sheet${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of set ${setId} ${missing.length === 1 ? 'was' : 'were'} not scanned ` +
          'or did not pass: scan every printed sheet (reprint any that is missing).',
      )
    }
  } else {
    if (missingIndexes.length > 0) {
      problems.push(
        `No scan showed share${missingIndexes.length === 1 ? '' : 's'} ${missingIndexes.join(', ')} of set ${setId}: ` +
          'scan those sheets too (reprint them if they are missing).',
      )
    }
    if (request.copies !== undefined) {
      for (const { index, copies } of seen) {
        if (copies !== request.copies) {
          problems.push(
            `Share ${index} was seen ${copies} time${copies === 1 ? '' : 's'} but ${request.copies} ` +
              `cop${request.copies === 1 ? 'y was' : 'ies were'} printed: ` +
              (copies < request.copies ? 'scan every copy.' : 'a sheet was scanned twice or an extra copy exists; find out which.'),
          )
        }
      }
    }
  }
  if (recombineProblem && good.length > 0) problems.push(`The set does not recombine: ${recombineProblem.message}`)

  return {
    setId,
    ok: problems.length === 0 && recombines,
    threshold,
    total,
    sheets,
    seen,
    missingIndexes,
    recombines,
    ...(recombineProblem ? { recombineProblem } : {}),
    problems,
  }
}

/** A scanned sheet must be the one the person named: its share index and an existing copy. */
function checkDeclared(
  declared: DeclaredSheet,
  index: number,
  total: number,
  copies: number | undefined,
  source: string,
  setId: string,
  carriedCopy: number | undefined,
): void {
  if (declared.index > total || (copies !== undefined && declared.copy > copies)) {
    throw new CustosError(
      'SHEET_NOT_FOUND',
      `${source} was named sheet ${sheetName(declared)}, but set ${setId} has shares 1 to ${total}` +
        (copies !== undefined ? ` with ${copies} cop${copies === 1 ? 'y' : 'ies'} each` : '') +
        '. Name the sheet as printed at its top (share and copy).',
      { source, declared },
    )
  }
  if (declared.index !== index) {
    throw new CustosError(
      'SHARE_INDEX_CONFLICT',
      `${source} was scanned as sheet ${sheetName(declared)} but carries share ${index} of set ${setId}. ` +
        `Scan sheet ${sheetName(declared)} in its place, or check which sheet you are holding.`,
      { source, declared, index },
    )
  }
  if (carriedCopy !== undefined && carriedCopy !== declared.copy) {
    throw new CustosError(
      'SHARE_INDEX_CONFLICT',
      `${source} was scanned as sheet ${sheetName(declared)} but is sheet ${sheetName({ index, copy: carriedCopy })} of set ${setId} ` +
        `(the copy number is part of the signed QR code). Scan sheet ${sheetName(declared)} in its place, or check which sheet you are holding.`,
      { source, declared, index, copy: carriedCopy },
    )
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}
