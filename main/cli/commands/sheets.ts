// custos sheets verify: scan-back check of printed sheets (each readable, of this set,
// signed by this vault; the set recombines) without ever showing the credential. Also the
// --pdf options and writer that `custos split` uses to print the sheets.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { CustosError } from '../../../shared/errors'
import { verifyScannedSheets, type ScanBackReport } from '../../core/sheets/scan-back'
import { MAX_COPIES, renderSheetsPdf, type SheetPageSize } from '../../core/sheets/sheet-pdf'
import { openVault } from '../../core/vault/vault-store'
import type { CliContext } from '../context'
import { EXIT } from '../exit-codes'
import { runCommand } from '../output'

export function registerSheets(program: Command, ctx: CliContext): void {
  const sheets = program.command('sheets').description('printed share sheets')
  sheets
    .command('verify')
    .description('scan back printed sheets: each must be readable, of the set, signed by this vault; the set must recombine')
    .requiredOption('--set <setId>', 'the set just printed, e.g. V5Q0-6ES4')
    .argument('<images...>', 'PNG or JPEG scans or photos of every printed sheet')
    .option('--copies <n>', 'copies printed of each share (checks every copy was scanned)', parseCopies)
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON')
    .action(async (files: string[], opts: { set: string; copies?: number; dataDir?: string; json?: boolean }) => {
      let report: ScanBackReport | undefined
      const code = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const vault = openVault(ctx.dataDir(opts.dataDir))
        const images = files.map((file) => ({ source: file, bytes: readImage(file) }))
        report = await verifyScannedSheets({ vault: vault.key, setId: opts.set, images, copies: opts.copies })
        return { json: { report }, text: formatReport(report) }
      })
      // A report that finds problems is still printed in full, then the exit code says "verify failed".
      process.exitCode = code === EXIT.OK && report && !report.ok ? EXIT.VERIFY_FAILED : code
    })
}

export function formatReport(report: ScanBackReport): string {
  const lines: string[] = []
  const policy = report.threshold ? ` (${report.threshold} of ${report.total} needed)` : ''
  lines.push(`Set ${report.setId}${policy}: ${report.ok ? 'every sheet checks out' : 'PROBLEMS FOUND'}`)
  for (const sheet of report.sheets) {
    lines.push(
      sheet.ok
        ? `  ok      ${sheet.source}: share ${sheet.index}, signed by this vault`
        : `  FAILED  ${sheet.source}: ${sheet.problem?.message ?? 'not a sheet of this set'} [${sheet.problem?.code ?? ''}]`,
    )
  }
  if (report.seen.length > 0) {
    lines.push(`Shares seen: ${report.seen.map((s) => (s.copies > 1 ? `${s.index} (x${s.copies})` : `${s.index}`)).join(', ')}`)
  }
  if (report.missingIndexes.length > 0) lines.push(`Shares not seen: ${report.missingIndexes.join(', ')}`)
  lines.push(`Recombines: ${report.recombines ? 'yes (the credential was opened in memory to check, and not shown)' : 'NO'}`)
  if (report.problems.length > 0) {
    lines.push('To fix:')
    for (const problem of report.problems) lines.push(`  - ${problem}`)
  }
  return lines.join('\n')
}

function readImage(file: string): Uint8Array {
  try {
    return readFileSync(file)
  } catch (error) {
    throw new CustosError(
      'FILE_UNREADABLE',
      `Cannot read the image ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}. Check the path.`,
      { path: file },
    )
  }
}

/** What `custos split --pdf FILE [--copies N] [--page-size a4|letter] [--contact TEXT]` passes. */
export interface SheetPdfOptions {
  pdf?: string
  copies?: number
  pageSize?: SheetPageSize
  contact?: string
}

/** Refuses an existing --pdf file before anything is written, so no earlier sheets are overwritten. */
export function checkSheetPdfTarget(opts: SheetPdfOptions): void {
  if (opts.pdf && existsSync(opts.pdf)) {
    throw new CustosError(
      'OUTPUT_DIR_NOT_EMPTY',
      `${opts.pdf} already exists. Choose a new file name for --pdf so no earlier sheets are overwritten.`,
      { path: opts.pdf },
    )
  }
  if (!opts.pdf && (opts.copies !== undefined || opts.pageSize !== undefined || opts.contact !== undefined)) {
    throw new CustosError('USAGE', '--copies, --page-size and --contact only apply with --pdf FILE.')
  }
}

/** Renders and writes the sheets PDF (mode 0600: it holds shares); returns the page count. */
export async function writeSheetPdf(
  opts: SheetPdfOptions,
  payloads: string[],
  issuedAt: Date,
  checkpoint?: string,
): Promise<{ file: string; pages: number } | undefined> {
  if (!opts.pdf) return undefined
  const pdf = await renderSheetsPdf({
    payloads,
    issuedAt,
    copies: opts.copies ?? 1,
    pageSize: opts.pageSize ?? 'A4',
    emergencyContact: opts.contact,
    checkpoint,
  })
  writeFileSync(opts.pdf, pdf, { mode: 0o600, flag: 'wx' })
  return { file: opts.pdf, pages: payloads.length * (opts.copies ?? 1) }
}

export function parseCopies(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_COPIES) {
    throw new CustosError('USAGE', `"${value}" is not a number of copies between 1 and ${MAX_COPIES}.`)
  }
  return Number(value)
}

export function parsePageSize(value: string): SheetPageSize {
  const size = value.trim().toUpperCase()
  if (size === 'A4' || size === 'LETTER') return size
  throw new CustosError('USAGE', `"${value}" is not a page size; use a4 or letter.`)
}
