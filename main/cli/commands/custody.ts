// custos custody: what happens to sheets after hand-over: bags opened and resealed, sheets
// moved, lost, destroyed. A bag serial that does not match is logged as an exception.
import type { Command } from 'commander'
import { recordBagOpened, recordBagResealed, recordSheetDestroyed, recordSheetLost, recordSheetMoved } from '../../core/ceremonies/custody'
import type { CliContext } from '../context'
import { sheetOption, withCeremony } from '../ceremony-support'
import { runCommand, type CommandOutput } from '../output'
import type { CeremonyContext } from '../../core/ceremonies/ceremony-context'

interface Opts {
  dataDir?: string
  json?: boolean
  set: string
  sheet: string
  serial?: string
  reason?: string
  to?: string
  bag?: string
  note?: string
  witness?: string
}

export function registerCustody(program: Command, ctx: CliContext): void {
  const custody = program.command('custody').description('bags opened and resealed, sheets moved, lost or destroyed')
  const sub = (name: string, description: string) =>
    custody
      .command(name)
      .description(description)
      .option('--data-dir <dir>', 'vault directory')
      .option('--json', 'print JSON')
      .requiredOption('--set <id>', 'set id')
      .requiredOption('--sheet <n.c>', 'share and copy, e.g. 2.1')

  const run = (body: (c: CeremonyContext, ref: { setId: string; index: number; copy: number }, o: Opts) => CommandOutput) => async (o: Opts) => {
    process.exitCode = await runCommand(ctx.io, Boolean(o.json), () =>
      withCeremony(ctx, o.dataDir, (c) => body(c, { setId: o.set.toUpperCase(), ...sheetOption(o.sheet) }, o)),
    )
  }

  sub('bag-opened', 'record that a sheet\'s bag was opened')
    .requiredOption('--serial <serial>', 'the serial on the bag that was opened')
    .requiredOption('--reason <text>', 'why it was opened')
    .action(
      run((c, ref, o) => {
        const mismatch = recordBagOpened(c, ref, o.serial!, o.reason!)
        return {
          json: { mismatch },
          text: mismatch
            ? `Recorded, with an EXCEPTION: the bag serial ${o.serial} is not the one recorded for sheet ${o.sheet}. Investigate; consider the sheet compromised.`
            : `Recorded: bag of sheet ${o.sheet} opened.`,
        }
      }),
    )
  sub('resealed', 'record the new bag a sheet was sealed in')
    .requiredOption('--serial <serial>', 'the new bag serial')
    .action(
      run((c, ref, o) => {
        recordBagResealed(c, ref, o.serial!)
        return { json: {}, text: `Recorded: sheet ${o.sheet} resealed in bag ${o.serial}.` }
      }),
    )
  sub('moved', 'record a sheet moving to another custodian')
    .requiredOption('--to <custodian>', 'the new holder')
    .requiredOption('--bag <serial>', 'the bag serial it travels in')
    .action(
      run((c, ref, o) => {
        recordSheetMoved(c, ref, o.to!, o.bag!)
        return { json: {}, text: `Recorded: sheet ${o.sheet} now held by ${o.to}.` }
      }),
    )
  sub('lost', 'record a lost sheet (the set must be re-issued)')
    .requiredOption('--note <text>', 'what happened')
    .action(
      run((c, ref, o) => {
        recordSheetLost(c, ref, o.note!)
        return { json: {}, text: `Recorded: sheet ${o.sheet} lost. Re-issue the set (see custos obligations).` }
      }),
    )
  sub('destroyed', 'record a destroyed sheet')
    .requiredOption('--witness <name>', 'who witnessed the destruction')
    .action(
      run((c, ref, o) => {
        recordSheetDestroyed(c, ref, o.witness!)
        return { json: {}, text: `Recorded: sheet ${o.sheet} of set ${ref.setId} destroyed, witnessed by ${o.witness}.` }
      }),
    )
}
