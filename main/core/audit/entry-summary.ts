// One-line descriptions of logbook entries for the full entry table. Known event types get a
// sentence; anything else (an event type newer than this renderer) falls back to its fields,
// so no entry is ever left out or blank.
import { isVaultEventType, type VaultEvent, type VaultEventType } from '../../../shared/events'
import { AWS_EVENT_SUMMARIES } from '../../../shared/aws-events'
import type { AuditEntry } from './audit-model'

type Summaries = { [T in VaultEventType]: (event: Extract<VaultEvent, { type: T }>) => string }

// A Record over every event type: adding an event to shared/events.ts makes the compiler ask
// for its sentence here (until then the generic fallback would print it).
const SUMMARIES: Summaries = {
  'vault.created': (e) => `Vault "${e.name}" created, key ${e.fingerprint}`,
  'set.issued': (e) =>
    `Share set ${e.setId} issued: ${e.threshold} of ${e.total}${e.label ? `, label "${e.label}"` : ''}${e.methodId ? `, method ${e.methodId}` : ''}`,
  'log.key-rotated': (e) => `Log key rotated ${e.previousFingerprint} → ${e.newFingerprint}${e.reason ? ` (${e.reason})` : ''}`,
  ...AWS_EVENT_SUMMARIES,
  'method.defined': (e) =>
    `Method "${e.name}" (${e.methodId}) defined: ${e.scope}; ${e.policy.threshold} of ${e.policy.total}, ${e.policy.copies} copies; owner ${e.ownerTeam}`,
  'method.updated': (e) => `Method ${e.methodId} updated: ${changed(e, ['name', 'scope', 'ownerTeam', 'useCases', 'access', 'policy'])}`,
  'custodian.added': (e) => `Custodian ${e.name} (${e.custodianId}, ${e.team}) added`,
  'custodian.updated': (e) => `Custodian ${e.custodianId} updated: ${changed(e, ['name', 'contact', 'team'])}`,
  'custodian.retired': (e) => `Custodian ${e.custodianId} retired: ${e.reason}`,
  'roster.reviewed': (e) => `Custodian roster reviewed by ${e.reviewer}${e.note ? `: ${e.note}` : ''}`,
  'sheets.assigned': (e) => `Set ${e.setId}: ${e.sheets.length} sheets assigned (${e.copies} copies) for method ${e.methodId}`,
  'sheet.handed-over': (e) => `Sheet ${sheet(e)} handed to ${e.custodianId} in bag ${e.bagSerial}`,
  'set.scan-verified': (e) => `Set ${e.setId} scanned back: ${e.seen.reduce((n, s) => n + s.sheets, 0)} sheets checked, recombined`,
  'set.activated': (e) => `Set ${e.setId} activated for method ${e.methodId}${e.supersedes ? `, retiring ${e.supersedes}` : ''}`,
  'set.retired': (e) => `Set ${e.setId} retired (${e.reason})${e.note ? `: ${e.note}` : ''}`,
  'sheet.bag-opened': (e) => `Bag ${e.serial} of sheet ${sheet(e)} opened: ${e.reason}`,
  'sheet.bag-resealed': (e) => `Sheet ${sheet(e)} resealed in bag ${e.newSerial}`,
  'sheet.moved': (e) => `Sheet ${sheet(e)} moved ${e.fromCustodianId} → ${e.toCustodianId} (bag ${e.bagSerial})`,
  'sheet.lost': (e) => `Sheet ${sheet(e)} LOST: ${e.note}`,
  'sheet.destroyed': (e) => `Sheet ${sheet(e)} destroyed, witness ${e.witness}`,
  'custody.exception': (e) => `EXCEPTION ${e.kind}${e.during ? ` during ${e.during}` : ''}: ${e.detail}`,
  'release.requested': (e) => `Release ${e.releaseId} requested for ${e.incidentTicket} by ${e.requester.name}; operator ${e.operator}`,
  'release.granted': (e) =>
    `Release ${e.releaseId} granted to ${e.operator}: ${e.presented.length} sheets of set ${e.setId}; revoke by ${e.revokeBy.slice(0, 16)}`,
  'quorum.failed': (e) => `Quorum failed during ${e.during}: ${e.code}`,
  'release.revoked': (e) => `Release ${e.releaseId}: credential revoked (${e.evidence})`,
  'release.rotated': (e) => `Release ${e.releaseId}: credential rotated (${e.evidence})`,
  'drill.completed': (e) => `Drill ${e.drillId} ${e.result.toUpperCase()}: set ${e.setId}, ${e.presented.length} sheets presented`,
  'review.completed': (e) => `Review of ${e.releaseId} by ${e.reviewer}: ${e.justified ? 'justified' : 'NOT justified'}, ${e.actionItems.length} action items`,
}

function sheet(e: { setId: string; index: number; copy: number }): string {
  return `${e.setId} #${e.index}.${e.copy}`
}

function changed(e: object, keys: string[]): string {
  return keys.filter((k) => (e as Record<string, unknown>)[k] !== undefined).join(', ') || 'nothing'
}

export function summarizeEntry(entry: AuditEntry): string {
  if (isVaultEventType(entry.type)) {
    const summarize = SUMMARIES[entry.type] as (event: unknown) => string
    try {
      return summarize({ type: entry.type, ...entry.payload })
    } catch {
      // A payload that does not match its type's shape still gets listed, generically.
    }
  }
  return genericSummary(entry.payload)
}

/** "key: value; key: value" over the payload's fields, nested values flattened. */
export function genericSummary(payload: Record<string, unknown>): string {
  const parts: string[] = []
  const walk = (value: unknown, path: string) => {
    if (parts.length >= 12) return
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
