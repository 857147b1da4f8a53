// custos method: define, update and list break-glass methods (scope, owner, use cases, policy),
// through methods.add, methods.update and methods.list.
import type { Command } from 'commander'
import type { z } from 'zod'
import type { MethodView } from '../../../shared/ceremony-api'
import { cliApi } from '../api-client'
import type { CliContext } from '../context'
import { collect, duration, positiveNumber, wholeNumber } from '../options'
import { runCommand } from '../output'

interface MethodOptions {
  dataDir?: string
  json?: boolean
  id?: string
  name?: string
  scope?: string
  ownerTeam?: string
  useCase?: string[]
  access?: string
  threshold?: number
  shares?: number
  copies?: number
  revokeHours?: number
  rotateHours?: number
  reviewDays?: number
  destroyDays?: number
  drillDays?: number
  operatorMayPresent?: boolean
}

function withMethodOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON')
    .option('--name <text>', 'name people recognise')
    .option('--scope <text>', 'what it reaches, e.g. "AWS 123456789012 production"')
    .option('--owner-team <team>', 'team that owns the method')
    .option('--use-case <text>', 'a permitted use case (repeat for several)', collect)
    .option('--access <text>', 'the access the credential grants')
    .option('--threshold <k>', 'sheets needed to recover (K)', wholeNumber)
    .option('--shares <n>', 'different shares (N, at most 16)', wholeNumber)
    .option('--copies <c>', 'printed copies of each share (default 2)', positiveNumber)
    .option('--revoke-hours <h>', 'revoke deadline after a release (default 1)', duration)
    .option('--rotate-hours <h>', 'rotate and re-issue deadline (default 24)', duration)
    .option('--review-days <d>', 'post-incident review deadline (default 5)', duration)
    .option('--destroy-days <d>', 'deadline to destroy retired sheets (default 14)', duration)
    .option('--drill-days <d>', 'drill interval (default 90)', wholeNumber)
    .option('--operator-may-present', 'let the operator present a sheet (never as the only custodian)')
}

function policyFrom(opts: MethodOptions) {
  const entries = {
    threshold: opts.threshold,
    total: opts.shares,
    copies: opts.copies,
    revokeWithinHours: opts.revokeHours,
    rotateWithinHours: opts.rotateHours,
    reviewWithinDays: opts.reviewDays,
    destroyWithinDays: opts.destroyDays,
    drillEveryDays: opts.drillDays,
    operatorMayPresent: opts.operatorMayPresent,
  }
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined))
}

export function describeMethod(m: z.infer<typeof MethodView>): string {
  const p = m.policy
  return [
    `${m.methodId}: ${m.name}`,
    `  scope: ${m.scope}; owner: ${m.ownerTeam}; grants: ${m.access}`,
    `  use cases: ${m.useCases.join('; ')}`,
    `  policy: ${p.threshold}-of-${p.total}, ${p.copies} copies; revoke ${p.revokeWithinHours} h, rotate ${p.rotateWithinHours} h, ` +
      `review ${p.reviewWithinDays} d, drill every ${p.drillEveryDays} d; operator may present: ${p.operatorMayPresent ? 'yes' : 'no'}`,
    `  active set: ${m.activeSetId ?? '(none)'}${m.pendingSetId ? `; being issued: ${m.pendingSetId}` : ''}`,
  ].join('\n')
}

export function registerMethod(program: Command, ctx: CliContext): void {
  const method = program.command('method').description('break-glass methods: scope, owner, use cases, policy')

  withMethodOptions(method.command('add').description('define a method').option('--id <id>', 'short id (default: from the name)')).action(
    async (opts: MethodOptions) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const m = await cliApi(ctx, { dataDir: opts.dataDir }).call('methods.add', {
          ...(opts.id ? { methodId: opts.id } : {}),
          name: opts.name ?? '',
          scope: opts.scope ?? '',
          ownerTeam: opts.ownerTeam ?? '',
          useCases: opts.useCase ?? [],
          access: opts.access ?? '',
          policy: policyFrom(opts) as never,
        })
        return { json: { method: m }, text: `Defined method\n${describeMethod(m)}` }
      })
    },
  )

  withMethodOptions(method.command('update').description('change a method').argument('<id>')).action(async (id: string, opts: MethodOptions) => {
    ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
      const policy = policyFrom(opts)
      const m = await cliApi(ctx, { dataDir: opts.dataDir }).call('methods.update', {
        methodId: id,
        ...(opts.name ? { name: opts.name } : {}),
        ...(opts.scope ? { scope: opts.scope } : {}),
        ...(opts.ownerTeam ? { ownerTeam: opts.ownerTeam } : {}),
        ...(opts.useCase ? { useCases: opts.useCase } : {}),
        ...(opts.access ? { access: opts.access } : {}),
        ...(Object.keys(policy).length ? { policy } : {}),
      })
      return { json: { method: m }, text: `Updated method\n${describeMethod(m)}` }
    })
  })

  method
    .command('list')
    .description('list methods and their active sets')
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON')
    .action(async (opts: { dataDir?: string; json?: boolean }) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const { methods } = await cliApi(ctx, { dataDir: opts.dataDir }).call('methods.list', {})
        return { json: { methods }, text: methods.length ? methods.map(describeMethod).join('\n') : 'No methods yet: custos method add ...' }
      })
    })
}
