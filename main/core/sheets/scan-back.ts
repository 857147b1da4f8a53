// Scan-back verification: after printing, every sheet of a set is scanned and checked on
// its own (readable, this set, signed by this vault) and the set is test-recombined. The
// credential is opened only to prove the set works and is never returned or printed.
import { CustosError, toErrorInfo, type ErrorInfo } from '../../../shared/errors'
import { combineShares, checkShare, type ShareInput } from '../shares/combine'
import type { VaultPublicKey } from '../vault/vault-key'
import { shareInputsFromImage } from './image-shares'

export interface ScannedImage {
  /** How the person knows the image: its file name or "camera shot 3". */
  source: string
  bytes: Uint8Array
}

export interface ScanBackRequest {
  vault: VaultPublicKey
  /** The set just printed; sheets of any other set are reported, never counted. */
  setId: string
  images: ScannedImage[]
  /** Copies printed of each share; when given, each share must be seen exactly that often. */
  copies?: number
}

export interface ScannedSheet {
  source: string
  /** Share index the QR code carries, when it could be read and authenticated. */
  index?: number
  ok: boolean
  problem?: ErrorInfo
}

export interface ScanBackReport {
  setId: string
  /** True only if every image held good sheets of this set, every share was seen and the set recombines. */
  ok: boolean
  threshold?: number
  total?: number
  /** One entry per QR code found (or per image in which none was found). */
  sheets: ScannedSheet[]
  /** Each share index seen, how many times (copies), and in which images. */
  seen: { index: number; copies: number; sources: string[] }[]
  missingIndexes: number[]
  /** Whether the good sheets open the sealed credential and every one of them fits. */
  recombines: boolean
  recombineProblem?: ErrorInfo
  /** Plain sentences, one per thing to fix; empty when ok. */
  problems: string[]
}

/** Accepts "V5Q0-6ES4", "v5q0 6es4" or "V5Q06ES4". */
export function normalizeSetId(text: string): string {
  return text.replace(/[\s-]+/g, '').toUpperCase()
}

export async function verifyScannedSheets(request: ScanBackRequest): Promise<ScanBackReport> {
  const setId = normalizeSetId(request.setId)
  if (!/^[0-9A-Z]{8}$/.test(setId)) {
    throw new CustosError('USAGE', `"${request.setId}" is not a set id; it has 8 characters, e.g. V5Q0-6ES4.`)
  }
  if (request.images.length === 0) {
    throw new CustosError('USAGE', 'Give the scans or photos of every printed sheet of the set to verify.')
  }
  const sheets: ScannedSheet[] = []
  const good: ShareInput[] = []
  let threshold: number | undefined
  let total: number | undefined

  for (const image of request.images) {
    let inputs: ShareInput[]
    try {
      inputs = await shareInputsFromImage(image.source, image.bytes)
    } catch (error) {
      sheets.push({ source: image.source, ok: false, problem: toErrorInfo(error) })
      continue
    }
    for (const input of inputs) {
      try {
        const share = checkShare(input, request.vault)
        if (share.header.setId !== setId) {
          throw new CustosError(
            'SHARE_FROM_OTHER_SET',
            `${input.source} is share ${share.index} of set ${share.header.setId}, not of set ${setId} being verified. ` +
              'Keep it apart from the new sheets; if that set was retired, destroy it.',
            { source: input.source, setId: share.header.setId },
          )
        }
        threshold ??= share.header.threshold
        total ??= share.header.total
        sheets.push({ source: input.source, index: share.index, ok: true })
        good.push(input)
      } catch (error) {
        sheets.push({ source: input.source, ok: false, problem: toErrorInfo(error) })
      }
    }
  }

  const byIndex = new Map<number, string[]>()
  for (const sheet of sheets) {
    if (sheet.ok && sheet.index !== undefined) byIndex.set(sheet.index, [...(byIndex.get(sheet.index) ?? []), sheet.source])
  }
  const seen = [...byIndex].sort(([a], [b]) => a - b).map(([index, sources]) => ({ index, copies: sources.length, sources }))
  const missingIndexes = total ? range(1, total).filter((i) => !byIndex.has(i)) : []

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

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}
