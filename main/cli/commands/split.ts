// custos split: seal a credential bundle (from stdin or --bundle-file, never argv) and write
// one share file per share into an empty directory, optionally with printable sheets.
// The contract's shares.splitToFiles logs the set, then its save "dialogs" get --out and --pdf.
import type { Command } from 'commander'
import { CustosError } from '../../../shared/errors'
import { cliSession, requireVault } from '../api-client'
import type { CliContext } from '../context'
import { readBundleInput } from '../files'
import { copiesOption, pageSizeOption, wholeNumber, type PageSize } from '../options'
import { runCommand } from '../output'
import { warnSheetsOnDisk } from '../sheets-warning'

interface SplitOptions {
  dataDir?: string
  threshold: number
  shares: number
  label?: string
  bundleFile?: string
  out: string
  json?: boolean
  pdf?: string
  copies?: number
  pageSize?: PageSize
  contact?: string
}

export function registerSplit(program: Command, ctx: CliContext): void {
  program
    .command('split')
    .description('split a credential bundle (JSON on stdin) into K-of-N signed shares')
    .option('--data-dir <dir>', 'vault directory')
    .requiredOption('--threshold <k>', 'shares needed to recover (K)', wholeNumber)
    .requiredOption('--shares <n>', 'shares to make (N, at most 16)', wholeNumber)
    .option('--label <text>', 'text printed on every sheet (default: none)')
    .option('--bundle-file <file>', 'read the bundle JSON from this file instead of stdin')
    .requiredOption('--out <dir>', 'empty or new directory for the share files')
    .option('--json', 'print JSON')
    .option('--pdf <file>', 'also write printable sheets (a sheet per copy of each share, its custody record on the back) to this new PDF file')
    .option('--copies <n>', 'copies of each share to print with --pdf (default 1)', copiesOption)
    .option('--page-size <size>', 'paper for --pdf: a4 (default) or letter', pageSizeOption)
    .option('--contact <text>', 'whom custodians call in an emergency, printed on the sheets')
    .action(async (opts: SplitOptions) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        if (!opts.pdf && (opts.copies !== undefined || opts.pageSize !== undefined || opts.contact !== undefined)) {
          throw new CustosError('USAGE', '--copies, --page-size and --contact only apply with --pdf FILE.')
        }
        const session = cliSession(ctx, opts.dataDir)
        // Refuse a missing vault before waiting for a bundle on stdin.
        await requireVault(session)
        const bundle = await readBundleInput(ctx, opts.bundleFile)
        session.dialogs.save = (request) => (request.filters?.some((f) => f.extensions.includes('pdf')) ? opts.pdf : opts.out)
        const result = await session.call('shares.splitToFiles', {
          bundle,
          threshold: opts.threshold,
          total: opts.shares,
          ...(opts.label !== undefined ? { label: opts.label } : {}),
          ...(opts.pdf
            ? {
                sheets: {
                  ...(opts.copies !== undefined ? { copies: opts.copies } : {}),
                  ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
                  ...(opts.contact !== undefined ? { emergencyContact: opts.contact } : {}),
                },
              }
            : {}),
        })
        const { setId, threshold, total, files, sheets } = result
        // Every share of the set in one file is the whole credential (issue 18): say so every time.
        if (sheets) warnSheetsOnDisk(ctx, sheets.path, setId!, `custos sheets verify --set ${setId}`)
        return {
          json: { setId, threshold, total, label: result.label, files, ...(sheets ? { sheets: { file: sheets.path, pages: sheets.pages } } : {}) },
          text:
            `${setId}\nWrote ${total} shares of set ${setId} (${threshold} needed to recover) to ${opts.out}` +
            (sheets
              ? `\nWrote ${sheets.pages / 2} sheets to ${sheets.path} (${sheets.pages} pages: each sheet's custody record follows it; print double-sided)`
              : ''),
        }
      })
    })
}
