// custos sheets verify: scan-back check of printed sheets (each readable, of this set,
// signed by this vault; the set recombines) without ever showing the credential.
import type { Command } from 'commander'
import type { z } from 'zod'
import type { SheetsVerifyReport } from '../../../shared/shares-api'
import { cliSession } from '../api-client'
import type { CliContext } from '../context'
import { EXIT } from '../exit-codes'
import { copiesOption } from '../options'
import { runCommand } from '../output'
import { readSheetItems } from '../share-inputs'

type Report = z.infer<typeof SheetsVerifyReport>

export function registerSheets(program: Command, ctx: CliContext): void {
  const sheets = program.command('sheets').description('printed share sheets')
  sheets
    .command('verify')
    .description('scan back printed sheets: each must be readable, of the set, signed by this vault; the set must recombine')
    .requiredOption('--set <setId>', 'the set just printed, e.g. V5Q0-6ES4')
    .argument('<images...>', 'PNG or JPEG scans or photos of every printed sheet (or share text files)')
    .option('--copies <n>', 'copies printed of each share (checks every copy was scanned)', copiesOption)
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON')
    .action(async (files: string[], opts: { set: string; copies?: number; dataDir?: string; json?: boolean }) => {
      let report: Report | undefined
      const code = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const session = cliSession(ctx, opts.dataDir)
        const items = await readSheetItems(ctx, session, files)
        report = await session.call('sheets.verify', { setId: opts.set, sheets: items, ...(opts.copies !== undefined ? { copies: opts.copies } : {}) })
        return { json: { report }, text: formatReport(report) }
      })
      // A report that finds problems is still printed in full, then the exit code says "verify failed".
      ctx.exitCode = code === EXIT.OK && report && !report.ok ? EXIT.VERIFY_FAILED : code
    })
}

export function formatReport(report: Report): string {
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
