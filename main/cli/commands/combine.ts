// custos combine: recover a bundle from share files and print it, in the form it was
// given, to stdout only. Refused and duplicate shares are reported on stderr.
import type { Command } from 'commander'
import { serializeBundle } from '../../../shared/bundle'
import { combineShares, type ShareInput } from '../../core/shares/combine'
import { openVault } from '../../core/vault/vault-store'
import type { CliContext } from '../context'
import { readTextFile } from '../files'
import { runCommand } from '../output'
import { CustosError } from '../../../shared/errors'

export function registerCombine(program: Command, ctx: CliContext): void {
  program
    .command('combine')
    .description('recover the credential bundle from K shares of one set')
    .argument('[shares...]', 'share files')
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON')
    .action(async (files: string[], opts: { dataDir?: string; json?: boolean }) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const vault = openVault(ctx.dataDir(opts.dataDir))
        const inputs = await collectShareInputs(files, ctx)
        const result = combineShares(inputs, vault.key)
        for (const notice of result.notices) ctx.io.stderr(`note: ${notice}\n`)
        for (const r of result.rejected) ctx.io.stderr(`refused: ${r.error.message} [${r.error.code}]\n`)
        return {
          json: {
            bundle: result.bundle,
            setId: result.header.setId,
            used: result.used,
            notices: result.notices,
            rejected: result.rejected,
          },
          text: serializeBundle(result.bundle),
        }
      })
    })
}

/** Reads each named share; a later issue adds images and typed entry here. */
export async function collectShareInputs(files: string[], _ctx: CliContext): Promise<ShareInput[]> {
  if (files.length === 0) {
    throw new CustosError('USAGE', 'Name the share files to combine, e.g. custos combine share-1.txt share-2.txt.')
  }
  return files.map((file) => ({ source: file, payload: readTextFile(file, 'share file') }))
}
