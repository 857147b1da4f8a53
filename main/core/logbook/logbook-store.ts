// The logbook on disk: an append-only, hash-chained, signed SQLite log in the data directory.
// Every append is durable (WAL, synchronous=FULL) before it returns; callers act only after.
import { chmodSync, existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { CustosError } from '../../../shared/errors'
import { VaultEventSchema, type VaultEvent, type VaultEventType } from '../../../shared/events'
import { systemClock, type Clock } from '../clock'
import type { VaultKey } from '../vault/vault-key'
import { canonicalJson } from './canonical-json'
import { checkpointSignedBy, signCheckpoint, type SignedCheckpoint } from './checkpoint'
import { entryHash, entrySignatureMessage, genesisHash, originFor, rotationStatement, LOG_FORMAT_VERSION } from './entry-hash'
import { LOGBOOK_FILE, META_FORMAT, SCHEMA_SQL } from './logbook-schema'
import { readHeadMark, writeHeadMark } from './head-mark'
import { applyEntry, emptyVaultState, type VaultState } from './vault-state'
import { walkChain, type ChainPoint, type CheckpointInput, type StoredEntry, type VerifyProblem, type VerifyReport } from './verify'

export interface LogEntry extends StoredEntry {
  type: VaultEventType
  event: VaultEvent
}

export interface LogHead {
  size: number
  /** Hash of the last entry (the genesis hash for an empty log). */
  hash: string
}

export interface EntryFilter {
  type?: VaultEventType | readonly VaultEventType[]
  fromSeq?: number
  toSeq?: number
  /** Newest first when true. */
  newestFirst?: boolean
  limit?: number
}

/** Which stored rows iterateEntries streams: a range of sequence numbers, optionally only some types. */
export interface EntryRange {
  fromSeq?: number
  toSeq?: number
  types?: readonly string[]
}

export interface OpenLogbookOptions {
  clock?: Clock
  /** Inspection only: opens even a log that does not verify; every append is refused. */
  readOnly?: boolean
  /** Create the log if there is none (custos init). Otherwise a missing log is an error: it may have been deleted. */
  create?: boolean
  /** Checkpoints held elsewhere (note texts) that the log must extend to open read-write. */
  checkpoints?: readonly (string | CheckpointInput)[]
  /** better-sqlite3 native build to load; defaults to the one set by setLogbookNativeBinding. */
  nativeBinding?: string
  /** The log this vault began (vault.json): a log with another origin or another entry 1 is refused. */
  anchor?: LogAnchor
}

/** What a vault remembers of its log's genesis, so an emptied or swapped log cannot pass for it. */
export interface LogAnchor {
  origin: string
  /** Hash of entry 1 ('vault.created'). */
  firstHash: string
}

let defaultNativeBinding: string | undefined

/** The Electron app loads better-sqlite3 built for Electron's ABI; it says where once, at start. */
export function setLogbookNativeBinding(path: string | undefined): void {
  defaultNativeBinding = path
}

export interface VerifyOptions {
  /** 'head' (default): chain everywhere, signatures where they prove it; 'all': every signature too. */
  signatures?: 'head' | 'all'
}

export interface Logbook {
  readonly path: string
  readonly origin: string
  readonly readOnly: boolean
  /** Appends one event; durable when it returns. Throws LOG_WRITE_FAILED and changes nothing if it cannot. */
  append(actor: string, event: VaultEvent): LogEntry
  /** Appends several events in one transaction: all of them or none. */
  appendAll(actor: string, events: readonly VaultEvent[]): LogEntry[]
  /**
   * Checks and appends in one serialised step: inside the write transaction, `build` gets the
   * state folded up to the head it appends to, throws to refuse, or returns the events to
   * append (none: nothing is written). Durable when it returns.
   */
  appendWith(actor: string, build: (state: Readonly<VaultState>) => readonly VaultEvent[]): LogEntry[]
  entries(filter?: EntryFilter): LogEntry[]
  /** The rows as stored, without parsing events: what inspection of a damaged log shows. */
  rawEntries(): StoredEntry[]
  /**
   * The rows as stored, in log order, read one at a time from the file (never all held):
   * for exports that read a long log in passes. Read-only; the connection runs no other
   * query until the iteration ends (finish or break out of it before querying again).
   */
  iterateEntries(range?: EntryRange): IterableIterator<StoredEntry>
  head(): LogHead
  verify(checkpoints?: readonly (string | CheckpointInput)[], options?: VerifyOptions): VerifyReport
  /** A signed note of the current size and head hash, to print and hand out. */
  checkpoint(): SignedCheckpoint
  /**
   * The vault state: a pure fold of every event, kept by the open logbook and advanced by
   * the entries appended since (by anyone). Read-only for callers; it advances with the log.
   */
  state(): VaultState
  /** The anchor of this log's history (origin and entry 1), once it has one. */
  anchor(): LogAnchor | undefined
  /** Rotates the log key: logs 'log.key-rotated' signed by the old key and endorsed by the new one. */
  rotateKey(actor: string, newKey: VaultKey, reason?: string): LogEntry
  close(): void
}

type Row = [number, string, string, string, string, string, string, string, string]
const SELECT_COLUMNS = 'seq, time, actor, type, payload, prev_hash, entry_hash, signer, signature'

export function logbookPath(dataDir: string): string {
  return join(dataDir, LOGBOOK_FILE)
}

export function logbookExists(dataDir: string): boolean {
  return existsSync(logbookPath(dataDir))
}

export function openLogbook(dataDir: string, key: VaultKey, opts: OpenLogbookOptions = {}): Logbook {
  return openSqliteLogbook(dataDir, key, opts)
}

/** Opens the logbook; a read-write open verifies the whole log and folds its state once. */
export function openSqliteLogbook(dataDir: string, key: VaultKey, opts: OpenLogbookOptions = {}): SqliteLogbook {
  const path = logbookPath(dataDir)
  const readOnly = opts.readOnly === true
  const existed = existsSync(path)
  if (!existed && (readOnly || !opts.create)) {
    throw new CustosError(
      'LOG_NOT_FOUND',
      `The logbook ${path} is missing. Restore the data directory from your backup; ` +
        'Custos will not start a new, empty log for an existing vault, since that would hide what happened.',
      { path },
    )
  }
  // Only `custos init` creates a log, and only where there was none (or a file it just made).
  const mayCreate = opts.create === true && (!existed || statSync(path).size === 0) && !readOnly
  let db: Database.Database
  try {
    const nativeBinding = opts.nativeBinding ?? defaultNativeBinding
    db = new Database(path, {
      ...(readOnly ? { readonly: true, fileMustExist: true } : {}),
      ...(nativeBinding ? { nativeBinding } : {}),
    })
  } catch (error) {
    throw storageFailure(error, path, 'open the logbook')
  }
  try {
    const book = new SqliteLogbook(db, dataDir, path, key, opts.clock ?? systemClock, readOnly, mayCreate, opts.anchor)
    if (!readOnly) {
      book.refresh()
      if (opts.checkpoints?.length) {
        const report = book.verify(opts.checkpoints)
        if (!report.ok) throw verifyFailure(report, path)
      }
    }
    return book
  } catch (error) {
    db.close()
    throw error
  }
}

export function verifyFailure(report: VerifyReport, path: string): CustosError {
  return problemFailure(report.problem!, path)
}

function problemFailure(p: VerifyProblem, path: string): CustosError {
  return new CustosError(
    'LOG_VERIFY_FAILED',
    `The logbook ${path} does not verify${p.seq !== null ? ` at entry ${p.seq}` : ''} (${p.kind}): ${p.message} ` +
      'Custos refuses to record anything in it. Verify the logbook to see the damage, and restore the data directory ' +
      'from a backup that extends your latest checkpoint.',
    { seq: p.seq, kind: p.kind, path },
  )
}

/** What the open logbook knows to be true up to a verified head: the chain point and the folded state. */
interface Verified {
  point: ChainPoint
  state: VaultState
  /** PRAGMA data_version when it was last brought up to date: it changes when another connection commits. */
  version: number
  /** PRAGMA schema_version then: dropping or adding a trigger or table changes it. */
  schema: number
}

export class SqliteLogbook implements Logbook {
  readonly origin: string
  private readonly genesisPublicKey: string
  private key: VaultKey
  private readonly insert?: Database.Statement
  private verified?: Verified
  private anchorValue?: LogAnchor
  private readonly headStatement: Database.Statement
  private readonly hashAtStatement: Database.Statement
  private readonly streamStatement: Database.Statement

  constructor(
    private readonly db: Database.Database,
    readonly dataDir: string,
    readonly path: string,
    key: VaultKey,
    private readonly clock: Clock,
    readonly readOnly: boolean,
    mayCreate: boolean,
    anchor: LogAnchor | undefined,
  ) {
    this.key = key
    this.anchorValue = anchor
    try {
      db.pragma('busy_timeout = 5000')
      // Checked before anything can write to the file: an empty file or one without tables
      // is a log whose history is gone, never a cue to start a new one.
      const hasEntries = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entries'").get()
      if (!hasEntries && !mayCreate) {
        throw new CustosError(
          'LOG_VERIFY_FAILED',
          `The logbook ${path} is empty (it holds no entries table): the vault's history is gone. ` +
            'Custos will not start a new log for an existing vault. Restore the data directory from your backup ' +
            '(verifying the logbook shows the damage).',
          { path, kind: 'truncated', seq: 1 },
        )
      }
      if (!readOnly) {
        const mode = db.pragma('journal_mode = WAL', { simple: true })
        if (String(mode).toLowerCase() !== 'wal') {
          throw new CustosError('LOG_WRITE_FAILED', `The logbook ${path} cannot use write-ahead logging here (${mode}); move the data directory to a local disk.`)
        }
        db.pragma('synchronous = FULL')
        db.pragma('recursive_triggers = ON')
        if (!hasEntries) this.create()
        restrictModes(path)
      }
      let metaRows: { key: unknown; value: unknown }[]
      try {
        metaRows = db.prepare('SELECT key, value FROM logbook_meta').all() as { key: unknown; value: unknown }[]
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_ERROR') metaRows = []
        else throw error
      }
      const meta = new Map(metaRows.map((r) => [String(r.key), typeof r.value === 'string' ? r.value : String(r.value)]))
      if (meta.get('format') !== META_FORMAT || meta.get('version') !== String(LOG_FORMAT_VERSION)) {
        throw new CustosError(
          'LOG_VERIFY_FAILED',
          `${path} is not a Custos logbook of a version this Custos reads (format ${meta.get('format')}, version ${meta.get('version')}): ` +
            'its metadata is missing or was changed. Restore the data directory from your backup.',
          { path, kind: 'malformed', seq: null },
        )
      }
      this.origin = meta.get('origin') ?? ''
      this.genesisPublicKey = meta.get('genesis_public_key') ?? ''
      this.headStatement = db.prepare('SELECT seq, entry_hash, time FROM entries ORDER BY seq DESC LIMIT 1')
      this.hashAtStatement = db.prepare('SELECT entry_hash FROM entries WHERE seq = ?').pluck(true)
      this.streamStatement = db.prepare(`SELECT ${SELECT_COLUMNS} FROM entries WHERE seq > ? ORDER BY seq`).raw(true)
      if (!readOnly) {
        this.insert = db.prepare(`INSERT INTO entries (${SELECT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      }
    } catch (error) {
      if (error instanceof CustosError) throw error
      throw storageFailure(error, path, 'open the logbook')
    }
  }

  private create(): void {
    this.db.transaction(() => {
      this.db.exec(SCHEMA_SQL)
      const put = this.db.prepare('INSERT INTO logbook_meta (key, value) VALUES (?, ?)')
      put.run('format', META_FORMAT)
      put.run('version', String(LOG_FORMAT_VERSION))
      put.run('origin', originFor(this.key.fingerprint))
      put.run('genesis_public_key', Buffer.from(this.key.raw).toString('base64'))
      put.run('created_at', this.clock.now().toISOString())
    }).immediate()
  }

  /** Rows after `afterSeq`, streamed: a 100k-entry log is never held in memory as rows. */
  private *rowsAfter(afterSeq: number): Generator<StoredEntry> {
    for (const r of this.streamStatement.iterate(afterSeq) as IterableIterator<Row>) yield toStored(r)
  }

  private schemaVersion(): number {
    return Number(this.db.pragma('schema_version', { simple: true }))
  }

  private dataVersion(): number {
    return Number(this.db.pragma('data_version', { simple: true }))
  }

  /**
   * Brings the verified state up to the log's head: nothing to do when no other connection
   * committed; else verify and fold only the entries after the verified head (whose hash must
   * still be there); a log that shrank or changed under it is verified whole.
   */
  refresh(): Verified {
    try {
      const version = this.dataVersion()
      const known = this.verified
      if (known && known.version === version) return known
      // Rewriting old entries needs the append-only triggers gone, which changes the schema:
      // then (or when the entry at our verified head is gone) the whole log is verified again.
      const schema = this.schemaVersion()
      if (known && known.schema === schema) {
        const stillThere = known.point.size === 0 || this.hashAtStatement.get(known.point.size) === known.point.hash
        if (stillThere) {
          const state = known.state
          const { report, point } = walkChain({
            ...this.chainInput(),
            entries: () => this.rowsAfter(known.point.size),
            from: known.point,
            onRow: (row) => foldRow(state, row),
          })
          if (report.ok && point) {
            this.verified = { point, state, version, schema }
            this.checkHistory(point)
            return this.verified
          }
        }
        // Changed under us (or the new entries failed): drop what we knew and check everything.
        this.verified = undefined
      }
      const state = emptyVaultState()
      const { report, point } = walkChain({
        ...this.chainInput(),
        entries: () => this.rowsAfter(0),
        allEntries: () => this.rawEntries(),
        onRow: (row) => foldRow(state, row),
      })
      if (!report.ok || !point) throw verifyFailure(report, this.path)
      if (known && point.size < known.point.size) {
        throw problemFailure(
          { seq: point.size + 1, kind: 'truncated', message: `The logbook shrank from ${known.point.size} to ${point.size} entries while Custos had it open.` },
          this.path,
        )
      }
      this.checkHistory(point)
      this.verified = { point, state, version, schema }
      return this.verified
    } catch (error) {
      this.verified = undefined
      if (error instanceof CustosError) throw error
      throw storageFailure(error, this.path, 'read the logbook')
    }
  }

  private chainInput() {
    return { origin: this.origin, genesisPublicKey: this.genesisPublicKey, trustedKey: this.key, signatures: 'head' as const }
  }

  /** The vault's memory of its log: its genesis (vault.json) and the highest head it has seen. */
  /**
   * Refuses (LOG_VERIFY_FAILED) unless the verified log extends `cp`: this log's origin, signed by
   * one of its keys, at least `cp.size` entries and the same hash there. One row read: cheap per append.
   */
  assertExtends(cp: SignedCheckpoint, source: string): void {
    const { point } = this.refresh()
    let problem: VerifyProblem | undefined
    if (cp.origin !== this.origin) {
      problem = { seq: null, kind: 'checkpoint-invalid', message: `${source} is for log ${cp.origin}, not this log (${this.origin}).` }
    } else if (!this.signedNotes.has(cp.text) && !checkpointSignedBy(cp, [...point.keys, this.key])) {
      problem = { seq: null, kind: 'checkpoint-invalid', message: `${source} is not signed by this vault's log key: it was altered or forged.` }
    } else if (cp.size > point.size) {
      problem = {
        seq: point.size + 1,
        kind: 'truncated',
        message: `${source} shows ${cp.size} entries but the log has only ${point.size}: entries ${point.size + 1}..${cp.size} were cut, or an older copy of the log was restored.`,
      }
    } else if (cp.size > 0 && this.hashAtStatement.get(cp.size) !== cp.hash) {
      problem = { seq: cp.size, kind: 'forked', message: `${source} does not match entry ${cp.size}: the log was rolled back and rewritten since that checkpoint was taken.` }
    }
    if (problem) throw problemFailure(problem, this.path)
    this.signedNotes.add(cp.text) // its signature holds: not checked again at every append
  }

  private readonly signedNotes = new Set<string>()

  private historyProblem(point: ChainPoint): VerifyProblem | undefined {
    const anchor = this.anchorValue
    if (anchor) {
      if (anchor.origin !== this.origin) {
        return { seq: null, kind: 'foreign-key', message: `This is the log ${this.origin}, not this vault's log ${anchor.origin}: the logbook file was replaced.` }
      }
      if (point.size === 0) {
        return { seq: 1, kind: 'truncated', message: 'The logbook has no entries, but this vault\'s log began with entry 1 ("vault.created"): its history is gone.' }
      }
      if (this.hashAtStatement.get(1) !== anchor.firstHash) {
        return { seq: 1, kind: 'forked', message: 'Entry 1 is not the entry this vault\'s log began with: the logbook was replaced by another log.' }
      }
    }
    const seen = readHeadMark(this.dataDir)
    if (!seen) return undefined
    if (seen.origin !== this.origin) {
      return { seq: null, kind: 'foreign-key', message: `This data directory has kept the log ${seen.origin}, but the logbook file is the log ${this.origin}: it was replaced.` }
    }
    // Another process may have appended (and marked its head) after this walk read the log:
    // not a cut when the log now holds the marked entry; the next refresh verifies the rest.
    if (point.size < seen.size && !(this.readHead().size >= seen.size && this.hashAtStatement.get(seen.size) === seen.hash)) {
      return {
        seq: point.size + 1,
        kind: 'truncated',
        message: `The logbook has ${point.size} entries, but this vault has already seen ${seen.size}: entries ${point.size + 1}..${seen.size} were cut, or an older copy of the log was restored.`,
      }
    }
    if (this.hashAtStatement.get(seen.size) !== seen.hash) {
      return { seq: seen.size, kind: 'forked', message: `Entry ${seen.size} is not the entry this vault saw there: the log was rolled back and rewritten.` }
    }
    return undefined
  }

  private checkHistory(point: ChainPoint): void {
    const problem = this.historyProblem(point)
    if (problem) throw problemFailure(problem, this.path)
    if (!this.readOnly) {
      // Remember the highest head (and, for a vault that predates anchoring, its genesis).
      if (point.size > 0 && !this.anchorValue) this.anchorValue = { origin: this.origin, firstHash: String(this.hashAtStatement.get(1)) }
      this.markHead(point)
    }
  }

  /** Size of the highest head this handle knows to be in the mark file (saves a read per append). */
  private markedSize = -1

  private markHead(point: ChainPoint): void {
    if (point.size <= this.markedSize) return
    const seen = this.markedSize < 0 ? readHeadMark(this.dataDir) : undefined
    if (seen && seen.origin === this.origin && seen.size >= point.size) {
      this.markedSize = seen.size
      return
    }
    writeHeadMark(this.dataDir, { origin: this.origin, size: point.size, hash: point.hash })
    this.markedSize = point.size
  }

  anchor(): LogAnchor | undefined {
    return this.anchorValue
  }

  append(actor: string, event: VaultEvent): LogEntry {
    const [entry] = this.appendAll(actor, [event])
    return entry!
  }

  appendAll(actor: string, events: readonly VaultEvent[]): LogEntry[] {
    return this.appendWithClock(this.clock, actor, () => events)
  }

  appendWith(actor: string, build: (state: Readonly<VaultState>) => readonly VaultEvent[]): LogEntry[] {
    return this.appendWithClock(this.clock, actor, build)
  }

  appendWithClock(clock: Clock, actor: string, build: (state: Readonly<VaultState>) => readonly VaultEvent[]): LogEntry[] {
    if (this.readOnly || !this.insert) {
      throw new CustosError('LOG_WRITE_FAILED', `The logbook ${this.path} is open read-only for inspection; nothing was recorded or done.`)
    }
    const who = actor.trim()
    if (!who || who.length > 200) throw new CustosError('USAGE', 'Every logbook entry needs the name of who did it (1-200 characters).')
    const insert = this.insert
    const write = this.db.transaction(() => {
      // Inside the write lock: the state the rules see is the state at the head we append to.
      const { point, state } = this.refresh()
      const checked = build(state).map((e) => {
        const parsed = VaultEventSchema.safeParse(e)
        if (!parsed.success) {
          throw new CustosError('INTERNAL', `Refusing to log a malformed "${(e as { type?: string }).type}" event: ${parsed.error.issues[0]?.message}.`)
        }
        return parsed.data
      })
      if (checked.length === 0) return []
      const now = clock.now()
      if (point.time && now.getTime() < Date.parse(point.time)) {
        throw new CustosError(
          'CLOCK_WENT_BACKWARDS',
          `This machine's clock says ${now.toISOString()}, which is earlier than the logbook's last entry (${point.time}). ` +
            'The clock is behind or was set back; nothing was recorded. Set the correct date and time, then try again ' +
            '(on an air-gapped machine a clock gone backwards is worth reporting).',
          { now: now.toISOString(), head: point.time },
        )
      }
      let head = { size: point.size, hash: point.hash }
      const time = now.toISOString()
      const written: LogEntry[] = []
      for (const event of checked) {
        const { type, ...rest } = event
        const content = { seq: head.size + 1, time, actor: who, type, payload: canonicalJson(rest), prevHash: head.hash }
        const hash = entryHash(content)
        const signature = Buffer.from(this.key.sign(entrySignatureMessage(hash))).toString('base64')
        const entry: LogEntry = { ...content, hash, signer: this.key.fingerprint, signature, event }
        insert.run(entry.seq, entry.time, entry.actor, entry.type, entry.payload, entry.prevHash, entry.hash, entry.signer, entry.signature)
        written.push(entry)
        head = { size: entry.seq, hash }
      }
      return written
    })
    let written: LogEntry[]
    try {
      // IMMEDIATE takes the write lock before reading the head, so two writers never fork the chain.
      written = write.immediate()
    } catch (error) {
      if (error instanceof CustosError) throw error
      this.verified = undefined
      throw storageFailure(error, this.path, 'write the logbook entry')
    }
    this.advance(written)
    return written
  }

  /** Folds our own committed entries into the cached state (our commits do not change data_version). */
  private advance(written: readonly LogEntry[]): void {
    const known = this.verified
    const last = written[written.length - 1]
    if (!known || !last) return
    if (written.some((e) => e.type === 'log.key-rotated')) {
      this.verified = undefined // rare: the next read re-verifies and follows the new key
    } else {
      for (const entry of written) applyEntry(known.state, entry)
      known.point = { ...known.point, size: last.seq, hash: last.hash, time: last.time }
      try {
        known.version = this.dataVersion()
      } catch {
        this.verified = undefined
      }
    }
    if (this.verified) this.markHead(this.verified.point)
  }

  private readHead(): LogHead {
    const row = this.headStatement.get() as { seq: number; entry_hash: string } | undefined
    return row ? { size: row.seq, hash: row.entry_hash } : { size: 0, hash: genesisHash(this.origin) }
  }

  head(): LogHead {
    return this.readHead()
  }

  rawEntries(): StoredEntry[] {
    const rows = this.db.prepare(`SELECT ${SELECT_COLUMNS} FROM entries ORDER BY seq`).raw(true).all() as Row[]
    return rows.map(toStored)
  }

  *iterateEntries(range: EntryRange = {}): IterableIterator<StoredEntry> {
    const where: string[] = []
    const args: (string | number)[] = []
    if (range.fromSeq !== undefined) (where.push('seq >= ?'), args.push(range.fromSeq))
    if (range.toSeq !== undefined) (where.push('seq <= ?'), args.push(range.toSeq))
    if (range.types !== undefined) {
      where.push(`type IN (${range.types.map(() => '?').join(', ') || "''"})`)
      args.push(...range.types)
    }
    const sql = `SELECT ${SELECT_COLUMNS} FROM entries${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`
    try {
      for (const r of this.db.prepare(sql).raw(true).iterate(...args) as IterableIterator<Row>) yield toStored(r)
    } catch (error) {
      // Only SQLite's own failures land here (a consumer's error ends the loop without throwing into it).
      throw storageFailure(error, this.path, 'read the logbook')
    }
  }

  entries(filter: EntryFilter = {}): LogEntry[] {
    const where: string[] = []
    const args: (string | number)[] = []
    if (filter.fromSeq !== undefined) (where.push('seq >= ?'), args.push(filter.fromSeq))
    if (filter.toSeq !== undefined) (where.push('seq <= ?'), args.push(filter.toSeq))
    if (filter.type !== undefined) {
      const types = typeof filter.type === 'string' ? [filter.type] : [...filter.type]
      where.push(`type IN (${types.map(() => '?').join(', ') || "''"})`)
      args.push(...types)
    }
    const sql =
      `SELECT ${SELECT_COLUMNS} FROM entries` +
      (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
      ` ORDER BY seq ${filter.newestFirst ? 'DESC' : 'ASC'}` +
      (filter.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(filter.limit))}` : '')
    const rows = this.db.prepare(sql).raw(true).all(...args) as Row[]
    return rows.map((r) => toLogEntry(toStored(r)))
  }

  verify(checkpoints: readonly (string | CheckpointInput)[] = [], options: VerifyOptions = {}): VerifyReport {
    const signatures = options.signatures ?? 'head'
    try {
      const { report, point } = walkChain({
        origin: this.origin,
        genesisPublicKey: this.genesisPublicKey,
        trustedKey: this.key,
        entries: () => this.rowsAfter(0),
        allEntries: () => this.rawEntries(),
        checkpoints: checkpoints.map((c, i) => (typeof c === 'string' ? { source: `Checkpoint ${i + 1}`, text: c } : c)),
        signatures,
      })
      if (!report.ok || !point) return report
      // The chain holds; does it hold as the history this vault has seen?
      const problem = this.historyProblem(point)
      return problem ? { ...report, ok: false, problem } : report
    } catch (error) {
      // A file too damaged for SQLite to read is a diagnosis too, never a crash.
      const code = String((error as { code?: string })?.code ?? '')
      return {
        ok: false,
        origin: this.origin,
        size: 0,
        headHash: genesisHash(this.origin),
        keyFingerprint: '',
        signatures,
        signaturesChecked: 0,
        problem: { seq: null, kind: 'malformed', message: `The logbook file is damaged: SQLite cannot read it (${code || (error as Error).message}).` },
        checkpoints: [],
      }
    }
  }

  checkpoint(): SignedCheckpoint {
    // A checkpoint vouches for the log: sign only a head this handle has verified.
    const { point } = this.refresh()
    return signCheckpoint({ origin: this.origin, size: point.size, hash: point.hash }, this.key)
  }

  state(): VaultState {
    if (this.readOnly) {
      // Inspection of a log that may not verify: fold it without vouching for it.
      const state = emptyVaultState()
      for (const row of this.rowsAfter(0)) foldRow(state, row)
      return state
    }
    return this.refresh().state
  }

  rotateKey(actor: string, newKey: VaultKey, reason?: string): LogEntry {
    const oldPublic = Buffer.from(this.key.raw).toString('base64')
    const newPublic = Buffer.from(newKey.raw).toString('base64')
    const endorsement = Buffer.from(newKey.sign(rotationStatement(this.origin, oldPublic, newPublic))).toString('base64')
    const entry = this.append(actor, {
      type: 'log.key-rotated',
      previousFingerprint: this.key.fingerprint,
      newFingerprint: newKey.fingerprint,
      newPublicKey: newPublic,
      endorsement,
      ...(reason ? { reason } : {}),
    })
    this.key = newKey
    this.verified = undefined
    return entry
  }

  /** The key this handle signs with (a shared handle is reused only for the same key). */
  signerFingerprint(): string {
    return this.key.fingerprint
  }

  get isOpen(): boolean {
    return this.db.open
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}

/** The logbook and its write-ahead files are the vault's record: owner-only, whatever the umask. */
function restrictModes(path: string): void {
  if (process.platform === 'win32') return
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600)
    } catch {
      // absent (no -wal yet) or not ours to change: SQLite creates -wal/-shm with the log's mode
    }
  }
}

function toStored(r: Row): StoredEntry {
  return { seq: r[0], time: r[1], actor: r[2], type: r[3], payload: r[4], prevHash: r[5], hash: r[6], signer: r[7], signature: r[8] }
}

/** Folds one verified row; an event no Custos wrote (shape) is a diagnosis, not a crash. */
function foldRow(state: VaultState, row: StoredEntry): void {
  const entry = toLogEntry(row)
  try {
    applyEntry(state, entry)
  } catch (error) {
    if (error instanceof CustosError) throw error
    throw new CustosError('LOG_VERIFY_FAILED', `Logbook entry ${row.seq} cannot be read (its event is not one Custos writes). Verify the logbook to see the damage.`, { seq: row.seq, kind: 'malformed' })
  }
}

function toLogEntry(s: StoredEntry): LogEntry {
  let event: VaultEvent
  try {
    event = { ...(JSON.parse(s.payload) as object), type: s.type } as VaultEvent
  } catch {
    throw new CustosError('LOG_VERIFY_FAILED', `Logbook entry ${s.seq} cannot be read (its payload is not JSON). Verify the logbook to see the damage.`, { seq: s.seq, kind: 'malformed' })
  }
  return { ...s, type: event.type, event }
}

/** Maps a SQLite/file-system failure to the error callers handle: a damaged file is a diagnosis; else nothing was recorded. */
function storageFailure(error: unknown, path: string, what: string): CustosError {
  const code = String((error as { code?: string })?.code ?? '')
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || code === 'SQLITE_MISMATCH' || (code === 'SQLITE_ERROR' && /no such (table|column)/.test(String((error as Error).message)))) {
    return new CustosError(
      'LOG_VERIFY_FAILED',
      `The logbook ${path} is damaged: SQLite cannot read it (${code}). Custos refuses to record anything in it. ` +
        'Verify the logbook to see the damage, and restore the data directory from your backup.',
      { path, kind: 'malformed', seq: null, cause: code },
    )
  }
  const why =
    code === 'SQLITE_FULL' || code.includes('ENOSPC')
      ? 'the disk is full; free space on the disk that holds the data directory'
      : code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'SQLITE_CANTOPEN'
        ? 'the logbook or its directory is read-only or not accessible; check its permissions and the disk'
        : code === 'SQLITE_BUSY'
          ? 'another Custos process holds the logbook; close it and try again'
          : code.startsWith('SQLITE_CONSTRAINT')
            ? 'the logbook refused the entry (its append-only guard fired); verify the logbook'
            : `${code || 'an unexpected error'} while writing; check the disk`
  return new CustosError(
    'LOG_WRITE_FAILED',
    `Could not ${what} ${path}: ${why}. Nothing was recorded, so the operation was not carried out.`,
    { path, cause: code || undefined },
  )
}
