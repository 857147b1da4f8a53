// custos drill run: the release quorum, verify-only; the credential is never shown (drill.run).
import type { Command } from 'commander'
import { cliSession } from '../api-client'
import type { CliContext } from '../context'
import { EXIT } from '../exit-codes'
import { collect } from '../options'
import { runCommand } from '../output'
import { readPresentations } from '../share-inputs'

export function registerDrill(program: Command, ctx: CliContext): void {
  const drill = program.command('drill').description('rehearse a release without revealing the credential')
  drill
    .command('run')
    .description('custodians present their sheets; Custos checks the set opens and logs the result')
    .requiredOption('--method <id>', 'method to drill')
    .option('--present <custodian=file>', 'a sheet and who presents it; repeat', collect)
    .option('--note <text>', 'remarks for the log')
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON')
    .action(async (o: { method: string; present?: string[]; note?: string; dataDir?: string; json?: boolean }) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(o.json), async () => {
        const session = cliSession(ctx, o.dataDir)
        const presentations = await readPresentations(ctx, session, o.present ?? [])
        const result = await session.call('drill.run', { methodId: o.method, presentations, ...(o.note !== undefined ? { note: o.note } : {}) })
        const lines = result.checks.map((x) => `  ${x.ok ? 'ok     ' : 'REFUSED'} ${x.custodianId}: ${x.source}${x.error ? ` (${x.error.message})` : ''}`)
        return {
          json: { ...result, outcomes: result.checks },
          text: [
            `Drill ${result.drillId}: ${result.result.toUpperCase()}. ${result.message}`,
            ...lines,
            ...(result.checkpoint ? ['Give this checkpoint to the custodians:', result.checkpoint.trimEnd()] : []),
          ].join('\n'),
          // A failed drill is a logged result, not an error; the exit code still tells scripts.
          exitCode: result.result === 'passed' ? 0 : EXIT.SHARES_REFUSED,
        }
      })
    })
}
