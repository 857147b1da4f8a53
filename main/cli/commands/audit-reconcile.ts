// custos audit reconcile CLOUDTRAIL_FILES...: CloudTrail read against the release windows in the
// logbook (the contract's aws.reconcile); every use of the break-glass key outside a window is
// flagged, the result is logged and shown in the next audit PDF.
import type { Command } from 'commander'
import { cliApi } from '../api-client'
import type { CliContext } from '../context'
import { EXIT } from '../exit-codes'
import { collect } from '../options'
import { runCommand } from '../output'

interface Opts {
  dataDir?: string
  user?: string[]
  keyId?: string[]
  json?: boolean
}

/** Adds `reconcile` under the `audit` command (registered before it). */
export function registerAuditReconcile(program: Command, ctx: CliContext): void {
  const audit = program.commands.find((c) => c.name() === 'audit') ?? program.command('audit')
  audit
    .command('reconcile')
    .description('match CloudTrail against the release windows: flags every use of the break-glass key outside one')
    .argument(
      '<files...>',
      'CloudTrail log files as S3 delivers them (*.json.gz or *.json), folders of them, or "aws cloudtrail lookup-events --output json" exports',
    )
    .option('--user <name>', 'also count this IAM user as the break-glass principal (repeat)', collect)
    .option('--key-id <id>', 'also count this access key as the break-glass key (repeat)', collect)
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON (its "flagged" array lists every use outside a release window)')
    .addHelpText(
      'after',
      `
The break-glass principal is what the logbook knows: the IAM users and access keys that releases
handed out, rotations made and IAM listed, plus the account root (ConsoleLogin and any other
root call). A use is inside a release when it falls between the release's grant and its revoke
(release.revoked, or the key's deactivation or deletion, whichever is first). Calls Custos made
itself (their request ids are in the log) are counted apart. Exit code 6 when anything is flagged.`,
    )
    .action(async (files: string[], o: Opts) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(o.json), async () => {
        const result = await cliApi(ctx, { ...(o.dataDir !== undefined ? { dataDir: o.dataDir } : {}) }).call('aws.reconcile', {
          paths: files,
          ...(o.user ? { userNames: o.user } : {}),
          ...(o.keyId ? { accessKeyIds: o.keyId } : {}),
        })
        const span = result.coveredFrom && result.coveredTo ? `, ${result.coveredFrom} to ${result.coveredTo}` : ''
        const who = [
          ...result.principals.userNames.map((u) => `user ${u}`),
          ...result.principals.accessKeyIds.map((k) => `key ${k}`),
          ...(result.principals.root ? ['root'] : []),
        ].join(', ')
        const lines = [
          `Read ${result.records} CloudTrail records from ${result.files} files${span}.`,
          `Break-glass principal: ${who || '(none known: give --user or --key-id)'}.`,
          `${result.uses} uses: ${result.insideReleases} inside a release window, ${result.aftercareCalls} made by Custos's own aftercare.`,
          ...result.releases.map(
            (r) =>
              `  release ${r.releaseId}: granted ${r.grantedAt}, ${r.revokedAt ? `revoked ${r.revokedAt}` : 'not revoked'}; ` +
              `${r.uses} uses inside${r.usesAfterRevoke ? `, ${r.usesAfterRevoke} AFTER its revoke` : ''}`,
          ),
          result.flagged.length === 0
            ? 'Key use outside releases: none.'
            : `Key use outside releases: ${result.flagged.length}`,
          ...result.flagged.map(
            (f) => `  ${f.eventTime}  ${f.eventName}  ${f.accessKeyId ?? f.principal}  ${f.sourceIPAddress ?? ''}  ${f.why}`,
          ),
          `Recorded in the logbook (entry ${result.seq}); the next audit PDF shows it.`,
        ]
        return {
          json: { ...result },
          text: lines.join('\n'),
          exitCode: result.flagged.length > 0 ? EXIT.VERIFY_FAILED : EXIT.OK,
        }
      })
    })
}
