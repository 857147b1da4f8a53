// What an audit PDF is rendered from: the vault, the period, the logbook entries (already
// verified), the folded vault state, the checkpoint and the signer.
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
  /** Every entry of the log (the whole chain is embedded and verified). */
  allEntries: AuditEntry[]
  /** The entries inside the period: what the readable sections and the table show. */
  entries: AuditEntry[]
  /** The vault state folded over every entry up to the end of the period. */
  state: VaultState
  head: { size: number; hash: string }
  latestCheckpoint?: AuditCheckpointView
  signer: { certificateSha256: string; rootCertificateSha256: string; subject: string }
  generatedAt: string
  /** Open obligations at export time; undefined when this build does not compute them. */
  obligations?: AuditObligationView[]
  /** Release narratives; built from release events by the releases section when those exist. */
  releases?: ReleaseStory[]
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
