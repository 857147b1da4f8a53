// Share sets issued and retired: every split of the credential, its K-of-N, and its fate.
import { groupId } from '../../../../shared/entry-words'
import { memo, type AuditModel } from '../audit-model'
import { COLOR } from '../audit-writer'
import { emptyNote, formatTime, type AuditSection } from './section'

export interface ShareSetRow {
  setId: string
  threshold: number
  total: number
  label: string
  method: string
  issuedAt: string
  issuedSeq: number
  status: string
  activatedAt?: string
  retiredAt?: string
  retiredSeq?: number
  retiredReason?: string
  sheetsLeft?: number
  /** Made with a plain `custos split`: no method, no custodians assigned, never scanned back. */
  plainSplit: boolean
  sheetsDestroyed: number
}

/** Every set issued up to the end of the period, with its fate from the folded state. */
export function foldShareSets(model: Pick<AuditModel, 'state'>): ShareSetRow[] {
  return memo(model, 'share-sets', () => shareSetRows(model))
}

function shareSetRows(model: Pick<AuditModel, 'state'>): ShareSetRow[] {
  const { state } = model
  return Object.values(state.sets).map((set) => {
    const custody = state.custody[set.setId]
    const method = state.methods[set.methodId ?? custody?.methodId ?? '']
    return {
      setId: set.setId,
      threshold: set.threshold,
      total: set.total,
      label: set.label,
      method: method?.name ?? set.methodId ?? custody?.methodId ?? '',
      issuedAt: set.issued.time,
      issuedSeq: set.issued.seq,
      status: custody?.status ?? 'issued',
      activatedAt: custody?.activated?.time,
      retiredAt: custody?.retired?.time,
      retiredSeq: custody?.retired?.seq,
      retiredReason: custody?.retired?.reason,
      sheetsLeft: custody ? custody.sheets.filter((s) => !s.destroyed && !s.lost).length : undefined,
      plainSplit: !set.methodId && !custody,
      sheetsDestroyed: custody ? custody.sheets.filter((s) => s.destroyed).length : 0,
    }
  })
}

export const shareSetsSection: AuditSection = {
  title: 'Share sets issued and retired',
  count: (model) => foldShareSets(model).length,
  render(writer, model) {
    const rows = foldShareSets(model)
    writer.section(
      this.title,
      'Every split of the emergency credential into custodian sheets up to the end of the period. ' +
        'Sheets of a retired set are refused at recombination and must be destroyed.',
    )
    if (rows.length === 0) {
      emptyNote(writer, 'No share set had been issued by the end of this period.')
      return
    }
    writer.table(
      [
        { title: 'Set', width: 54, mono: true, value: (r: ShareSetRow) => groupId(r.setId) },
        { title: 'Quorum', width: 40, value: (r) => `${r.threshold} of ${r.total}` },
        { title: 'Label', width: 80, value: (r) => r.label || '—' },
        { title: 'Method', width: 80, value: (r) => r.method || 'none' },
        { title: 'Issued', width: 70, value: (r) => `${formatTime(r.issuedAt)} (#${r.issuedSeq})` },
        {
          title: 'Status',
          width: writer.width - 324,
          value: (r) => setStatus(r),
          color: (r) => (r.plainSplit ? COLOR.bad : r.retiredAt ? (r.sheetsLeft ? COLOR.warn : COLOR.soft) : r.status === 'active' ? COLOR.ok : COLOR.ink),
          bold: (r) => r.plainSplit,
        },
      ],
      rows,
      { size: 7.5 },
    )
  },
}

/** A set's fate in words; a plain split is an exception, since no ceremony stands behind its sheets. */
export function setStatus(r: ShareSetRow): string {
  if (r.plainSplit) {
    return 'EXCEPTION: made with a plain "custos split": no method, no custodians recorded, never scanned back. Where its sheets are is not on the record.'
  }
  if (r.retiredAt) {
    return `Retired ${formatTime(r.retiredAt)} (${r.retiredReason})${r.sheetsLeft ? `; ${r.sheetsLeft} sheets not yet destroyed` : '; every sheet destroyed or lost'}`
  }
  if (r.status === 'active') return `Active since ${formatTime(r.activatedAt)}`
  if (r.status === 'pending') return 'Pending activation'
  return 'Issued'
}
