// The vault's identity over time: creation and every log key rotation, which an auditor needs
// to know which key should have signed which entries.
import type { AuditEntry } from '../audit-model'
import { summarizeEntry } from '../entry-summary'
import { emptyNote, formatTime, type AuditSection } from './section'

const IDENTITY_TYPES = new Set(['vault.created', 'log.key-rotated'])

function identityEntries(entries: AuditEntry[]): AuditEntry[] {
  return entries.filter((e) => IDENTITY_TYPES.has(e.type))
}

export const vaultHistorySection: AuditSection = {
  title: 'Vault and log key history',
  count: (model) => identityEntries(model.allEntries).length,
  render(writer, model) {
    const rows = identityEntries(model.allEntries)
    writer.section(this.title, 'Since the vault was created (not limited to the period): which key signed the log from when.')
    if (rows.length === 0) {
      emptyNote(writer, 'The log holds no vault-creation or key-rotation entry.')
      return
    }
    writer.table(
      [
        { title: '#', width: 40, align: 'right', value: (e: AuditEntry) => String(e.seq) },
        { title: 'When', width: 100, value: (e) => formatTime(e.time) },
        { title: 'By', width: 80, value: (e) => e.actor },
        { title: 'What', width: writer.width - 220, value: (e) => summarizeEntry(e) },
      ],
      rows,
      { size: 8, rowHeight: 14 },
    )
  },
}
