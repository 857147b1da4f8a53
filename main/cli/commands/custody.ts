// custos custody: what happens to sheets after hand-over: bags opened and resealed, sheets
// moved, lost, destroyed (custody.* operations). A bag serial that does not match is logged as an exception.
import type { Command } from 'commander'
import { cliApi } from '../api-client'
import type { CliContext } from '../context'
import { sheetOption } from '../options'
import { runCommand, type CommandOutput } from '../output'

interface Opts {
  dataDir?: string
  json?: boolean
  set: string
  sheet: { index: number; copy: number }
  serial?: string
  reason?: string
  to?: string
  bag?: string
  note?: string
  witness?: string
}

type Ref = { setId: string; index: number; copy: number }
const label = (o: Opts) => `${o.sheet.index}.${o.sheet.copy}`

export function registerCustody(program: Command, ctx: CliContext): void {
  const custody = program.command('custody').description('bags opened and resealed, sheets moved, lost or destroyed')
  const sub = (name: string, description: string) =>
    custody
      .command(name)
      .description(description)
      .option('--data-dir <dir>', 'vault directory')
      .option('--json', 'print JSON')
      .requiredOption('--set <id>', 'set id')
      .requiredOption('--sheet <n.c>', 'share and copy, e.g. 2.1', sheetOption)

  const run = (body: (api: ReturnType<typeof cliApi>, ref: Ref, o: Opts) => Promise<CommandOutput>) => async (o: Opts) => {
    ctx.exitCode = await runCommand(ctx.io, Boolean(o.json), () => body(cliApi(ctx, { dataDir: o.dataDir }), { setId: o.set, ...o.sheet }, o))
  }

  sub('bag-opened', 'record that a sheet\'s bag was opened')
    .requiredOption('--serial <serial>', 'the serial on the bag that was opened')
    .requiredOption('--reason <text>', 'why it was opened')
    .action(
      run(async (api, ref, o) => {
        const { mismatch } = await api.call('custody.bagOpened', { ...ref, serial: o.serial!, reason: o.reason! })
        return {
          json: { mismatch },
          text: mismatch
            ? `Recorded, with an EXCEPTION: the bag serial ${o.serial} is not the one recorded for sheet ${label(o)}. Investigate; consider the sheet compromised.`
            : `Recorded: bag of sheet ${label(o)} opened.`,
        }
      }),
    )
  sub('resealed', 'record the new bag a sheet was sealed in')
    .requiredOption('--serial <serial>', 'the new bag serial')
    .action(
      run(async (api, ref, o) => {
        await api.call('custody.resealed', { ...ref, serial: o.serial! })
        return { json: {}, text: `Recorded: sheet ${label(o)} resealed in bag ${o.serial}.` }
      }),
    )
  sub('moved', 'record a sheet moving to another custodian')
    .requiredOption('--to <custodian>', 'the new holder')
    .requiredOption('--bag <serial>', 'the bag serial it travels in')
    .action(
      run(async (api, ref, o) => {
        await api.call('custody.moved', { ...ref, toCustodianId: o.to!, bagSerial: o.bag! })
        return { json: {}, text: `Recorded: sheet ${label(o)} now held by ${o.to}.` }
      }),
    )
  sub('lost', 'record a lost sheet (the set must be re-issued)')
    .requiredOption('--note <text>', 'what happened')
    .action(
      run(async (api, ref, o) => {
        await api.call('custody.lost', { ...ref, note: o.note! })
        return { json: {}, text: `Recorded: sheet ${label(o)} lost. Re-issue the set (see custos obligations).` }
      }),
    )
  sub('destroyed', 'record a destroyed sheet')
    .requiredOption('--witness <name>', 'who witnessed the destruction')
    .action(
      run(async (api, ref, o) => {
        const set = await api.call('custody.destroyed', { ...ref, witness: o.witness! })
        return { json: {}, text: `Recorded: sheet ${label(o)} of set ${set.setId} destroyed, witnessed by ${o.witness}.` }
      }),
    )
}
