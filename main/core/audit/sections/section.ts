// The shape every readable section of the audit PDF shares: a title and a renderer over the
// model. Each section folds the entries it understands; the entry table lists everything.
import type { AuditModel } from '../audit-model'
import type { AuditWriter } from '../audit-writer'

export interface AuditSection {
  title: string
  /** Entries this section summarises, for the contents list on the cover. */
  count(model: AuditModel): number
  render(writer: AuditWriter, model: AuditModel): void
}

/** Printed times: UTC, minute precision, unambiguous to an auditor anywhere. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return d.toISOString().replace('T', ' ').replace(/:\d\d\.\d{3}Z$/, ' UTC')
}

export function emptyNote(writer: AuditWriter, text: string): void {
  writer.panel([{ text }])
}

/** "41 min", "3 h", "5 days": elapsed times and lateness in the summary and the narratives. */
export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000)
  if (minutes < 120) return `${minutes} min`
  const hours = Math.round(minutes / 60)
  return hours < 72 ? `${hours} h` : `${Math.round(hours / 24)} days`
}
