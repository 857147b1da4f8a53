// custos runbook: write the printable runbook PDF generated from the vault's logbook
// (runbook.save; its save "dialog" answers with --out, and the core writes the file 0600).
import type { Command } from 'commander'
import { cliApi } from '../api-client'
import { saveTo } from '../cli-desktop'
import type { CliContext } from '../context'
import { runCommand } from '../output'

export function registerRunbook(program: Command, ctx: CliContext): void {
  program
    .command('runbook')
    .description('write the printable runbook: methods, custodians and contacts, release and drill steps')
    .requiredOption('--out <file>', 'PDF file to write')
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON')
    .action(async (o: { out: string; dataDir?: string; json?: boolean }) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(o.json), async () => {
        const saved = await cliApi(ctx, { dataDir: o.dataDir, desktop: saveTo(o.out) }).call('runbook.save', {})
        return { json: { out: o.out, bytes: saved.bytes, sha256: saved.sha256 }, text: `Runbook written to ${o.out} (${saved.bytes} bytes).` }
      })
    })
}
