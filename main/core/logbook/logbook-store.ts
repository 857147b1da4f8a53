// The logbook on disk: an append-only, hash-chained, signed SQLite log in the data directory.
// Every append is durable (WAL, synchronous=FULL) before it returns; callers act only after.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { CustosError } from '../../../shared/errors'
import { VaultEventSchema, type VaultEvent, type VaultEventType } from '../../../shared/events'
import { systemClock, type Clock } from '../clock'
import type { VaultKey } from '../vault/vault-key'
import { canonicalJson } from './canonical-json'
import { signCheckpoint, type SignedCheckpoint } from './checkpoint'
import { entryHash, entrySignatureMessage, genesisHash, originFor, rotationStatement, LOG_FORMAT_VERSION } from './entry-hash'
import { LOGBOOK_FILE, META_FORMAT, SCHEMA_SQL } from './logbook-schema'
import { foldEvents, type VaultState } from './vault-state'
import { verifyEntries, type CheckpointInput, type StoredEntry, type VerifyReport } from './verify'

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
  entries(filter?: EntryFilter): LogEntry[]
  /** The rows as stored, without parsing events: what inspection of a damaged log shows. */
  rawEntries(): StoredEntry[]
  head(): LogHead
  verify(checkpoints?: readonly (string | CheckpointInput)[], options?: VerifyOptions): VerifyReport
  /** A signed note of the current size and head hash, to print and hand out. */
  checkpoint(): SignedCheckpoint
  /** The vault state: a pure fold of every event. */
  state(): VaultState
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
  const path = logbookPath(dataDir)
  const readOnly = opts.readOnly === true
  if (!existsSync(path) && (readOnly || !opts.create)) {
    throw new CustosError(
      'LOG_NOT_FOUND',
      `The logbook ${path} is missing. Restore the data directory from your backup; ` +
        'Custos will not start a new, empty log for an existing vault, since that would hide what happened.',
      { path },
    )
  }
  let db: Database.Database
  try {
    const nativeBinding = opts.nativeBinding ?? defaultNativeBinding
    db = new Database(path, {
      ...(readOnly ? { readonly: true, fileMustExist: true } : {}),
      ...(nativeBinding ? { nativeBinding } : {}),
    })
  } catch (error) {
    throw writeFailure(error, path, 'open the logbook')
  }
  try {
    const book = new SqliteLogbook(db, path, key, opts.clock ?? systemClock, readOnly)
    if (!readOnly) {
      const report = book.verify(opts.checkpoints ?? [])
      if (!report.ok) throw verifyFailure(report, path)
      book.markVerified()
    }
    return book
  } catch (error) {
    db.close()
    throw error
  }
}

export function verifyFailure(report: VerifyReport, path: string): CustosError {
  const p = report.problem!
  return new CustosError(
    'LOG_VERIFY_FAILED',
    `The logbook ${path} does not verify${p.seq !== null ? ` at entry ${p.seq}` : ''} (${p.kind}): ${p.message} ` +
      'Custos refuses to record anything in it. Inspect it with "custos log verify" and restore the data directory ' +
      'from a backup that extends your latest checkpoint.',
    { seq: p.seq, kind: p.kind, path },
  )
}

class SqliteLogbook implements Logbook {
  readonly origin: string
  private readonly genesisPublicKey: string
  private key: VaultKey
  private readonly insert?: Database.Statement

  constructor(
    private readonly db: Database.Database,
    readonly path: string,
    key: VaultKey,
    private readonly clock: Clock,
    readonly readOnly: boolean,
  ) {
    this.key = key
    try {
      db.pragma('busy_timeout = 5000')
      if (!readOnly) {
        const mode = db.pragma('journal_mode = WAL', { simple: true })
        if (String(mode).toLowerCase() !== 'wal') {
          throw new CustosError('LOG_WRITE_FAILED', `The logbook ${path} cannot use write-ahead logging here (${mode}); move the data directory to a local disk.`)
        }
        db.pragma('synchronous = FULL')
        db.pragma('recursive_triggers = ON')
        this.createIfNew()
      }
      const meta = new Map(
        (db.prepare('SELECT key, value FROM logbook_meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]),
      )
      if (meta.get('format') !== META_FORMAT || meta.get('version') !== String(LOG_FORMAT_VERSION)) {
        throw new CustosError(
          'LOG_VERIFY_FAILED',
          `${path} is not a Custos logbook of a version this Custos reads (format ${meta.get('format')}, version ${meta.get('version')}).`,
          { path },
        )
      }
      this.origin = meta.get('origin') ?? ''
      this.genesisPublicKey = meta.get('genesis_public_key') ?? ''
      if (!readOnly) {
        this.insert = db.prepare(`INSERT INTO entries (${SELECT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      }
    } catch (error) {
      if (error instanceof CustosError) throw error
      throw writeFailure(error, path, 'open the logbook')
    }
  }

  private createIfNew(): void {
    const exists = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entries'").get()
    if (exists) return
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

  append(actor: string, event: VaultEvent): LogEntry {
    const [entry] = this.appendAll(actor, [event])
    return entry!
  }

  appendAll(actor: string, events: readonly VaultEvent[]): LogEntry[] {
    if (this.readOnly || !this.insert) {
      throw new CustosError('LOG_WRITE_FAILED', `The logbook ${this.path} is open read-only for inspection; nothing was recorded or done.`)
    }
    const who = actor.trim()
    if (!who || who.length > 200) throw new CustosError('USAGE', 'Every logbook entry needs the name of who did it (1-200 characters).')
    const checked = events.map((e) => {
      const parsed = VaultEventSchema.safeParse(e)
      if (!parsed.success) {
        throw new CustosError('INTERNAL', `Refusing to log a malformed "${(e as { type?: string }).type}" event: ${parsed.error.issues[0]?.message}.`)
      }
      return parsed.data
    })
    const insert = this.insert
    const write = this.db.transaction(() => {
      let head = this.readHead()
      const version = this.dataVersion()
      if (version !== this.verifiedVersion) {
        // Another connection committed since we last verified (another Custos process, or
        // not Custos at all): extend only a log that still verifies.
        const report = this.verify()
        if (!report.ok) throw verifyFailure(report, this.path)
        this.verifiedVersion = version
      }
      const written: LogEntry[] = []
      for (const event of checked) {
        const { type, ...rest } = event
        const content = {
          seq: head.size + 1,
          time: this.clock.now().toISOString(),
          actor: who,
          type,
          payload: canonicalJson(rest),
          prevHash: head.hash,
        }
        const hash = entryHash(content)
        const signature = Buffer.from(this.key.sign(entrySignatureMessage(hash))).toString('base64')
        const entry: LogEntry = { ...content, hash, signer: this.key.fingerprint, signature, event }
        insert.run(entry.seq, entry.time, entry.actor, entry.type, entry.payload, entry.prevHash, entry.hash, entry.signer, entry.signature)
        written.push(entry)
        head = { size: entry.seq, hash }
      }
      return written
    })
    try {
      // IMMEDIATE takes the write lock before reading the head, so two writers never fork the chain.
      return write.immediate()
    } catch (error) {
      if (error instanceof CustosError) throw error
      throw writeFailure(error, this.path, 'write the logbook entry')
    }
  }

  private headStatement?: Database.Statement
  /** PRAGMA data_version when this handle last verified: it changes when another connection commits. */
  private verifiedVersion?: number

  private dataVersion(): number {
    return Number(this.db.pragma('data_version', { simple: true }))
  }

  /** Called once the open-time verification passed. */
  markVerified(): void {
    this.verifiedVersion = this.dataVersion()
  }

  private readHead(): LogHead {
    this.headStatement ??= this.db.prepare('SELECT seq, entry_hash FROM entries ORDER BY seq DESC LIMIT 1')
    const row = this.headStatement.get() as
      | { seq: number; entry_hash: string }
      | undefined
    return row ? { size: row.seq, hash: row.entry_hash } : { size: 0, hash: genesisHash(this.origin) }
  }

  head(): LogHead {
    return this.readHead()
  }

  rawEntries(): StoredEntry[] {
    const rows = this.db.prepare(`SELECT ${SELECT_COLUMNS} FROM entries ORDER BY seq`).raw(true).all() as Row[]
    return rows.map(toStored)
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
    return verifyEntries({
      origin: this.origin,
      genesisPublicKey: this.genesisPublicKey,
      trustedKey: this.key,
      entries: this.rawEntries(),
      checkpoints: checkpoints.map((c, i) => (typeof c === 'string' ? { source: `Checkpoint ${i + 1}`, text: c } : c)),
      signatures: options.signatures ?? 'head',
    })
  }

  checkpoint(): SignedCheckpoint {
    const head = this.readHead()
    return signCheckpoint({ origin: this.origin, size: head.size, hash: head.hash }, this.key)
  }

  state(): VaultState {
    return foldEvents(this.entries())
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
    return entry
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}

function toStored(r: Row): StoredEntry {
  return { seq: r[0], time: r[1], actor: r[2], type: r[3], payload: r[4], prevHash: r[5], hash: r[6], signer: r[7], signature: r[8] }
}

function toLogEntry(s: StoredEntry): LogEntry {
  let event: VaultEvent
  try {
    event = { ...(JSON.parse(s.payload) as object), type: s.type } as VaultEvent
  } catch {
    throw new CustosError('LOG_VERIFY_FAILED', `Logbook entry ${s.seq} cannot be read (its payload is not JSON). Run "custos log verify".`, { seq: s.seq, kind: 'malformed' })
  }
  return { ...s, type: event.type, event }
}

/** Maps a SQLite/file-system failure to the one error callers handle: nothing was recorded, nothing may be done. */
function writeFailure(error: unknown, path: string, what: string): CustosError {
  const code = String((error as { code?: string })?.code ?? '')
  const why =
    code === 'SQLITE_FULL' || code.includes('ENOSPC')
      ? 'the disk is full; free space on the disk that holds the data directory'
      : code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'SQLITE_CANTOPEN'
        ? 'the logbook or its directory is read-only or not accessible; check its permissions and the disk'
        : code === 'SQLITE_BUSY'
          ? 'another Custos process holds the logbook; close it and try again'
          : code.startsWith('SQLITE_CONSTRAINT')
            ? 'the logbook refused the entry (its append-only guard fired); run "custos log verify"'
            : `${code || 'an unexpected error'} while writing; check the disk`
  return new CustosError(
    'LOG_WRITE_FAILED',
    `Could not ${what} ${path}: ${why}. Nothing was recorded, so the operation was not carried out.`,
    { path, cause: code || undefined },
  )
}
