// The CLI's side of issuing sheets: the PDF is written (and synced) before the set is recorded,
// and removed again if recording fails, so the file on disk and the logbook never disagree.
import { closeSync, fsyncSync, openSync, rmSync, statSync, writeSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { CustosError } from '../../shared/errors'
import type { CeremonyContext } from '../core/ceremonies/ceremony-context'
import { issueSheets, type IssueSheetsRequest, type IssuedSheets } from '../core/ceremonies/issue-sheets'
import type { SheetPageSize } from '../core/sheets/sheet-pdf'

export function pageSizeOption(text: string | undefined): SheetPageSize {
  const size = (text ?? 'a4').toLowerCase()
  if (size === 'a4') return 'A4'
  if (size === 'letter') return 'LETTER'
  throw new CustosError('USAGE', `--page-size ${text}: use a4 or letter.`)
}

/** Issues through the ceremony with the sheets PDF written to `path` first (mode 0600). */
export async function issueSheetsToFile(
  ctx: CeremonyContext,
  request: Omit<IssueSheetsRequest, 'deliver'>,
  path: string,
): Promise<IssuedSheets> {
  const file = pdfFileDelivery(path)
  try {
    return await issueSheets(ctx, { ...request, deliver: file.deliver })
  } catch (error) {
    file.discard()
    throw error
  }
}

export interface PdfFileDelivery {
  /** Throws USAGE when the file could not be written there (checked before anything happens). */
  check(): void
  deliver(pdf: Buffer): void
  /** Removes the file if this delivery wrote it: sheets of a set never recorded must not be printed. */
  discard(): void
}

export function pdfFileDelivery(path: string): PdfFileDelivery {
  let written = false
  return {
    check: () => checkPdfPath(path),
    deliver: (pdf) => {
      writePdfFile(path, pdf)
      written = true
    },
    discard: () => {
      if (written) rmSync(path, { force: true })
      written = false
    },
  }
}

function checkPdfPath(path: string): void {
  const parent = dirname(resolve(path))
  let isDir = false
  try {
    isDir = statSync(parent).isDirectory()
  } catch {
    // reported below
  }
  if (!isDir) throw new CustosError('USAGE', `--pdf ${path}: the folder ${parent} does not exist. Create it or choose another path.`, { path })
  try {
    if (statSync(path).isDirectory()) throw new CustosError('USAGE', `--pdf ${path} is a folder; give a file name such as ${path}/sheets.pdf.`, { path })
  } catch (error) {
    if (error instanceof CustosError) throw error
  }
}

function writePdfFile(path: string, pdf: Buffer): void {
  let fd: number
  try {
    fd = openSync(path, 'w', 0o600)
  } catch (error) {
    throw new CustosError(
      'USAGE',
      `Cannot write the sheets PDF to ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}. Choose a writable path for --pdf.`,
      { path },
    )
  }
  try {
    writeSync(fd, pdf)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
