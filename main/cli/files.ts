// Reading what a person hands the command line (files, stdin) with clear errors: the
// terminal's side of input. Writing files is the core's (through the API's save "dialogs").
import { readFileSync } from 'node:fs'
import { parseBundleJson, type CredentialBundle } from '../../shared/bundle'
import { CustosError } from '../../shared/errors'
import type { CliContext } from './context'

export function readFileBytes(path: string, what: string): Buffer {
  try {
    return readFileSync(path)
  } catch (error) {
    throw new CustosError(
      'FILE_UNREADABLE',
      `Cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}. Check the path.`,
      { path },
    )
  }
}

export function readTextFile(path: string, what: string): string {
  return readFileBytes(path, what).toString('utf8')
}

/**
 * The credential bundle a command needs: from --bundle-file, else stdin (never argv, so it
 * never shows in a process list). `hint` says what to pipe in when nothing came.
 */
export async function readBundleInput(
  ctx: CliContext,
  file: string | undefined,
  hint = 'Pipe the bundle JSON to stdin or use --bundle-file FILE.',
): Promise<CredentialBundle> {
  if (file) return parseBundleJson(readFileBytes(file, 'bundle file'))
  if (ctx.io.isStdinTty) ctx.io.stderr('Paste the credential bundle JSON, then press Ctrl-D:\n')
  const bytes = await ctx.io.readStdinBytes()
  if (!Buffer.from(bytes).toString('latin1').trim()) throw new CustosError('BUNDLE_INVALID', `No credential was given. ${hint}`)
  return parseBundleJson(bytes)
}
