// The vault's identity over time: creation and every log key rotation, which an auditor needs
// to know which key should have signed which entries.
import { describeEntry, whoDid } from '../../../../shared/entry-words'
import { entriesOf, memo, type AuditEntry, type AuditModel } from '../audit-model'
import { emptyNote, formatTime, type AuditSection } from './section'

const IDENTITY_TYPES = new Set(['vault.created', 'log.key-rotated'])

function identityEntries(model: AuditModel): AuditEntry[] {
  return memo(model, 'identity', () => [...entriesOf(model, { all: true, types: IDENTITY_TYPES })])
}

export const vaultHistorySection: AuditSection = {
  title: 'Vault and log key history',
  count: (model) => identityEntries(model).length,
  render(writer, model) {
    const rows = identityEntries(model)
    writer.section(this.title, 'Since the vault was created (not limited to the period): which key signed the log from when.')
    if (rows.length === 0) {
      emptyNote(writer, 'The log holds no vault-creation or key-rotation entry.')
      return
    }
    writer.table(
      [
        { title: '#', width: 34, align: 'right', value: (e: AuditEntry) => String(e.seq) },
        { title: 'When', width: 70, value: (e) => formatTime(e.time) },
        { title: 'By', width: 70, value: (e) => whoDid(e, model.names, model.account) },
        { title: 'What happened', width: writer.width - 254, value: (e) => describeEntry(e, model.names) },
        { title: 'Type', width: 80, mono: true, value: (e) => e.type },
      ],
      rows,
      { size: 8 },
    )
  },
}
