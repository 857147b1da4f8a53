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
