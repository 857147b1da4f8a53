// custos obligations: what is due and overdue, derived from the logbook and the clock.
import type { Command } from 'commander'
import { vaultObligations } from '../../core/ceremonies/vault-obligations'
import { stateOf } from '../../core/ceremonies/ceremony-context'
import type { CliContext } from '../context'
import { withCeremony } from '../ceremony-support'
import { runCommand } from '../output'

export function registerObligations(program: Command, ctx: CliContext): void {
  program
    .command('obligations')
    .description('what is due and overdue: revoke, rotate, review, destroy, drill, roster review')
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON')
    .action(async (o: { dataDir?: string; json?: boolean }) => {
      process.exitCode = await runCommand(ctx.io, Boolean(o.json), () =>
        withCeremony(ctx, o.dataDir, (c) => {
          const now = c.clock.now()
          const list = vaultObligations(stateOf(c), now)
          return {
            json: { now: now.toISOString(), obligations: list },
            text: list.length
              ? list.map((x) => `${x.status === 'overdue' ? 'OVERDUE' : 'due    '} ${x.dueAt}  ${x.title}\n          ${x.detail}`).join('\n')
              : 'Nothing due. The logbook shows every obligation met.',
          }
        }),
      )
    })
}
