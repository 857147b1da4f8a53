// Open obligations at export time: revoke, rotate, review, destroy, drill, roster review.
import type { AuditObligationView } from '../audit-model'
import { COLOR } from '../audit-writer'
import { emptyNote, formatTime, type AuditSection } from './section'

export const obligationsSection: AuditSection = {
  title: 'Open obligations',
  count: (model) => model.obligations?.length ?? 0,
  render(writer, model) {
    writer.section(this.title, `What the logbook showed as still to do when this export was made (${formatTime(model.generatedAt)}).`)
    if (model.obligations === undefined) {
      emptyNote(writer, 'This version of Custos does not compute obligations; none are listed.')
      return
    }
    if (model.obligations.length === 0) {
      emptyNote(writer, 'No obligation was open: every revoke, rotate, review, destroy and drill duty the log requires had been met.')
      return
    }
    writer.table(
      [
        { title: 'Obligation', width: 110, value: (o: AuditObligationView) => o.kind },
        { title: 'Detail', width: writer.width - 280, value: (o) => o.description },
        { title: 'Due', width: 100, value: (o) => formatTime(o.dueAt) },
        {
          title: 'Status',
          width: 70,
          value: (o) => o.status.toUpperCase(),
          color: (o) => (o.status === 'overdue' ? COLOR.bad : o.status === 'due' ? COLOR.warn : COLOR.soft),
        },
      ],
      model.obligations,
      { size: 8 },
    )
  },
}
