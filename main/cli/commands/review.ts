// custos review: the post-incident review checklist, recorded in the log (review.complete).
import type { Command } from 'commander'
import { cliApi } from '../api-client'
import type { CliContext } from '../context'
import { collect, yesNo } from '../options'
import { runCommand } from '../output'

interface Opts {
  dataDir?: string
  json?: boolean
  release: string
  reviewer: string
  justified: boolean
  alternativesConsidered: boolean
  revokedRotated: boolean
  allLogged: boolean
  wentWell: string
  toImprove: string
  actionItem?: string[]
}

export function registerReview(program: Command, ctx: CliContext): void {
  program
    .command('review')
    .description('record the post-incident review of a release')
    .requiredOption('--release <id>', 'the release reviewed')
    .requiredOption('--reviewer <name>', 'who led the review')
    .requiredOption('--justified <yes|no>', 'was breaking the glass justified?', yesNo)
    .requiredOption('--alternatives-considered <yes|no>', 'were alternatives considered first?', yesNo)
    .requiredOption('--revoked-rotated <yes|no>', 'was access revoked and the credential rotated?', yesNo)
    .requiredOption('--all-logged <yes|no>', 'were all actions logged?', yesNo)
    .requiredOption('--went-well <text>', 'what went well')
    .requiredOption('--to-improve <text>', 'what to improve')
    .option('--action-item <text>', 'a follow-up action (repeat)', collect)
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON')
    .action(async (o: Opts) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(o.json), async () => {
        await cliApi(ctx, { dataDir: o.dataDir }).call('review.complete', {
          releaseId: o.release,
          reviewer: o.reviewer,
          justified: o.justified,
          alternativesConsidered: o.alternativesConsidered,
          revokedAndRotated: o.revokedRotated,
          allActionsLogged: o.allLogged,
          wentWell: o.wentWell,
          toImprove: o.toImprove,
          actionItems: o.actionItem ?? [],
        })
        return { json: { reviewed: o.release }, text: `Review of ${o.release} recorded.` }
      })
    })
}
