// custos obligations: what is due and overdue, derived from the logbook and the clock
// (obligations.list), each with the command that meets it.
import type { Command } from 'commander'
import { cliApi } from '../api-client'
import { obligationCommand } from '../cli-words'
import type { CliContext } from '../context'
import { runCommand } from '../output'

export function registerObligations(program: Command, ctx: CliContext): void {
  program
    .command('obligations')
    .description('what is due and overdue: revoke, rotate, review, destroy, drill, roster review')
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON')
    .action(async (o: { dataDir?: string; json?: boolean }) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(o.json), async () => {
        const { now, obligations } = await cliApi(ctx, { dataDir: o.dataDir }).call('obligations.list', {})
        const line = (x: (typeof obligations)[number]) => {
          const command = obligationCommand(x.kind)
          return `${x.status === 'overdue' ? 'OVERDUE' : 'due    '} ${x.dueAt}  ${x.title}\n          ${x.detail}${command ? ` (${command})` : ''}`
        }
        return {
          json: { now, obligations },
          text: obligations.length ? obligations.map(line).join('\n') : 'Nothing due. The logbook shows every obligation met.',
        }
      })
    })
}
