// custos inspect: what a single share is (set, index, K-of-N, signature for this vault),
// without revealing anything secret.
import type { Command } from 'commander'
import { groupForDisplay } from '../../../shared/share-format'
import { cliApi } from '../api-client'
import type { CliContext } from '../context'
import { readTextFile } from '../files'
import { runCommand } from '../output'

const SIGNATURE_TEXT = {
  valid: 'valid: issued by this vault',
  invalid: 'INVALID: carries this vault\'s fingerprint but was altered or forged',
  'other-vault': 'from another vault (fingerprint differs from this vault\'s)',
  'not-checked': 'not checked: no vault in the data directory',
} as const

export function registerInspect(program: Command, ctx: CliContext): void {
  program
    .command('inspect')
    .description('describe one share without revealing anything secret')
    .argument('<share>', 'share file')
    .option('--data-dir <dir>', 'vault directory used to check the signature')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { dataDir?: string; json?: boolean }) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const payload = readTextFile(file, 'share file')
        const d = await cliApi(ctx, { dataDir: opts.dataDir }).call('shares.inspect', { source: file.slice(-200), payload })
        return {
          json: { ...d, source: file },
          text: [
            `Share ${d.index} of ${d.total} (${d.threshold} needed) from set ${d.setId}`,
            `Label: ${d.label || '(none)'}`,
            `Vault key fingerprint: ${groupForDisplay(d.vaultFingerprint)}`,
            `Signature: ${SIGNATURE_TEXT[d.signature]}`,
          ].join('\n'),
        }
      })
    })
}
