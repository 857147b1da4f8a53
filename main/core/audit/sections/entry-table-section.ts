// The full entry table: every entry of the period, one line each, with its hash prefix so any
// line can be matched to the embedded log. Unknown event types appear here with their fields.
import type { AuditEntry } from '../audit-model'
import { summarizeEntry } from '../entry-summary'
import { formatTime, emptyNote, type AuditSection } from './section'

export const entryTableSection: AuditSection = {
  title: 'All entries',
  count: (model) => model.entries.length,
  render(writer, model) {
    const first = model.entries[0]
    const last = model.entries[model.entries.length - 1]
    writer.section(
      this.title,
      first && last
        ? `Entries #${first.seq} to #${last.seq} (${model.entries.length.toLocaleString('en-US')}), in log order. ` +
            'The hash column is the first 12 hex digits of each entry hash; the embedded custos-logbook.json holds them in full.'
        : undefined,
    )
    if (!first) {
      emptyNote(writer, 'The log has no entry in this period.')
      return
    }
    writer.table(
      [
        { title: '#', width: 38, align: 'right', value: (e: AuditEntry) => String(e.seq) },
        { title: 'Time (UTC)', width: 78, value: (e) => formatTime(e.time).replace(' UTC', '') },
        { title: 'Type', width: 78, value: (e) => e.type },
        { title: 'Actor', width: 70, value: (e) => e.actor },
        { title: 'Details', width: writer.width - 328, value: (e) => summarizeEntry(e) },
        { title: 'Hash', width: 64, mono: true, value: (e) => e.hash.slice(0, 12) },
      ],
      model.entries,
    )
  },
}
