// The wizard's table of a set's printed sheets, one row per sheet: which share (and copy),
// who is to hold it, and a last column of the step's own (read back, handed over).
import type { ReactNode } from 'react'

interface SheetTableProps<S extends { index: number; copy: number; custodianName: string }> {
  sheets: S[]
  /** Copies printed of each share: a copy number is shown only when there is more than one. */
  copies: number
  caption: string
  className: string
  column: string
  cell: (sheet: S) => ReactNode
}

export function SheetTable<S extends { index: number; copy: number; custodianName: string }>(props: SheetTableProps<S>) {
  const { sheets, copies, caption, className, column, cell } = props
  return (
    <div className="table-wrap">
      <table className={className}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Sheet</th>
            <th scope="col">Custodian</th>
            <th scope="col">{column}</th>
          </tr>
        </thead>
        <tbody>
          {sheets.map((sheet) => (
            <tr key={`${sheet.index}.${sheet.copy}`}>
              <th scope="row" className="row-head">
                Share {sheet.index}
                {copies > 1 ? `, copy ${sheet.copy}` : ''}
              </th>
              <td>{sheet.custodianName}</td>
              <td>{cell(sheet)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
