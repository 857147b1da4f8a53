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

/** A UTC ISO time that is surely a real date (days 29-31 take the exact path, which rolls invalid ones over). */
const CANONICAL_ISO = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/

/** Printed times: UTC, minute precision, unambiguous to an auditor anywhere. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '—'
  // The logbook's own times are already UTC ISO strings: cut, not parsed (once per table row).
  if (CANONICAL_ISO.test(iso)) return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
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
