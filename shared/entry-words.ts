// Logbook entries in words, for people: "Alice Ng presented share 2 of set 2QTN-P9QV for INC-5120".
// Pure and shared: the app's logbook screen and the audit PDF print the same sentences.
import { assertNever } from './errors'
import { isVaultEventType, type VaultEvent, type VaultEventType } from './events'

/**
 * What turns ids into names: custodian id → name, method id → name, release id → incident
 * ticket. Build it with collectEntryNames (or addEntryNames while streaming); an id it does
 * not know is printed as the id itself, so a sentence never loses information.
 */
export interface EntryNames {
  custodians: Record<string, string>
  methods: Record<string, string>
  tickets: Record<string, string>
}

/** A log entry as either side sees it: the contract's LogEntryView (event) or the audit export's (payload). */
export interface EntryLike {
  type: string
  event?: Record<string, unknown>
  payload?: Record<string, unknown>
}

export function emptyEntryNames(): EntryNames {
  return { custodians: {}, methods: {}, tickets: {} }
}

/** The event types that introduce a name or a ticket: load these (e.g. log.entries with a type filter) to name everyone. */
export const NAMING_EVENT_TYPES = ['custodian.added', 'custodian.updated', 'method.defined', 'method.updated', 'release.requested'] as const

/** Learns the names an entry introduces; mutates and returns the accumulator it is given (cheap over 100k entries). */
export function addEntryNames(names: EntryNames, entry: EntryLike): EntryNames {
  const e = fieldsOf(entry)
  switch (entry.type) {
    case 'custodian.added':
    case 'custodian.updated':
      if (typeof e.custodianId === 'string' && typeof e.name === 'string') names.custodians[e.custodianId] = e.name
      break
    case 'method.defined':
    case 'method.updated':
      if (typeof e.methodId === 'string' && typeof e.name === 'string') names.methods[e.methodId] = e.name
      break
    case 'release.requested':
      if (typeof e.releaseId === 'string' && typeof e.incidentTicket === 'string') names.tickets[e.releaseId] = e.incidentTicket
      break
  }
  return names
}

export function collectEntryNames(entries: Iterable<EntryLike>): EntryNames {
  const names = emptyEntryNames()
  for (const entry of entries) addEntryNames(names, entry)
  return names
}

/** "V9QWDC1K" as printed on sheets: "V9QW-DC1K" (fingerprints in groups of four the same way). */
export function groupId(id: string): string {
  return id.match(/.{1,4}/g)?.join('-') ?? id
}

/** "2026-12-03 14:37 UTC": deadlines in the sentences, unambiguous on paper. */
export function wordsTime(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso
}

/** True for an entry an auditor should look at twice (a custody exception, a lost sheet, a failed quorum or drill, a plain split). */
export function isExceptionEntry(entry: EntryLike): boolean {
  const e = fieldsOf(entry)
  switch (entry.type) {
    case 'custody.exception':
    case 'sheet.lost':
    case 'quorum.failed':
    case 'aws.call-failed':
      return true
    case 'aws.key-use-reconciled':
      return typeof e.flaggedCount === 'number' && e.flaggedCount > 0
    case 'drill.completed':
      return e.result === 'failed'
    case 'set.issued':
      return e.methodId === undefined
    case 'set.retired':
      return e.reason === 'compromised'
    case 'review.completed':
      return e.justified === false
    default:
      return false
  }
}

/**
 * One sentence for one entry. Every event type has its own wording (the switch below is
 * exhaustive); a type newer than this build, or a payload that does not fit its type, still
 * gets a sentence made of its fields, so no entry is ever shown blank.
 */
export function describeEntry(entry: EntryLike, names: EntryNames): string {
  const fields = fieldsOf(entry)
  if (isVaultEventType(entry.type)) {
    try {
      return describeEvent({ ...fields, type: entry.type } as VaultEvent, names)
    } catch {
      // A payload that does not match its type's shape: fall through to its fields.
    }
  }
  return describeFields(fields)
}

/** Short title of an event type, e.g. "Sheet handed over" (for filters and headings). */
export function entryTitle(type: string): string {
  return isVaultEventType(type) ? TITLES[type] : type
}

const TITLES: { [T in VaultEventType]: string } = {
  'vault.created': 'Vault created',
  'set.issued': 'Share set issued',
  'log.key-rotated': 'Log key rotated',
  'aws.connected-mode': 'AWS connected mode',
  'aws.keys-listed': 'AWS keys listed',
  'aws.key-last-used': 'AWS key last use read',
  'aws.key-create-requested': 'AWS key creation requested',
  'aws.key-created': 'AWS key created',
  'aws.key-verified': 'AWS key verified',
  'aws.key-deactivated': 'AWS key deactivated',
  'aws.key-deleted': 'AWS key deleted',
  'aws.call-failed': 'AWS call failed',
  'aws.evidence-recorded': 'AWS evidence recorded',
  'aws.key-use-reconciled': 'CloudTrail reconciled',
  'method.defined': 'Method defined',
  'method.updated': 'Method updated',
  'custodian.added': 'Custodian added',
  'custodian.updated': 'Custodian updated',
  'custodian.retired': 'Custodian retired',
  'roster.reviewed': 'Roster reviewed',
  'sheets.assigned': 'Sheets assigned',
  'sheet.handed-over': 'Sheet handed over',
  'set.scan-verified': 'Set scanned back',
  'set.activated': 'Set activated',
  'set.retired': 'Set retired',
  'sheet.bag-opened': 'Bag opened',
  'sheet.bag-resealed': 'Bag resealed',
  'sheet.moved': 'Sheet moved',
  'sheet.lost': 'Sheet lost',
  'sheet.destroyed': 'Sheet destroyed',
  'custody.exception': 'Custody exception',
  'release.requested': 'Release requested',
  'release.withdrawn': 'Release withdrawn',
  'release.verified': 'Request verified',
  'release.granted': 'Release granted',
  'quorum.failed': 'Quorum failed',
  'release.revoked': 'Credential revoked',
  'release.rotated': 'Credential rotated',
  'drill.completed': 'Drill completed',
  'review.completed': 'Review completed',
  'script.step-done': 'Ceremony script step done',
}

const EXCEPTION_WORDS: Record<string, string> = {
  'bag-serial-mismatch': 'bag serial does not match the record',
  'presented-by-other-custodian': 'sheet presented by someone other than its holder',
  'retired-set-presented': 'sheet of a retired set presented',
  'sheet-refused': 'sheet refused',
  'operator-presented': 'the operator presented a sheet',
}

export function describeEvent(e: VaultEvent, names: EntryNames): string {
  const who = (id: string) => names.custodians[id] ?? id
  const method = (id: string) => names.methods[id] ?? id
  const ticket = (releaseId: string) => names.tickets[releaseId]
  const release = (releaseId: string) => {
    const t = ticket(releaseId)
    return t ? `release ${releaseId} (${t})` : `release ${releaseId}`
  }
  const sheet = (s: { setId: string; index: number; copy: number }) => `share ${s.index} copy ${s.copy} of set ${groupId(s.setId)}`
  const receipt = (r: { operation: string; requestId: string; signerKeyId: string }) =>
    `AWS ${r.operation} request ${r.requestId}, signed by ${r.signerKeyId}`
  const presentations = (list: readonly { index: number; custodianId: string }[]) =>
    list.map((p) => `${who(p.custodianId)} presented share ${p.index}`).join(', ')

  switch (e.type) {
    case 'vault.created':
      return `Vault "${e.name}" created with vault key ${groupId(e.fingerprint)}`
    case 'set.issued': {
      const parts = [`${e.threshold} of ${e.total} shares`]
      if (e.label) parts.push(`label "${e.label}"`)
      if (e.awsAccessKeyId) parts.push(`holds AWS key ${e.awsAccessKeyId}`)
      return e.methodId
        ? `Share set ${groupId(e.setId)} issued for method ${method(e.methodId)}: ${parts.join(', ')}`
        : `Share set ${groupId(e.setId)} made with a plain split (no method, custodians or scan-back): ${parts.join(', ')}`
    }
    case 'log.key-rotated':
      return `Log key rotated from ${groupId(e.previousFingerprint)} to ${groupId(e.newFingerprint)}${e.reason ? `: ${e.reason}` : ''}`
    case 'aws.connected-mode':
      return `Connected mode switched ${e.state} for AWS ${e.purpose} (${e.endpoint}, key ${e.signerKeyId})`
    case 'aws.keys-listed':
      return `AWS keys of ${e.userName} listed: ${e.keys.map((k) => `${k.accessKeyId} ${k.status}`).join(', ') || 'none'} (${receipt(e)})`
    case 'aws.key-last-used':
      return `AWS key ${e.accessKeyId} last used ${e.lastUsedDate ? `${wordsTime(e.lastUsedDate)} (${e.serviceName}, ${e.region})` : 'never'} (${receipt(e)})`
    case 'aws.key-create-requested':
      return `New AWS key requested for ${e.userName}, to replace ${e.replaces}`
    case 'aws.key-created':
      return `AWS key ${e.accessKeyId} created for ${e.userName}, replacing ${e.replaces} (${receipt(e)})`
    case 'aws.key-verified':
      return `AWS key ${e.accessKeyId} proven to work as ${e.userArn} (${receipt(e)})`
    case 'aws.key-deactivated':
      return `AWS key ${e.accessKeyId} of ${e.userName} deactivated (${e.reason}; ${receipt(e)})`
    case 'aws.key-deleted':
      return `AWS key ${e.accessKeyId} of ${e.userName} ${e.inferredFrom ? 'deleted (its own delete was sent, the answer lost, and AWS now refuses it)' : e.alreadyGone ? 'found already deleted' : 'deleted'} (${e.reason}; ${receipt(e)})`
    case 'aws.call-failed':
      return `AWS ${e.operation} failed with ${e.errorCode}${e.requestId ? `, request ${e.requestId}` : ''} (key ${e.signerKeyId})`
    case 'aws.key-use-reconciled':
      return (
        `CloudTrail reconciled with the releases: ${e.sources.records} records in ${e.sources.files} files, ${e.uses} uses of the break-glass key, ` +
        `${e.flaggedCount === 0 ? 'none outside releases' : `${e.flaggedCount} outside releases`}`
      )
    case 'aws.evidence-recorded':
      return (
        `Offline evidence typed in: ${e.step} of AWS key ${e.accessKeyId} (${e.userName}) done ${wordsTime(e.performedAt)}` +
        `${e.requestId ? `, request ${e.requestId}` : ''}${e.note ? `; note: ${e.note}` : ''}`
      )
    case 'method.defined':
      return (
        `Method "${e.name}" (${e.methodId}) defined for ${e.scope}: ${e.policy.threshold} of ${e.policy.total} shares, ` +
        `${e.policy.copies} ${e.policy.copies === 1 ? 'copy' : 'copies'} each; owner ${e.ownerTeam}`
      )
    case 'method.updated': {
      const changed = (['name', 'scope', 'ownerTeam', 'ownerContacts', 'useCases', 'access', 'policy'] as const).filter((k) => e[k] !== undefined)
      return `Method ${method(e.methodId)} changed: ${changed.join(', ') || 'nothing'}`
    }
    case 'custodian.added':
      return `${e.name} (${e.custodianId}, ${e.team}) added as a custodian`
    case 'custodian.updated': {
      const changed = (['name', 'contact', 'team'] as const).filter((k) => e[k] !== undefined)
      return `Custodian ${who(e.custodianId)} changed: ${changed.join(', ') || 'nothing'}`
    }
    case 'custodian.retired':
      return `${who(e.custodianId)} retired as a custodian: ${e.reason}`
    case 'roster.reviewed':
      return `${e.reviewer} reviewed the custodian roster${e.note ? `: ${e.note}` : ''}`
    case 'sheets.assigned': {
      const holders = [...new Set(e.sheets.map((s) => who(s.custodianId)))]
      return `${e.sheets.length} sheets of set ${groupId(e.setId)} assigned for method ${method(e.methodId)} to ${holders.join(', ')}`
    }
    case 'sheet.handed-over':
      return `${who(e.custodianId)} received ${sheet(e)} in bag ${e.bagSerial}`
    case 'set.scan-verified':
      return `Set ${groupId(e.setId)} scanned back: ${e.seen.reduce((n, s) => n + s.sheets, 0)} sheets checked and recombined`
    case 'set.activated':
      return `Set ${groupId(e.setId)} activated for method ${method(e.methodId)}${e.supersedes ? `, retiring set ${groupId(e.supersedes)}` : ''}`
    case 'set.retired':
      return `Set ${groupId(e.setId)} retired (${e.reason})${e.note ? `: ${e.note}` : ''}`
    case 'sheet.bag-opened':
      return `Bag ${e.serial} holding ${sheet(e)} opened: ${e.reason}`
    case 'sheet.bag-resealed':
      return `${capitalise(sheet(e))} resealed in bag ${e.newSerial}`
    case 'sheet.moved':
      return `${capitalise(sheet(e))} moved from ${who(e.fromCustodianId)} to ${who(e.toCustodianId)} in bag ${e.bagSerial}`
    case 'sheet.lost':
      return `${capitalise(sheet(e))} reported lost: ${e.note}`
    case 'sheet.destroyed':
      return `${capitalise(sheet(e))} destroyed, witnessed by ${e.witness}`
    case 'custody.exception': {
      const about = [
        e.custodianId ? who(e.custodianId) : undefined,
        e.index !== undefined && e.setId ? `share ${e.index} of set ${groupId(e.setId)}` : e.setId ? `set ${groupId(e.setId)}` : undefined,
        e.during ? `during ${names.tickets[e.during] ? release(e.during) : e.during}` : undefined,
      ].filter(Boolean)
      return `Exception: ${EXCEPTION_WORDS[e.kind] ?? e.kind}${about.length ? ` (${about.join(', ')})` : ''}: ${e.detail}`
    }
    case 'release.requested':
      return `${who(e.requester.name)} (${e.requester.team}) requested release ${e.releaseId} of method ${method(e.methodId)} for ${e.incidentTicket}; operator ${who(e.operator)}`
    case 'release.withdrawn':
      return `${capitalise(release(e.releaseId))} withdrawn: ${e.reason}`
    case 'release.verified':
      return `Request for ${release(e.releaseId)} verified: ${e.verification}`
    case 'release.granted':
      return (
        (e.recoveredOutside ? `Recovered outside the vault (receipt ${e.recoveredOutside.receiptId}${e.recoveredOutside.quorumProven ? '' : ', quorum not proven'}): ` : '') +
        `${presentations(e.presented)} of set ${groupId(e.setId)}${ticket(e.releaseId) ? ` for ${ticket(e.releaseId)}` : ''}; ` +
        `credential released to ${who(e.operator)} (release ${e.releaseId}), revoke by ${wordsTime(e.revokeBy)}`
      )
    case 'quorum.failed': {
      const during = names.tickets[e.during] ? release(e.during) : e.during
      return `Quorum failed during ${during}: ${e.code}, ${e.message}`
    }
    case 'release.revoked':
      return `Released credential of ${release(e.releaseId)} revoked: ${e.evidence}`
    case 'release.rotated':
      return `Released credential of ${release(e.releaseId)} rotated: ${e.evidence}`
    case 'drill.completed':
      return (
        `Drill ${e.drillId} ${e.result} on set ${groupId(e.setId)} of method ${method(e.methodId)}` +
        `${e.presented.length ? `: ${presentations(e.presented)}` : ', no sheets presented'}${e.note ? `; note: ${e.note}` : ''}`
      )
    case 'review.completed':
      return (
        `${e.reviewer} completed the review of ${release(e.releaseId)}: ${e.justified ? 'justified' : 'not justified'}, ` +
        `${e.actionItems.length} action ${e.actionItems.length === 1 ? 'item' : 'items'}`
      )
    case 'script.step-done':
      return (
        `${e.doneBy} did step ${e.step} of the ${e.script} script of method ${method(e.methodId)}` +
        `${e.reference ? ` (${e.reference})` : ''}: ${e.action}${e.note ? `; note: ${e.note}` : ''}`
      )
    default:
      return assertNever(e, 'logbook event')
  }
}

/** A log entry with the row's actor, as the logbook screen and the audit export read it. */
export interface EntryWithActor extends EntryLike {
  actor: string
}

/**
 * Who did what an entry records, in words. The person the entry itself names as acting
 * (the requester of a request, the operator a credential was released to, the reviewer,
 * the one who did a script step, the witness of a destruction); otherwise the row's actor:
 * a person's name when one was given (CUSTOS_ACTOR, the owner named at vault creation),
 * or, when it is the computer account Custos ran under (`account`, from log.entries), said
 * as such ("this computer's account root"), never a bare account name passed off as a person.
 */
export function whoDid(entry: EntryWithActor, names: EntryNames = emptyEntryNames(), account?: string): string {
  const person = namedActor(entry, names)
  return person ?? actorWords(entry.actor, account)
}

/** The row's actor in words: "this computer's account <name>" when it is the computer account. */
export function actorWords(actor: string, account?: string): string {
  return account !== undefined && account !== '' && actor === account ? `this computer's account ${actor}` : actor
}

/** The acting person an entry names in its own fields, if any (ids shown as names). */
export function namedActor(entry: EntryLike, names: EntryNames = emptyEntryNames()): string | undefined {
  const e = fieldsOf(entry)
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined)
  const person = (value: unknown) => {
    const id = text(value)
    return id === undefined ? undefined : (names.custodians[id] ?? id)
  }
  switch (entry.type) {
    case 'release.requested': {
      const requester = e.requester as Record<string, unknown> | undefined
      return person(requester?.name) ?? person(e.operator)
    }
    case 'release.granted': {
      // The operator runs the release with the custodians present and receives the credential.
      const operator = person(e.operator)
      return operator === undefined ? undefined : `${operator} (operator)`
    }
    case 'review.completed':
    case 'roster.reviewed':
      return text(e.reviewer)
    case 'script.step-done':
      return text(e.doneBy)
    case 'sheet.destroyed': {
      const witness = text(e.witness)
      return witness === undefined ? undefined : `${witness} (witness)`
    }
    default:
      return undefined
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function fieldsOf(entry: EntryLike): Record<string, unknown> {
  return entry.payload ?? entry.event ?? {}
}

/** "key: value; key: value" over a payload's fields, nested values flattened: the words for an unknown type. */
export function describeFields(payload: Record<string, unknown>): string {
  const parts: string[] = []
  const walk = (value: unknown, path: string) => {
    if (value === null || value === undefined) return
    if (Array.isArray(value)) {
      if (value.every((v) => typeof v !== 'object' || v === null)) parts.push(`${path}: ${value.join(', ')}`)
      else value.forEach((v, i) => walk(v, `${path}[${i + 1}]`))
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, path ? `${path}.${k}` : k)
    } else if (path !== 'type') {
      parts.push(`${path}: ${String(value)}`)
    }
  }
  walk(payload, '')
  return parts.join('; ')
}
