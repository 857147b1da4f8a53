// Share sets issued and retired: every split of the credential, its K-of-N, and its fate.
import type { AuditModel } from '../audit-model'
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
}

/** Every set issued up to the end of the period, with its fate from the folded state. */
export function foldShareSets(model: Pick<AuditModel, 'state'>): ShareSetRow[] {
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
        { title: 'Set', width: 62, mono: true, value: (r: ShareSetRow) => r.setId },
        { title: 'Quorum', width: 50, value: (r) => `${r.threshold} of ${r.total}` },
        { title: 'Label', width: 90, value: (r) => r.label },
        { title: 'Method', width: 70, value: (r) => r.method },
        { title: 'Issued', width: 118, value: (r) => `${formatTime(r.issuedAt)} #${r.issuedSeq}` },
        {
          title: 'Status',
          width: writer.width - 390,
          value: (r) =>
            r.retiredAt
              ? `Retired ${formatTime(r.retiredAt)} (${r.retiredReason})${r.sheetsLeft ? `, ${r.sheetsLeft} sheets not destroyed` : ''}`
              : r.status === 'active'
                ? `Active since ${formatTime(r.activatedAt)}`
                : r.status === 'pending'
                  ? 'Pending activation'
                  : 'Issued',
          color: (r) => (r.retiredAt ? (r.sheetsLeft ? COLOR.warn : COLOR.soft) : r.status === 'active' ? COLOR.ok : COLOR.ink),
        },
      ],
      rows,
      { size: 8, rowHeight: 14 },
    )
  },
}
