// The highest logbook head this data directory has seen (logbook-head.json beside the log):
// a log shorter than it, or different at that entry, was cut or rolled back and is refused.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'

export const HEAD_MARK_FILE = 'logbook-head.json'

const HeadMark = z.object({
  format: z.literal('custos-logbook-head'),
  origin: z.string(),
  size: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
})

export interface SeenHead {
  origin: string
  size: number
  hash: string
}

/** The remembered head, or undefined when there is none (a vault from before it was kept, or a damaged mark). */
export function readHeadMark(dataDir: string): SeenHead | undefined {
  let text: string
  try {
    text = readFileSync(join(dataDir, HEAD_MARK_FILE), 'utf8')
  } catch {
    return undefined
  }
  try {
    const parsed = HeadMark.safeParse(JSON.parse(text))
    return parsed.success ? { origin: parsed.data.origin, size: parsed.data.size, hash: parsed.data.hash } : undefined
  } catch {
    return undefined
  }
}

/**
 * Records a new highest head after a durable append. It overwrites one fixed-size record in
 * place (no truncate, no rename: those make some file systems flush, doubling an append's
 * cost). Best effort: the log itself is already durable, and a mark that lags or is torn by
 * a crash only makes the check less strict (a torn mark reads as none), never wrong.
 */
export function writeHeadMark(dataDir: string, head: SeenHead): void {
  const path = join(dataDir, HEAD_MARK_FILE)
  const record = Buffer.from(JSON.stringify({ format: 'custos-logbook-head', ...head }).padEnd(RECORD_BYTES - 1, ' ') + '\n')
  let fd: number | undefined
  try {
    try {
      fd = openSync(path, 'r+')
    } catch {
      fd = openSync(path, 'wx', 0o600)
    }
    writeSync(fd, record, 0, record.length, 0)
  } catch {
    // a full or read-only disk: the append stands; the next successful append writes the mark
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** Every mark has this length, so an overwrite never leaves the tail of a longer one. */
const RECORD_BYTES = 512
