// The one way Custos writes a file that holds shares or could (sheets PDF, share files, the
// runbook): mode 0600 even where an older 0644 file stood, synced, and put in place by an
// atomic rename, so a reader never sees half a file and a crash leaves the old one or none.
import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { CustosError } from '../../../shared/errors'

export interface PrivateWriteOptions {
  /** Refuse when the file exists (nothing of an earlier run is overwritten). Default: replace it. */
  exclusive?: boolean
}

function cannotWrite(path: string, error: unknown): CustosError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
  if (code === 'EEXIST') {
    return new CustosError('OUTPUT_DIR_NOT_EMPTY', `${path} already exists. Choose a new file name so nothing earlier is overwritten.`, { path, reason: 'exists' })
  }
  return new CustosError('FILE_UNREADABLE', `Cannot write ${path}: ${code}. Choose a folder you can write to.`, { path, reason: code })
}

/** Writes `bytes` to `path` with mode 0600: temporary file, fsync, rename (or link when exclusive), fsync of the folder. */
export function writePrivateFile(path: string, bytes: Uint8Array | string, options: PrivateWriteOptions = {}): void {
  const temp = writeTemporary(path, bytes)
  try {
    // link() refuses an existing target atomically; rename() replaces it atomically.
    if (options.exclusive) linkSync(temp, path)
    else renameSync(temp, path)
  } catch (error) {
    throw cannotWrite(path, error)
  } finally {
    rmSync(temp, { force: true })
  }
  syncFolder(dirname(path))
}

/** Writes and syncs `bytes` beside `path` under a fresh 0600 temporary name, which it returns; on failure nothing is left. */
function writeTemporary(path: string, bytes: Uint8Array | string): string {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  let fd: number
  try {
    fd = openSync(temp, 'wx', 0o600)
  } catch (error) {
    throw cannotWrite(path, error)
  }
  try {
    try {
      const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes
      // A short write means the disk filled: the next call reports ENOSPC.
      for (let off = 0; off < buffer.length; ) off += writeSync(fd, buffer, off)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch (error) {
    rmSync(temp, { force: true })
    throw cannotWrite(path, error)
  }
  return temp
}

/** Makes the new directory entry durable too; some file systems cannot sync a folder, which is harmless. */
function syncFolder(dir: string): void {
  let fd: number | undefined
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch {
    // best effort
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** A private file written and synced under a temporary name, not yet in place: commit() or discard(). */
export interface StagedFile {
  readonly path: string
  /** Puts it in place (refusing an existing file), then syncs the folder. */
  commit(): void
  /** Removes the temporary file; harmless after commit. */
  discard(): void
}

/**
 * The first half of writePrivateFile, for work that must finish everything or nothing: every
 * file is staged (written, synced) before anything is recorded, and committed only after.
 * Any failure, a full disk included, is a CustosError naming the file; nothing is left behind.
 */
export function stagePrivateFile(path: string, bytes: Uint8Array | string): StagedFile {
  const dir = dirname(path)
  const temp = writeTemporary(path, bytes)
  return {
    path,
    commit() {
      try {
        linkSync(temp, path)
      } catch (error) {
        throw cannotWrite(path, error)
      } finally {
        rmSync(temp, { force: true })
      }
      syncFolder(dir)
    },
    discard() {
      rmSync(temp, { force: true })
    },
  }
}
