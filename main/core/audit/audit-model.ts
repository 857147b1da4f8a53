// What an audit PDF is rendered from: the vault, the period, the logbook entries (already
// verified), the folded vault state, the checkpoint and the signer.
import type { EntryNames } from '../../../shared/entry-words'
import { VAULT_EVENT_TYPES } from '../../../shared/events'
import type { VaultState } from '../logbook'

/** One logbook entry as the audit export reads it (the logbook's export form, payload parsed). */
export interface AuditEntry {
  seq: number
  /** ISO time, UTC. */
  time: string
  actor: string
  type: string
  /** The event payload (parsed canonical JSON); never holds secret material. */
  payload: Record<string, unknown>
  hash: string
  prevHash: string
}

export interface AuditCheckpointView {
  size: number
  headHash: string
  /** When it was made, if the checkpoint says. */
  time?: string
  /** The checkpoint's printable text, as custodians hold it. */
  text?: string
}

export interface AuditPeriod {
  /** Inclusive lower bound, ISO; undefined = from the first entry. */
  from?: string
  /** Inclusive upper bound, ISO; undefined = up to the head. */
  to?: string
}

export interface AuditObligationView {
  kind: string
  description: string
  dueAt: string
  status: 'due' | 'overdue' | 'upcoming'
}

export interface AuditModel {
  vault: { name: string; fingerprint: string }
  /** Break-glass methods defined in the vault (names), when methods exist. */
  methods: string[]
  period: AuditPeriod
  /**
   * The log's rows up to the verified head, streamed from the logbook afresh for every pass
   * (payload still canonical JSON text): readable sections and the entry table parse rows
   * one at a time as they go onto the pages (entriesOf), so no copy of the log is held.
   */
  rows: AuditRows
  /** The entries inside the period: what the readable sections and the table show. */
  periodEntries: { count: number; firstSeq: number | null; lastSeq: number | null; firstTime?: string; lastTime?: string }
  /** The vault state folded over every entry up to the end of the period. */
  state: VaultState
  /** Custodian and method names and incident tickets, for entries in words (shared/entry-words.ts). */
  names: EntryNames
  /** The computer account exporting: entries it recorded read "this computer's account <name>", as in the app. */
  account: string
  head: { size: number; hash: string }
  latestCheckpoint?: AuditCheckpointView
  signer: { certificateSha256: string; rootCertificateSha256: string; subject: string }
  generatedAt: string
  /** Open obligations at export time; undefined when this build does not compute them. */
  obligations?: AuditObligationView[]
  /** Release narratives; built from release events by the releases section when those exist. */
  releases?: ReleaseStory[]
}

/** The log's rows as passes read them: each call streams them again, in log order. */
export interface AuditRows {
  all(): Iterable<AuditRow>
  /** Only the rows of these types (the logbook filters them, so a pass over a few types stays cheap). */
  ofTypes(types: readonly string[]): Iterable<AuditRow>
}

/** One stored row of the log (log-export.ts StoredEntrySchema). */
export interface AuditRow {
  seq: number
  time: string
  actor: string
  type: string
  payload: string
  prevHash: string
  hash: string
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  let payload: Record<string, unknown> = {}
  try {
    const parsed: unknown = JSON.parse(row.payload)
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) payload = parsed as Record<string, unknown>
  } catch {
    // The verifier has already refused an unreadable payload; keep the table total anyway.
  }
  return { seq: row.seq, time: row.time, actor: row.actor, type: row.type, payload, hash: row.hash, prevHash: row.prevHash }
}

/**
 * The log's entries, streamed and parsed one at a time: those in the period (the default) or
 * all of them, optionally only some types (filtered by the logbook, before any parsing, so a
 * fold over a few types stays cheap).
 */
export function* entriesOf(
  model: Pick<AuditModel, 'rows' | 'period'>,
  options: { all?: boolean; types?: ReadonlySet<string> | ((type: string) => boolean) } = {},
): Generator<AuditEntry> {
  const wanted = options.types
  // A verified log holds only the event types Custos writes (the verifier refuses any other),
  // so a predicate is the list of known types it accepts, and the logbook filters by it.
  const rows =
    wanted === undefined
      ? model.rows.all()
      : model.rows.ofTypes(typeof wanted === 'function' ? VAULT_EVENT_TYPES.filter(wanted) : [...wanted])
  for (const row of rows) {
    if (!options.all && !inPeriod(row.time, model.period)) continue
    yield toAuditEntry(row)
  }
}

/** One break-glass release told as a story, everything an auditor asks about it. */
export interface ReleaseStory {
  id: string
  method?: string
  requestedAt: string
  requester: string
  incident: string
  justification: string
  businessImpact?: string
  whyNotNormalAccess?: string
  useCase?: string
  resourceOwner?: string
  operator: string
  /** Set when the credential was recovered outside the vault and the receipt imported afterwards. */
  recoveredOutside?: string
  releasedAt?: string
  setId?: string
  presented: { custodian: string; share: string; at?: string; note?: string }[]
  deadlines: { what: string; dueAt: string; metAt?: string }[]
  review?: { question: string; answer: string }[]
  exceptions?: string[]
  /** Log sequence numbers the story was built from, for cross-reference to the entry table. */
  seqs: number[]
}

export function inPeriod(time: string, period: AuditPeriod): boolean {
  const t = Date.parse(time)
  if (period.from !== undefined && t < Date.parse(period.from)) return false
  if (period.to !== undefined && t > Date.parse(period.to)) return false
  return true
}

const memos = new WeakMap<object, Map<string, unknown>>()

/** A fold computed once per model: sections are laid out twice (measure, then draw) and counted for the contents. */
export function memo<T>(model: object, key: string, compute: () => T): T {
  let map = memos.get(model)
  if (!map) memos.set(model, (map = new Map()))
  if (!map.has(key)) map.set(key, compute())
  return map.get(key) as T
}
