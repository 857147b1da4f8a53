// File helpers the commands share: reading inputs with clear errors and writing outputs
// only into an empty or new directory, so nothing of an earlier run is overwritten.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { parseBundleJson, type CredentialBundle } from '../../shared/bundle'
import { CustosError } from '../../shared/errors'
import type { CliContext } from './context'

export function readTextFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw new CustosError(
      'FILE_UNREADABLE',
      `Cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}. Check the path.`,
      { path },
    )
  }
}

export function prepareEmptyDir(path: string): void {
  if (existsSync(path)) {
    if (!statSync(path).isDirectory()) {
      throw new CustosError('OUTPUT_DIR_NOT_EMPTY', `${path} is a file; --out needs an empty or new directory.`, { path })
    }
    if (readdirSync(path).length > 0) {
      throw new CustosError(
        'OUTPUT_DIR_NOT_EMPTY',
        `${path} is not empty. Choose an empty or new directory for --out so no earlier share is overwritten.`,
        { path },
      )
    }
    return
  }
  mkdirSync(path, { recursive: true, mode: 0o700 })
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
  if (file) return parseBundleJson(readTextFile(file, 'bundle file'))
  if (ctx.io.isStdinTty) ctx.io.stderr('Paste the credential bundle JSON, then press Ctrl-D:\n')
  const text = await ctx.io.readStdin()
  if (!text.trim()) throw new CustosError('BUNDLE_INVALID', `No credential was given. ${hint}`)
  return parseBundleJson(text)
}
