// Custody changes: sheets handed over, moved, bags opened or resealed, sheets lost or destroyed,
// and custody exceptions, each in the same words as the app's logbook (shared/entry-words.ts).
import { describeEntry, groupId, isExceptionEntry } from '../../../../shared/entry-words'
import type { EventOf, VaultEventType } from '../../../../shared/events'
import { entriesOf, memo, type AuditModel } from '../audit-model'
import { COLOR } from '../audit-writer'
import { emptyNote, formatTime, type AuditSection } from './section'

export interface CustodyRow {
  seq: number
  time: string
  type: string
  what: string
  sheet: string
  custodian: string
  bag: string
  exception: boolean
}

type Cells = Pick<CustodyRow, 'sheet' | 'custodian' | 'bag'>
type Names = (custodianId: string | undefined) => string
const sheet = (e: { setId: string; index: number; copy: number }) => `${groupId(e.setId)} share ${e.index} copy ${e.copy}`

/** The custody events and the sheet, custodian and bag each concerns; other entries are not custody changes. */
const CUSTODY_CELLS: { [T in VaultEventType]?: (e: EventOf<T>, name: Names) => Cells } = {
  'sheet.handed-over': (e, name) => ({ sheet: sheet(e), custodian: name(e.custodianId), bag: e.bagSerial }),
  'sheet.moved': (e, name) => ({ sheet: sheet(e), custodian: `${name(e.fromCustodianId)} → ${name(e.toCustodianId)}`, bag: e.bagSerial }),
  'sheet.bag-opened': (e) => ({ sheet: sheet(e), custodian: '', bag: e.serial }),
  'sheet.bag-resealed': (e) => ({ sheet: sheet(e), custodian: '', bag: e.newSerial }),
  'sheet.lost': (e) => ({ sheet: sheet(e), custodian: '', bag: '' }),
  'sheet.destroyed': (e) => ({ sheet: sheet(e), custodian: '', bag: '' }),
  'custody.exception': (e, name) => ({
    sheet: e.setId ? `${groupId(e.setId)}${e.index ? ` share ${e.index}` : ''}` : '',
    custodian: e.custodianId ? name(e.custodianId) : '',
    bag: '',
  }),
}
const CUSTODY_TYPES = new Set(Object.keys(CUSTODY_CELLS))

export function foldCustody(model: Pick<AuditModel, 'state' | 'rows' | 'period' | 'names'>): CustodyRow[] {
  return memo(model, 'custody', () => {
    const name: Names = (id) => (id ? (model.state.custodians[id]?.name ?? id) : '')
    const rows: CustodyRow[] = []
    for (const entry of entriesOf(model, { types: CUSTODY_TYPES })) {
      const cells = CUSTODY_CELLS[entry.type as VaultEventType] as (e: unknown, name: Names) => Cells
      try {
        rows.push({
          seq: entry.seq,
          time: entry.time,
          type: entry.type,
          what: describeEntry(entry, model.names),
          exception: isExceptionEntry(entry),
          ...cells({ ...entry.payload, type: entry.type }, name),
        })
      } catch {
        // A malformed payload still appears, in words, in the entry table.
      }
    }
    return rows
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
        { title: '#', width: 30, align: 'right', value: (r: CustodyRow) => String(r.seq) },
        { title: 'When', width: 62, value: (r) => formatTime(r.time) },
        { title: 'What happened', width: 175, value: (r) => r.what, color: (r) => (r.exception ? COLOR.bad : undefined) },
        { title: 'Sheet', width: 78, value: (r) => r.sheet },
        { title: 'Custodian', width: 80, value: (r) => r.custodian },
        { title: 'Bag', width: writer.width - 425, mono: true, value: (r) => r.bag },
      ],
      rows,
      { size: 7.5 },
    )
  },
}
