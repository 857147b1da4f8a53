// custos custodian: the roster of people who hold sheets; add, update, retire, list, review
// (custodians.* operations, as the app's roster screen uses them).
import type { Command } from 'commander'
import { cliApi } from '../api-client'
import type { CliContext } from '../context'
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
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const added = await cliApi(ctx, { dataDir: opts.dataDir }).call('custodians.add', {
          ...(opts.id ? { custodianId: opts.id } : {}),
          name: opts.name!,
          contact: opts.contact!,
          team: opts.team!,
        })
        return { json: { custodian: added }, text: `Added custodian ${added.custodianId}: ${added.name} (${added.team}, ${added.contact})` }
      })
    })

  common(custodian.command('update').description('change a custodian\'s details').argument('<id>'))
    .option('--name <name>')
    .option('--contact <contact>')
    .option('--team <team>')
    .action(async (id: string, opts: Opts) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const changed = await cliApi(ctx, { dataDir: opts.dataDir }).call('custodians.update', {
          custodianId: id,
          ...(opts.name ? { name: opts.name } : {}),
          ...(opts.contact ? { contact: opts.contact } : {}),
          ...(opts.team ? { team: opts.team } : {}),
        })
        return { json: { custodian: changed }, text: `Updated ${changed.custodianId}: ${changed.name} (${changed.team}, ${changed.contact})` }
      })
    })

  common(custodian.command('retire').description('retire a custodian (sheets they hold must be re-issued)').argument('<id>'))
    .requiredOption('--reason <text>', 'why, e.g. "left the company"')
    .action(async (id: string, opts: Opts) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const retired = await cliApi(ctx, { dataDir: opts.dataDir }).call('custodians.retire', { custodianId: id, reason: opts.reason! })
        const held = retired.holds
        const text = held.length
          ? `Retired ${id}. They still hold ${held.map((s) => `set ${s.replace(' ', ' sheet ')}`).join(', ')}: ` +
            'collect and destroy these, and issue a new set (see custos obligations).'
          : `Retired ${id}. They hold no live sheet.`
        return { json: { custodianId: id, stillHeld: held }, text }
      })
    })

  common(custodian.command('list').description('list the roster and who holds which sheet')).action(async (opts: Opts) => {
    ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
      const { custodians } = await cliApi(ctx, { dataDir: opts.dataDir }).call('custodians.list', {})
      return {
        json: { custodians },
        text: custodians.length
          ? custodians
              .map((x) => `${x.custodianId}: ${x.name} (${x.team}, ${x.contact})${x.retired ? ' [retired]' : ''} holds: ${x.holds.join(', ') || 'nothing'}`)
              .join('\n')
          : 'No custodians yet: custos custodian add ...',
      }
    })
  })

  common(custodian.command('review').description('record the periodic roster review'))
    .requiredOption('--reviewer <name>', 'who reviewed the roster')
    .option('--note <text>', 'what was checked or changed')
    .action(async (opts: Opts) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        await cliApi(ctx, { dataDir: opts.dataDir }).call('custodians.reviewRoster', { reviewer: opts.reviewer!, ...(opts.note !== undefined ? { note: opts.note } : {}) })
        return { json: { reviewed: true }, text: 'Roster review recorded.' }
      })
    })
}
