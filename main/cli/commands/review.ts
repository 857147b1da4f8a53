// custos review: the post-incident review checklist, recorded in the log.
import type { Command } from 'commander'
import { completeReview } from '../../core/ceremonies/review'
import type { CliContext } from '../context'
import { collect, withCeremony, yesNo } from '../ceremony-support'
import { runCommand } from '../output'

interface Opts {
  dataDir?: string
  json?: boolean
  release: string
  reviewer: string
  justified: string
  alternativesConsidered: string
  revokedRotated: string
  allLogged: string
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
    .requiredOption('--justified <yes|no>', 'was breaking the glass justified?')
    .requiredOption('--alternatives-considered <yes|no>', 'were alternatives considered first?')
    .requiredOption('--revoked-rotated <yes|no>', 'was access revoked and the credential rotated?')
    .requiredOption('--all-logged <yes|no>', 'were all actions logged?')
    .requiredOption('--went-well <text>', 'what went well')
    .requiredOption('--to-improve <text>', 'what to improve')
    .option('--action-item <text>', 'a follow-up action (repeat)', collect)
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON')
    .action(async (o: Opts) => {
      process.exitCode = await runCommand(ctx.io, Boolean(o.json), () =>
        withCeremony(ctx, o.dataDir, (c) => {
          completeReview(c, {
            releaseId: o.release,
            reviewer: o.reviewer,
            justified: yesNo(o.justified, '--justified'),
            alternativesConsidered: yesNo(o.alternativesConsidered, '--alternatives-considered'),
            revokedAndRotated: yesNo(o.revokedRotated, '--revoked-rotated'),
            allActionsLogged: yesNo(o.allLogged, '--all-logged'),
            wentWell: o.wentWell,
            toImprove: o.toImprove,
            actionItems: o.actionItem ?? [],
          })
          return { json: { reviewed: o.release }, text: `Review of ${o.release} recorded.` }
        }),
      )
    })
}
