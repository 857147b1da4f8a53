// The full entry table: every entry of the period in words (the same words as the app's
// logbook, shared/entry-words.ts) with its raw type beside them and its hash prefix, so any
// line can be matched to the embedded log. Rows stream from the log one at a time.
import { describeEntry, isExceptionEntry, whoDid } from '../../../../shared/entry-words'
import { entriesOf, type AuditEntry } from '../audit-model'
import { COLOR } from '../audit-writer'
import { formatTime, emptyNote, type AuditSection } from './section'

export const entryTableSection: AuditSection = {
  title: 'All entries',
  count: (model) => model.periodEntries.count,
  render(writer, model) {
    const { count, firstSeq, lastSeq } = model.periodEntries
    writer.section(
      this.title,
      firstSeq !== null
        ? `Entries #${firstSeq} to #${lastSeq} (${count.toLocaleString('en-US')}), in log order, each in words with its raw event type. ` +
            'Entries an auditor should look at twice are in red. The hash column is the first 12 hex digits of each entry hash; ' +
            'the embedded custos-logbook.json holds them in full.'
        : undefined,
    )
    if (firstSeq === null) {
      emptyNote(writer, 'The log has no entry in this period.')
      return
    }
    writer.table(
      [
        { title: '#', width: 32, align: 'right', value: (e: AuditEntry) => String(e.seq) },
        { title: 'Time (UTC)', width: 58, value: (e) => formatTime(e.time).replace(' UTC', '') },
        { title: 'What happened', width: writer.width - 312, value: (e) => describeEntry(e, model.names), color: (e) => (isExceptionEntry(e) ? COLOR.bad : undefined) },
        { title: 'Type', width: 80, mono: true, value: (e) => e.type },
        { title: 'Who', width: 84, value: (e) => whoDid(e, model.names, model.account) },
        { title: 'Hash', width: 58, mono: true, value: (e) => e.hash.slice(0, 12) },
      ],
      entriesOf(model),
      { size: 7 },
    )
  },
}
