// Custody changes: sheets handed over, moved, bags opened or resealed, sheets lost or destroyed.
import type { EventOf, VaultEventType } from '../../../../shared/events'
import type { AuditModel } from '../audit-model'
import { COLOR } from '../audit-writer'
import { emptyNote, formatTime, type AuditSection } from './section'

export interface CustodyRow {
  seq: number
  time: string
  what: string
  sheet: string
  custodian: string
  bag: string
  exception: boolean
  note: string
}

type Row = Omit<CustodyRow, 'seq' | 'time'>
type Names = (custodianId: string | undefined) => string
const sheet = (e: { setId: string; index: number; copy: number }) => `${e.setId} #${e.index}.${e.copy}`

/** The custody events and how each reads as a row; other entries are not custody changes. */
const CUSTODY_ROWS: { [T in VaultEventType]?: (e: EventOf<T>, name: Names) => Row } = {
  'sheet.handed-over': (e, name) => ({ what: 'Handed over', sheet: sheet(e), custodian: name(e.custodianId), bag: e.bagSerial, exception: false, note: '' }),
  'sheet.moved': (e, name) => ({
    what: 'Moved',
    sheet: sheet(e),
    custodian: `${name(e.fromCustodianId)} → ${name(e.toCustodianId)}`,
    bag: e.bagSerial,
    exception: false,
    note: '',
  }),
  'sheet.bag-opened': (e) => ({ what: 'Bag opened', sheet: sheet(e), custodian: '', bag: e.serial, exception: false, note: e.reason }),
  'sheet.bag-resealed': (e) => ({ what: 'Bag resealed', sheet: sheet(e), custodian: '', bag: e.newSerial, exception: false, note: '' }),
  'sheet.lost': (e) => ({ what: 'LOST', sheet: sheet(e), custodian: '', bag: '', exception: true, note: e.note }),
  'sheet.destroyed': (e) => ({ what: 'Destroyed', sheet: sheet(e), custodian: '', bag: '', exception: false, note: `witness ${e.witness}` }),
  'custody.exception': (e, name) => ({
    what: `Exception: ${e.kind}`,
    sheet: e.setId ? `${e.setId}${e.index ? ` #${e.index}` : ''}` : '',
    custodian: e.custodianId ? name(e.custodianId) : '',
    bag: '',
    exception: true,
    note: `${e.during ? `during ${e.during}: ` : ''}${e.detail}`,
  }),
}

export function foldCustody(model: Pick<AuditModel, 'state' | 'entries'>): CustodyRow[] {
  const name: Names = (id) => (id ? (model.state.custodians[id]?.name ?? id) : '')
  return model.entries.flatMap((entry) => {
    const map = CUSTODY_ROWS[entry.type as VaultEventType] as ((e: unknown, name: Names) => Row) | undefined
    if (!map) return []
    try {
      return [{ seq: entry.seq, time: entry.time, ...map({ ...entry.payload, type: entry.type }, name) }]
    } catch {
      return []
    }
  })
}

export const custodySection: AuditSection = {
  title: 'Custody changes',
  count: (model: AuditModel) => foldCustody(model).length,
  render(writer, model) {
    const rows = foldCustody(model)
    writer.section(this.title, 'Who held which sheet, and every change to that, including exceptions such as a bag serial mismatch.')
    if (rows.length === 0) {
      emptyNote(writer, 'No custody change was recorded in this period.')
      return
    }
    writer.table(
      [
        { title: '#', width: 40, align: 'right', value: (r: CustodyRow) => String(r.seq) },
        { title: 'When', width: 95, value: (r) => formatTime(r.time) },
        { title: 'Change', width: 100, value: (r) => r.what, color: (r) => (r.exception ? COLOR.bad : undefined) },
        { title: 'Sheet', width: 70, mono: true, value: (r) => r.sheet },
        { title: 'Custodian', width: 100, value: (r) => r.custodian },
        { title: 'Bag', width: 55, mono: true, value: (r) => r.bag },
        { title: 'Note', width: writer.width - 460, value: (r) => r.note },
      ],
      rows,
      { size: 8, rowHeight: 13 },
    )
  },
}
