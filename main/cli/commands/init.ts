// custos init: create a vault (Ed25519 key, mode 0600, and metadata) in a data directory.
import type { Command } from 'commander'
import { groupForDisplay } from '../../../shared/share-format'
import { cliApi } from '../api-client'
import type { CliContext } from '../context'
import { runCommand } from '../output'

export function registerInit(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description('create a new vault: its signing key and metadata')
    .option('--data-dir <dir>', 'vault directory (default: CUSTOS_DATA_DIR or the app-data folder)')
    .requiredOption('--name <name>', 'a name people recognise, e.g. "Payments prod"')
    .option('--owner <person>', 'your name: the logbook records you as who created the vault (default: CUSTOS_ACTOR, else the computer account)')
    .option('--json', 'print JSON')
    .action(async (opts: { dataDir?: string; name: string; owner?: string; json?: boolean }) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const vault = await cliApi(ctx, { dataDir: opts.dataDir }).call('vault.init', { name: opts.name, ...(opts.owner?.trim() ? { owner: opts.owner } : {}) })
        return {
          json: { dataDir: vault.dataDir, name: vault.name, fingerprint: vault.fingerprint },
          text:
            `Created vault "${vault.name}" in ${vault.dataDir}\n` +
            `Vault key fingerprint: ${groupForDisplay(vault.fingerprint ?? '')}\n` +
            'Every sheet carries this fingerprint. Keep a backup of the data directory.',
        }
      })
    })
}
