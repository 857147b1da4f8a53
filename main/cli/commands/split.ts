// custos split: seal a credential bundle (from stdin or --bundle-file, never argv) and write
// one share file per share into an empty directory.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import { CustosError } from '../../../shared/errors'
import { splitBundle } from '../../core/shares/split'
import { openVault } from '../../core/vault/vault-store'
import { localActor, recordSetIssued } from '../../core/logbook/record'
import type { CliContext } from '../context'
import { prepareEmptyDir, readBundleInput } from '../files'
import { runCommand } from '../output'
import { checkSheetPdfTarget, parseCopies, parsePageSize, writeSheetPdf, type SheetPdfOptions } from './sheets'

export function registerSplit(program: Command, ctx: CliContext): void {
  program
    .command('split')
    .description('split a credential bundle (JSON on stdin) into K-of-N signed shares')
    .option('--data-dir <dir>', 'vault directory')
    .requiredOption('--threshold <k>', 'shares needed to recover (K)', parseInteger)
    .requiredOption('--shares <n>', 'shares to make (N, at most 16)', parseInteger)
    .option('--label <text>', 'text printed on every sheet (default: none)')
    .option('--bundle-file <file>', 'read the bundle JSON from this file instead of stdin')
    .requiredOption('--out <dir>', 'empty or new directory for the share files')
    .option('--json', 'print JSON')
    .option('--pdf <file>', 'also write printable sheets (a page per copy of each share) to this new PDF file')
    .option('--copies <n>', 'copies of each share to print with --pdf (default 1)', parseCopies)
    .option('--page-size <size>', 'paper for --pdf: a4 (default) or letter', parsePageSize)
    .option('--contact <text>', 'whom custodians call in an emergency, printed on the sheets')
    .action(async (opts: SplitOptions) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const vault = openVault(ctx.dataDir(opts.dataDir))
        const bundle = await readBundleInput(ctx, opts.bundleFile)
        const result = splitBundle({ bundle, threshold: opts.threshold, total: opts.shares, label: opts.label }, vault.key)
        prepareEmptyDir(opts.out)
        checkSheetPdfTarget(opts)
        // Fail closed: the set is in the logbook before any share leaves memory.
        recordSetIssued(vault.dataDir, vault.key, ctx.clock, localActor(ctx.env), result.header, result.payloads)
        const { setId, threshold, total } = result.header
        const files = result.payloads.map((payload, i) => {
          const file = join(opts.out, `${setId}-share-${i + 1}-of-${total}.txt`)
          writeFileSync(file, payload + '\n', { mode: 0o600, flag: 'wx' })
          return file
        })
        const sheets = await writeSheetPdf(opts, result.payloads, ctx.clock.now())
        return {
          json: { setId, threshold, total, label: result.header.label, files, ...(sheets ? { sheets } : {}) },
          text:
            `${setId}\nWrote ${total} shares of set ${setId} (${threshold} needed to recover) to ${opts.out}` +
            (sheets ? `\nWrote ${sheets.pages} sheet pages to ${sheets.file}` : ''),
        }
      })
    })
}

interface SplitOptions extends SheetPdfOptions {
  dataDir?: string
  threshold: number
  shares: number
  label?: string
  bundleFile?: string
  out: string
  json?: boolean
}

export function parseInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new CustosError('USAGE', `"${value}" is not a whole number.`)
  return Number(value)
}
