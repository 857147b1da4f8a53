// custos combine: in a vault, a credential is recovered only through a logged release
// (custos release request, then grant), so combine never prints one; with --check it tells
// whether the shares recombine (verify-only, nothing secret shown). Without a vault,
// recovery is `custos recover` (sheets checked against the vault fingerprint).
import type { Command } from 'commander'
import { CustosError, type ErrorInfo } from '../../../shared/errors'
import { cliSession } from '../api-client'
import type { CliContext } from '../context'
import { runCommand } from '../output'
import { readSheetItems } from '../share-inputs'

export function registerCombine(program: Command, ctx: CliContext): void {
  program
    .command('combine')
    .description('check that K shares of one set recombine (--check); recovering the credential is custos release')
    .argument('[shares...]', 'share files, or PNG/JPEG photos or scans of sheets')
    .option('--check', 'verify only: report whether the shares open the set, without showing the credential')
    .option('--typed', 'also read shares typed from the sheets (interactively, or piped to stdin)')
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON')
    .action(async (files: string[], opts: { dataDir?: string; json?: boolean; typed?: boolean; check?: boolean }) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const session = cliSession(ctx, opts.dataDir)
        const status = await session.call('vault.status', {})
        if (!status.initialized) {
          throw new CustosError(
            'VAULT_NOT_FOUND',
            `No Custos vault in ${status.dataDir}. On a machine without the vault, recover with ` +
              '"custos recover --fingerprint FP SHEET..." (the sheets are checked against the vault fingerprint on the runbook); ' +
              `to make a vault here, run "custos init --data-dir ${status.dataDir} --name NAME".`,
            { dataDir: status.dataDir },
          )
        }
        if (!opts.check) {
          throw new CustosError(
            'RECOVERY_NEEDS_RELEASE',
            'In a vault the credential is recovered only through a logged release: record the request with ' +
              '"custos release request", then have the custodians present their sheets with ' +
              '"custos release grant --release ID --present CUSTODIAN=SHEET ...". ' +
              'To check that shares recombine without showing the credential, add --check.',
          )
        }
        if (files.length === 0 && !opts.typed) {
          throw new CustosError('USAGE', 'Name the share files or sheet photos to check, e.g. custos combine --check share-1.txt sheet-2.jpg, or use --typed.')
        }
        const items = await readSheetItems(ctx, session, files, { typed: Boolean(opts.typed) })
        const unread = items.filter((i): i is { source: string; unread: ErrorInfo } => 'unread' in i)
        const shares = items.filter((i): i is { source: string; payload: string } => 'payload' in i)
        if (shares.length === 0 && unread[0]) throw new CustosError(unread[0].unread.code, unread[0].unread.message, unread[0].unread.details)
        const result = await session.call('shares.check', { shares })
        const rejected = [
          ...unread.map((i) => ({ source: i.source, error: i.unread })),
          ...result.rejected,
        ]
        for (const notice of result.notices) ctx.io.stderr(`note: ${notice}\n`)
        for (const r of rejected) ctx.io.stderr(`refused: ${r.error.message} [${r.error.code}]\n`)
        return {
          json: { setId: result.setId, threshold: result.threshold, total: result.total, recombines: true, used: result.used, notices: result.notices, rejected },
          text:
            `Set ${result.setId} (${result.threshold} of ${result.total} needed) recombines from ` +
            `${result.used.map((u) => `share ${u.index}`).join(', ')}. The credential was opened in memory to check, and not shown.`,
        }
      })
    })
}
