// custos runbook: write the printable runbook PDF generated from the vault's logbook.
import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { stateOf } from '../../core/ceremonies/ceremony-context'
import { renderRunbookPdf } from '../../core/ceremonies/runbook-pdf'
import type { CliContext } from '../context'
import { withCeremony } from '../ceremony-support'
import { runCommand } from '../output'

export function registerRunbook(program: Command, ctx: CliContext): void {
  program
    .command('runbook')
    .description('write the printable runbook: methods, custodians and contacts, release and drill steps')
    .requiredOption('--out <file>', 'PDF file to write')
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON')
    .action(async (o: { out: string; dataDir?: string; json?: boolean }) => {
      process.exitCode = await runCommand(ctx.io, Boolean(o.json), () =>
        withCeremony(ctx, o.dataDir, async (c) => {
          const state = stateOf(c)
          const pdf = await renderRunbookPdf({
            state,
            vaultName: state.vault?.name ?? 'Custos vault',
            fingerprint: c.key.fingerprint,
            checkpoint: c.log.checkpoint().text,
            generatedAt: c.clock.now(),
          })
          writeFileSync(o.out, pdf)
          return { json: { out: o.out, bytes: pdf.length }, text: `Runbook written to ${o.out} (${pdf.length} bytes).` }
        }),
      )
    })
}
