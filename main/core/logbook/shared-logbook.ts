// One open logbook per process and data directory: its verified head and folded state are
// kept between operations and advanced by the entries appended since, so an operation costs
// what is new, not the length of the log. Closed at process exit or by closeSharedLogbooks.
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { VaultEvent } from '../../../shared/events'
import type { Clock } from '../clock'
import type { VaultKey } from '../vault/vault-key'
import { logbookPath, openSqliteLogbook, type EntryFilter, type EntryRange, type LogAnchor, type Logbook, type LogEntry, type LogHead, type SqliteLogbook, type VerifyOptions } from './logbook-store'
import type { SignedCheckpoint } from './checkpoint'
import { newestRememberedCheckpoint, newestRememberedSize, rememberCheckpoint } from './checkpoint-store'
import type { VaultState } from './vault-state'
import type { CheckpointInput, StoredEntry, VerifyReport } from './verify'

interface Held {
  book: SqliteLogbook
  /** The file it opened: a logbook replaced on disk (restored, moved) is opened afresh. */
  ino: number
  dev: number
}

const held = new Map<string, Held>()
/** Handles on a file that was replaced or emptied under them: kept open (see sharedLogbook), closed by the OS at exit. */
const abandoned: SqliteLogbook[] = []
let exitHookSet = false

export interface SharedLogbookOptions {
  clock: Clock
  anchor?: LogAnchor
}

/**
 * The process's open logbook for `dataDir` (opening and verifying it the first time), seen
 * through `clock`. close() on the result does not close the shared connection.
 */
export function sharedLogbook(dataDir: string, key: VaultKey, opts: SharedLogbookOptions): Logbook {
  const dir = resolve(dataDir)
  const path = logbookPath(dir)
  let current = held.get(dir)
  let file: { ino: number; dev: number; size: number } | undefined
  try {
    file = statSync(path)
  } catch {
    file = undefined
  }
  // Replaced (another inode) or emptied in place (size 0): what the handle knew no longer holds; open afresh.
  if (current && (!file || file.size === 0 || file.ino !== current.ino || file.dev !== current.dev || !current.book.isOpen || current.book.signerFingerprint() !== key.fingerprint || !sameAnchor(current.book.anchor(), opts.anchor))) {
    // Not closed: closing the last connection checkpoints its write-ahead log into the file,
    // which would write old pages into a file emptied or replaced under it. Set aside instead.
    abandoned.push(current.book)
    held.delete(dir)
    current = undefined
  }
  if (!current) {
    // Throws LOG_NOT_FOUND when the file is missing, LOG_VERIFY_FAILED when it does not verify.
    const book = openSqliteLogbook(dir, key, { clock: opts.clock, ...(opts.anchor ? { anchor: opts.anchor } : {}) })
    const stat = statSync(path)
    current = { book, ino: stat.ino, dev: stat.dev }
    held.set(dir, current)
    if (!exitHookSet) {
      exitHookSet = true
      process.once('exit', () => closeSharedLogbooks())
    }
  }
  return new ClockedLogbook(current.book, opts.clock)
}

/** Closes the shared logbook of one data directory, or of all (tests, shutdown). */
export function closeSharedLogbooks(dataDir?: string): void {
  for (const [dir, h] of [...held]) {
    if (dataDir !== undefined && dir !== resolve(dataDir)) continue
    h.book.close()
    held.delete(dir)
  }
}

function sameAnchor(a: LogAnchor | undefined, b: LogAnchor | undefined): boolean {
  if (!b) return true
  return a !== undefined && a.origin === b.origin && a.firstHash === b.firstHash
}

/** The shared logbook as one caller sees it: its own clock stamps what it appends. */
class ClockedLogbook implements Logbook {
  constructor(
    private readonly book: SqliteLogbook,
    private readonly clock: Clock,
  ) {}
  get path(): string {
    return this.book.path
  }
  get origin(): string {
    return this.book.origin
  }
  get readOnly(): boolean {
    return this.book.readOnly
  }
  append(actor: string, event: VaultEvent): LogEntry {
    return this.appendWith(actor, () => [event])[0]!
  }
  appendAll(actor: string, events: readonly VaultEvent[]): LogEntry[] {
    return this.appendWith(actor, () => events)
  }
  appendWith(actor: string, build: (state: Readonly<VaultState>) => readonly VaultEvent[]): LogEntry[] {
    return this.book.appendWithClock(this.clock, actor, (state) => {
      // Inside the write transaction: nothing is appended to a log that fails the newest checkpoint kept.
      const kept = newestRememberedCheckpoint(this.book.dataDir)
      if (kept) this.book.assertExtends(kept.cp, `The remembered checkpoint ${kept.file}`)
      return build(state)
    })
  }
  entries(filter?: EntryFilter): LogEntry[] {
    return this.book.entries(filter)
  }
  rawEntries(): StoredEntry[] {
    return this.book.rawEntries()
  }
  iterateEntries(range?: EntryRange): IterableIterator<StoredEntry> {
    return this.book.iterateEntries(range)
  }
  head(): LogHead {
    return this.book.head()
  }
  verify(checkpoints?: readonly (string | CheckpointInput)[], options?: VerifyOptions): VerifyReport {
    return this.book.verify(checkpoints, options)
  }
  checkpoint(): SignedCheckpoint {
    const cp = this.book.checkpoint()
    // Every checkpoint handed out is kept too, so later writes are checked against it.
    // Best effort: the note is still handed out (the custodians hold it) when the folder cannot be written.
    try {
      if (!this.book.readOnly && cp.size > newestRememberedSize(this.book.dataDir)) rememberCheckpoint(this.book.dataDir, cp)
    } catch {
      // a full or read-only disk: the next write fails loudly anyway
    }
    return cp
  }
  state(): VaultState {
    return this.book.state()
  }
  anchor(): LogAnchor | undefined {
    return this.book.anchor()
  }
  rotateKey(actor: string, newKey: VaultKey, reason?: string): LogEntry {
    return this.book.rotateKey(actor, newKey, reason)
  }
  close(): void {
    // Shared: stays open for the next operation (closeSharedLogbooks closes it).
  }
}
