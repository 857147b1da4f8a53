// The checkpoints this data directory remembers (checkpoints/ beside the log): every note Custos
// handed out or was given. Writes refuse on a log that does not extend the newest (docs/FORMAT.md 3.6).
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { parseCheckpoint, type SignedCheckpoint } from './checkpoint'

export const CHECKPOINTS_DIR = 'checkpoints'

/** checkpoints/<size, 16 digits>-<first 16 hex of the hash>.txt: sorting by name sorts by size. */
const NAME = /^(\d{16})-[0-9a-f]{16}\.txt$/

export interface RememberedCheckpoint {
  cp: SignedCheckpoint
  /** The file it is kept in, for messages. */
  file: string
}

function fileName(cp: SignedCheckpoint): string {
  return `${String(cp.size).padStart(16, '0')}-${cp.hash.slice(0, 16)}.txt`
}

/** Keeps a (parsed, already signature-checked) checkpoint; written to a temp name, synced, renamed. */
export function rememberCheckpoint(dataDir: string, cp: SignedCheckpoint): string {
  const dir = join(dataDir, CHECKPOINTS_DIR)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const file = join(dir, fileName(cp))
  const temp = `${file}.${process.pid}.tmp`
  const fd = openSync(temp, 'w', 0o644)
  try {
    writeSync(fd, cp.text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(temp, file)
  return file
}

/** The remembered checkpoint of the greatest size, or undefined when none is kept. */
export function newestRememberedCheckpoint(dataDir: string): RememberedCheckpoint | undefined {
  const dir = join(dataDir, CHECKPOINTS_DIR)
  let names: string[]
  try {
    names = readdirSync(dir).filter((n) => NAME.test(n))
  } catch {
    return undefined
  }
  const newest = names.sort().at(-1)
  if (!newest) return undefined
  const file = join(dir, newest)
  // A kept note that no longer parses is itself a sign of tampering: parseCheckpoint refuses with CHECKPOINT_INVALID.
  return { cp: parseCheckpoint(readFileSync(file, 'utf8'), `The remembered checkpoint ${file}`), file }
}

/** Size of the newest remembered checkpoint (-1 when none), from file names only. */
export function newestRememberedSize(dataDir: string): number {
  try {
    const names = readdirSync(join(dataDir, CHECKPOINTS_DIR)).filter((n) => NAME.test(n)).sort()
    const last = names.at(-1)
    return last ? Number(NAME.exec(last)![1]) : -1
  } catch {
    return -1
  }
}
