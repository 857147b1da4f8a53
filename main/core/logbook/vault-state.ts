// Event-sourced vault state: a pure fold of the logbook's events. Nothing the app shows is
// kept in a second, mutable table; to show something new, add an event and a case here.
import { assertNever } from '../../../shared/errors'
import type { EventOf, VaultEvent } from '../../../shared/events'
import { emptyAwsState, foldAwsEvent, type AwsAftercareState } from '../../../shared/aws-events'
import { applyCeremonyEvent, emptyCeremonyState, type CeremonyState } from '../ceremonies/ceremony-state'

/** What the fold needs of a log entry (LogEntry has more). */
export interface FoldableEntry {
  seq: number
  time: string
  actor: string
  event: VaultEvent
}

/** Where and by whom something entered the log: every derived record carries one. */
export interface Provenance {
  seq: number
  time: string
  actor: string
}

export interface IssuedSet extends Omit<EventOf<'set.issued'>, 'type'> {
  issued: Provenance
}

export interface LogKeyRecord {
  fingerprint: string
  /** Base64 raw Ed25519 public key, when the log recorded it. */
  publicKey?: string
  since: Provenance
}

/** Ceremony records (methods, custodians, custody, releases, drills) come from CeremonyState. */
export interface VaultState extends CeremonyState {
  vault?: { name: string; fingerprint: string; created: Provenance }
  /** Share sets by set id, in issue order. */
  sets: Record<string, IssuedSet>
  /** Log keys in the order they came into force; the last one signs new entries. */
  logKeys: LogKeyRecord[]
  /** Sequence number of the last folded entry (0 for an empty log). */
  lastSeq: number
  /** AWS IAM aftercare: keys seen, created, revoked (shared/aws-events.ts foldAwsEvent). */
  aws: AwsAftercareState
}

export function emptyVaultState(): VaultState {
  return { sets: {}, logKeys: [], lastSeq: 0, aws: emptyAwsState(), ...emptyCeremonyState() }
}

export function foldEvents(entries: Iterable<FoldableEntry>): VaultState {
  const state = emptyVaultState()
  for (const entry of entries) applyEntry(state, entry)
  return state
}

/** Applies one entry to a state being built (mutates the draft it is given): the logbook advances its state with it. */
export function applyEntry(state: VaultState, entry: FoldableEntry): void {
  const at: Provenance = { seq: entry.seq, time: entry.time, actor: entry.actor }
  state.lastSeq = entry.seq
  const event = entry.event
  switch (event.type) {
    case 'vault.created': {
      state.vault = { name: event.name, fingerprint: event.fingerprint, created: at }
      if (state.logKeys.length === 0) {
        state.logKeys.push({ fingerprint: event.fingerprint, ...(event.publicKey ? { publicKey: event.publicKey } : {}), since: at })
      }
      return
    }
    case 'set.issued': {
      const { type: _type, ...set } = event
      state.sets[event.setId] = { ...set, issued: at }
      state.aws = foldAwsEvent(state.aws, event)
      return
    }
    case 'log.key-rotated': {
      state.logKeys.push({ fingerprint: event.newFingerprint, publicKey: event.newPublicKey, since: at })
      return
    }
    case 'aws.connected-mode':
    case 'aws.keys-listed':
    case 'aws.key-last-used':
    case 'aws.key-create-requested':
    case 'aws.key-created':
    case 'aws.key-verified':
    case 'aws.key-deactivated':
    case 'aws.key-deleted':
    case 'aws.call-failed':
    case 'aws.evidence-recorded':
    case 'aws.key-use-reconciled': {
      state.aws = foldAwsEvent(state.aws, event)
      return
    }
    case 'method.defined':
    case 'method.updated':
    case 'custodian.added':
    case 'custodian.updated':
    case 'custodian.retired':
    case 'roster.reviewed':
    case 'sheets.assigned':
    case 'sheet.handed-over':
    case 'set.scan-verified':
    case 'set.activated':
    case 'set.retired':
    case 'sheet.bag-opened':
    case 'sheet.bag-resealed':
    case 'sheet.moved':
    case 'sheet.lost':
    case 'sheet.destroyed':
    case 'custody.exception':
    case 'release.requested':
    case 'release.withdrawn':
    case 'release.verified':
    case 'release.granted':
    case 'quorum.failed':
    case 'release.revoked':
    case 'release.rotated':
    case 'drill.completed':
    case 'review.completed':
    case 'script.step-done':
      applyCeremonyEvent(state, event, at)
      return
    default:
      return assertNever(event, 'logbook event')
  }
}
