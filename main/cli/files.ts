// File helpers the commands share: reading inputs with clear errors and writing outputs
// only into an empty or new directory, so nothing of an earlier run is overwritten.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { CustosError } from '../../shared/errors'

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
