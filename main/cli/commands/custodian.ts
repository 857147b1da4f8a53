// custos custodian: the roster of people who hold sheets; add, update, retire, list, review.
import type { Command } from 'commander'
import { stateOf } from '../../core/ceremonies/ceremony-context'
import { addCustodian, retireCustodian, reviewRoster, updateCustodian } from '../../core/ceremonies/custodians'
import type { CliContext } from '../context'
import { withCeremony } from '../ceremony-support'
import { runCommand } from '../output'

interface Opts {
  dataDir?: string
  json?: boolean
  id?: string
  name?: string
  contact?: string
  team?: string
  reason?: string
  reviewer?: string
  note?: string
}

const common = (c: Command) => c.option('--data-dir <dir>', 'vault directory').option('--json', 'print JSON')

export function registerCustodian(program: Command, ctx: CliContext): void {
  const custodian = program.command('custodian').description('the custodian roster')

  common(custodian.command('add').description('add a custodian'))
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--contact <contact>', 'how to reach them in an emergency (phone, e-mail)')
    .requiredOption('--team <team>', 'their team')
    .option('--id <id>', 'short id (default: from the name)')
    .action(async (opts: Opts) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), () =>
        withCeremony(ctx, opts.dataDir, (c) => {
          const added = addCustodian(c, { ...(opts.id ? { custodianId: opts.id } : {}), name: opts.name!, contact: opts.contact!, team: opts.team! })
          return { json: { custodian: added }, text: `Added custodian ${added.custodianId}: ${added.name} (${added.team}, ${added.contact})` }
        }),
      )
    })

  common(custodian.command('update').description('change a custodian\'s details').argument('<id>'))
    .option('--name <name>')
    .option('--contact <contact>')
    .option('--team <team>')
    .action(async (id: string, opts: Opts) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), () =>
        withCeremony(ctx, opts.dataDir, (c) => {
          const changed = updateCustodian(c, id, {
            ...(opts.name ? { name: opts.name } : {}),
            ...(opts.contact ? { contact: opts.contact } : {}),
            ...(opts.team ? { team: opts.team } : {}),
          })
          return { json: { custodian: changed }, text: `Updated ${changed.custodianId}: ${changed.name} (${changed.team}, ${changed.contact})` }
        }),
      )
    })

  common(custodian.command('retire').description('retire a custodian (sheets they hold must be re-issued)').argument('<id>'))
    .requiredOption('--reason <text>', 'why, e.g. "left the company"')
    .action(async (id: string, opts: Opts) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), () =>
        withCeremony(ctx, opts.dataDir, (c) => {
          const held = retireCustodian(c, id, opts.reason!)
          const text = held.length
            ? `Retired ${id}. They still hold ${held.map((s) => `set ${s.setId} sheet ${s.index}.${s.copy}`).join(', ')}: ` +
              'collect and destroy these, and issue a new set (see custos obligations).'
            : `Retired ${id}. They hold no live sheet.`
          return { json: { custodianId: id, stillHeld: held }, text }
        }),
      )
    })

  common(custodian.command('list').description('list the roster and who holds which sheet')).action(async (opts: Opts) => {
    process.exitCode = await runCommand(ctx.io, Boolean(opts.json), () =>
      withCeremony(ctx, opts.dataDir, (c) => {
        const state = stateOf(c)
        const custodians = Object.values(state.custodians)
        const holding = (id: string) =>
          Object.values(state.custody)
            .filter((s) => s.status !== 'retired')
            .flatMap((s) => s.sheets)
            .filter((s) => s.custodianId === id && !s.lost && !s.destroyed)
            .map((s) => `${s.setId} ${s.index}.${s.copy}`)
        return {
          json: { custodians: custodians.map((x) => ({ ...x, holds: holding(x.custodianId) })) },
          text: custodians.length
            ? custodians
                .map((x) => `${x.custodianId}: ${x.name} (${x.team}, ${x.contact})${x.retired ? ' [retired]' : ''} holds: ${holding(x.custodianId).join(', ') || 'nothing'}`)
                .join('\n')
            : 'No custodians yet: custos custodian add ...',
        }
      }),
    )
  })

  common(custodian.command('review').description('record the periodic roster review'))
    .requiredOption('--reviewer <name>', 'who reviewed the roster')
    .option('--note <text>', 'what was checked or changed')
    .action(async (opts: Opts) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), () =>
        withCeremony(ctx, opts.dataDir, (c) => {
          reviewRoster(c, opts.reviewer!, opts.note)
          return { json: { reviewed: true }, text: 'Roster review recorded.' }
        }),
      )
    })
}
