// custos recovery-kit: writes the standalone recovery page with its README, the format spec
// and checksums (recoveryKit.save), to keep with the sheets: recovery on any machine.
import type { Command } from 'commander'
import { cliApi } from '../api-client'
import { saveTo } from '../cli-desktop'
import type { CliContext } from '../context'
import { runCommand } from '../output'

export function registerRecoveryKit(program: Command, ctx: CliContext): void {
  program
    .command('recovery-kit')
    .description('write the recovery kit (recover.html, README.txt, FORMAT.md, SHA256SUMS) into a new folder')
    .requiredOption('--out <dir>', 'a new or empty folder')
    .option('--data-dir <dir>', 'vault directory (not needed: the kit holds nothing of the vault)')
    .option('--json', 'print JSON')
    .action(async (o: { out: string; dataDir?: string; json?: boolean }) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(o.json), async () => {
        const kit = await cliApi(ctx, { dataDir: o.dataDir, desktop: saveTo(o.out) }).call('recoveryKit.save', {})
        return {
          json: { out: o.out, files: kit.files },
          text:
            `Recovery kit written to ${o.out}:\n` +
            kit.files.map((f) => `  ${f.name} (${f.bytes} bytes, sha256 ${f.sha256})`).join('\n') +
            '\nKeep a copy with the sheets (e.g. on a USB stick in the safe). It holds nothing secret.',
        }
      })
    })
}
