// custos combine: recover a bundle from share files, sheet photos or typed groups and print
// it, in the form it was given, to stdout only. Refused and duplicate shares are reported on stderr.
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import type { Command } from 'commander'
import { serializeBundle } from '../../../shared/bundle'
import { combineShares, type ShareInput } from '../../core/shares/combine'
import { openVault } from '../../core/vault/vault-store'
import type { CliContext } from '../context'
import { imageKind } from '../../core/sheets/qr-decode'
import { shareInputsFromImage } from '../../core/sheets/image-shares'
import { readTypedSharesInteractively, typedSharesFromText } from '../../core/sheets/typed-entry'
import { runCommand } from '../output'
import { CustosError } from '../../../shared/errors'

export function registerCombine(program: Command, ctx: CliContext): void {
  program
    .command('combine')
    .description('recover the credential bundle from K shares of one set')
    .argument('[shares...]', 'share files, or PNG/JPEG photos or scans of sheets')
    .option('--typed', 'also read shares typed from the sheets (interactively, or piped to stdin)')
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON')
    .action(async (files: string[], opts: { dataDir?: string; json?: boolean; typed?: boolean }) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const vault = openVault(ctx.dataDir(opts.dataDir))
        const inputs = await collectShareInputs(files, ctx, { typed: Boolean(opts.typed) })
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

/**
 * Reads each named share: a PNG or JPEG (by its first bytes) is decoded for QR codes, any
 * other file is share text. With typed, shares typed from sheets follow the files.
 */
export async function collectShareInputs(
  files: string[],
  ctx: CliContext,
  options: { typed?: boolean } = {},
): Promise<ShareInput[]> {
  if (files.length === 0 && !options.typed) {
    throw new CustosError(
      'USAGE',
      'Name the share files or sheet photos to combine, e.g. custos combine share-1.txt sheet-2.jpg, or use --typed.',
    )
  }
  const inputs: ShareInput[] = []
  for (const file of files) {
    const bytes = readShareFile(file)
    if (imageKind(bytes)) inputs.push(...(await shareInputsFromImage(file, bytes)))
    else inputs.push({ source: file, payload: Buffer.from(bytes).toString('utf8') })
  }
  if (options.typed) inputs.push(...(await readTypedShares(ctx)))
  return inputs
}

function readShareFile(file: string): Uint8Array {
  try {
    return readFileSync(file)
  } catch (error) {
    throw new CustosError(
      'FILE_UNREADABLE',
      `Cannot read the share file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}. Check the path.`,
      { path: file },
    )
  }
}

/** Prompts line by line on a terminal; reads blank-line-separated shares from a pipe. */
async function readTypedShares(ctx: CliContext): Promise<ShareInput[]> {
  if (!ctx.io.isStdinTty) return typedSharesFromText(await ctx.io.readStdin())
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true })
  let ended = false
  rl.on('close', () => {
    ended = true
  })
  try {
    const shares = await readTypedSharesInteractively({
      ask: (prompt) =>
        ended
          ? Promise.resolve(undefined)
          : new Promise((resolve) => {
              const onClose = (): void => resolve(undefined)
              rl.once('close', onClose)
              rl.question(prompt, (answer) => {
                rl.off('close', onClose)
                resolve(answer)
              })
            }),
      say: (text) => ctx.io.stderr(text),
    })
    if (shares.length === 0) {
      throw new CustosError('TYPED_GROUP_INVALID', 'No share was typed. Type the groups printed under "Typed share".')
    }
    return shares
  } finally {
    rl.close()
  }
}
