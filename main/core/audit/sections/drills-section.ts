// Drills: every rehearsal of the quorum in the period, its participants and its result.
import { groupId } from '../../../../shared/entry-words'
import { inPeriod, memo, type AuditModel } from '../audit-model'
import { COLOR } from '../audit-writer'
import { emptyNote, formatTime, type AuditSection } from './section'

export interface DrillRow {
  seq: number
  time: string
  method: string
  setId: string
  participants: string
  result: 'passed' | 'failed'
  note: string
}

/** Drills in the period, from the folded state (drill.completed entries). */
export function foldDrills(model: Pick<AuditModel, 'state' | 'period'>): DrillRow[] {
  return memo(model, 'drills', () => drillRows(model))
}

function drillRows(model: Pick<AuditModel, 'state' | 'period'>): DrillRow[] {
  const { state } = model
  return state.drills
    .filter((d) => inPeriod(d.at.time, model.period))
    .map((d) => ({
      seq: d.at.seq,
      time: d.at.time,
      method: state.methods[d.methodId]?.name ?? d.methodId,
      setId: groupId(d.setId),
      participants: d.presented.map((p) => `${state.custodians[p.custodianId]?.name ?? p.custodianId} (share ${p.index})`).join(', '),
      result: d.result,
      note: d.note ?? '',
    }))
}

export const drillsSection: AuditSection = {
  title: 'Drills',
  count: (model: AuditModel) => foldDrills(model).length,
  render(writer, model) {
    const rows = foldDrills(model)
    writer.section(this.title, 'Verify-only rehearsals of the quorum: the credential is never shown during a drill.')
    if (rows.length === 0) {
      emptyNote(writer, 'No drill was recorded in this period.')
      return
    }
    writer.table(
      [
        { title: '#', width: 30, align: 'right', value: (r: DrillRow) => String(r.seq) },
        { title: 'When', width: 62, value: (r) => formatTime(r.time) },
        { title: 'Method', width: 80, value: (r) => r.method },
        { title: 'Set', width: 54, mono: true, value: (r) => r.setId },
        { title: 'Who presented which share', width: 120, value: (r) => r.participants },
        { title: 'Result', width: 40, value: (r) => r.result, color: (r) => (r.result === 'passed' ? COLOR.ok : COLOR.bad), bold: (r) => r.result === 'failed' },
        { title: 'Note', width: writer.width - 386, value: (r) => r.note },
      ],
      rows,
      { size: 8 },
    )
  },
}
