// Key use outside releases: what `custos audit reconcile` found when CloudTrail was read against
// the release windows (aws.key-use-reconciled entries in the period), every flagged use listed.
import type { FlaggedKeyUse } from '../../../../shared/aws-events'
import { whoDid } from '../../../../shared/entry-words'
import { entriesOf, memo, type AuditEntry, type AuditModel } from '../audit-model'
import { COLOR } from '../audit-writer'
import { emptyNote, formatTime, type AuditSection } from './section'

const TYPES = new Set(['aws.key-use-reconciled'])

interface Reconciled {
  entry: AuditEntry
  files: number
  records: number
  coveredFrom?: string
  coveredTo?: string
  uses: number
  insideReleases: number
  aftercareCalls: number
  flaggedCount: number
  flagged: FlaggedKeyUse[]
}

function reconciliations(model: AuditModel): Reconciled[] {
  return memo(model, 'reconciliations', () => reconciled(model))
}

function reconciled(model: AuditModel): Reconciled[] {
  return [...entriesOf(model, { types: TYPES })].map((entry) => {
    const p = entry.payload as Record<string, unknown>
    const sources = (p.sources ?? {}) as { files?: number; records?: number }
    return {
      entry,
      files: Number(sources.files ?? 0),
      records: Number(sources.records ?? 0),
      ...(typeof p.coveredFrom === 'string' ? { coveredFrom: p.coveredFrom } : {}),
      ...(typeof p.coveredTo === 'string' ? { coveredTo: p.coveredTo } : {}),
      uses: Number(p.uses ?? 0),
      insideReleases: Number(p.insideReleases ?? 0),
      aftercareCalls: Number(p.aftercareCalls ?? 0),
      flaggedCount: Number(p.flaggedCount ?? 0),
      flagged: Array.isArray(p.flagged) ? (p.flagged as FlaggedKeyUse[]) : [],
    }
  })
}

export const keyUseSection: AuditSection = {
  title: 'Key use outside releases',
  count: (model) => reconciliations(model).length,
  render(writer, model) {
    writer.section(
      this.title,
      'CloudTrail records of the break-glass key (and of the account root) matched against the release windows in ' +
        'this log, from the grant to the revoke. Any use outside a window is listed.',
    )
    const all = reconciliations(model)
    if (all.length === 0) {
      emptyNote(writer, 'Key use outside releases: not checked in this period (no CloudTrail reconciliation was recorded).')
      return
    }
    for (const r of all) {
      const span = r.coveredFrom && r.coveredTo ? `${formatTime(r.coveredFrom)} to ${formatTime(r.coveredTo)}` : 'no records'
      writer.heading(
        `Reconciled ${formatTime(r.entry.time)} by ${whoDid(r.entry, model.names, model.account)} (entry #${r.entry.seq})`,
        `${r.records} CloudTrail records in ${r.files} files, ${span}: ${r.uses} uses of the break-glass principal, ` +
          `${r.insideReleases} inside a release, ${r.aftercareCalls} made by Custos's own aftercare.`,
      )
      if (r.flaggedCount === 0) {
        writer.paragraph('Key use outside releases: none', { color: COLOR.ok })
        continue
      }
      writer.paragraph(`Key use outside releases: ${r.flaggedCount}${r.flagged.length < r.flaggedCount ? ` (the first ${r.flagged.length} are listed)` : ''}`, {
        color: COLOR.bad,
      })
      writer.table(
        [
          { title: 'When', width: 90, value: (u: FlaggedKeyUse) => formatTime(u.eventTime) },
          { title: 'Event', width: 95, value: (u) => `${u.eventName}${u.errorCode ? ` (${u.errorCode})` : ''}` },
          { title: 'Key or principal', width: 105, mono: true, value: (u) => u.accessKeyId ?? (u.principal === 'root' ? 'root' : u.userName ?? '') },
          { title: 'Source IP', width: 66, value: (u) => u.sourceIPAddress ?? '' },
          {
            title: 'Why',
            width: writer.width - 356,
            value: (u) => (u.reason === 'after-revoke' ? `after release ${u.releaseId ?? ''} was revoked` : 'no release open'),
          },
        ],
        r.flagged,
        { size: 7.5 },
      )
    }
  },
}
