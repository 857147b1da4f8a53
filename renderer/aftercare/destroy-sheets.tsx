// Step 4: the sheets of retired sets, each destroyed in front of a witness and recorded
// (custody.destroyed), until none is left. Also on the Aftercare overview for sets retired
// for other reasons (a custodian left, a sheet was lost).
import { useState, type FormEvent } from 'react'
import { call } from '../custos-client'
import { formProblem, type FormProblem } from '../field-errors'
import { formatDateTime, groupSetId } from '../format'
import { TextField } from '../components/form-field'
import { FormSummary } from '../components/form-summary'
import { FormActions } from '../components/form-actions'
import { isLive, type SetView, type SheetView } from './aftercare-model'

interface DestroySheetsProps {
  sets: SetView[]
  onRecorded: (message: string) => void
  headingLevel?: 3 | 4
}

export function DestroySheets({ sets, onRecorded, headingLevel = 3 }: DestroySheetsProps) {
  return (
    <div className="stack">
      {sets.map((set) => (
        <RetiredSet key={set.setId} set={set} onRecorded={onRecorded} headingLevel={headingLevel} />
      ))}
    </div>
  )
}

const sheetKey = (s: SheetView) => `${s.index}.${s.copy}`
const sheetName = (s: SheetView) => `share ${s.index}, copy ${s.copy}`

function RetiredSet({ set, onRecorded, headingLevel }: { set: SetView; onRecorded: (message: string) => void; headingLevel: 3 | 4 }) {
  const Heading = `h${headingLevel}` as 'h3' | 'h4'
  const headingId = `retired-set-${set.setId}-heading`
  const live = set.sheets.filter(isLive)
  const [selected, setSelected] = useState('')
  const [witness, setWitness] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<FormProblem<'sheet' | 'witness'>>()
  const current = live.find((s) => sheetKey(s) === selected) ?? live[0]

  async function onSubmit(event: FormEvent) {
    event.preventDefault()
    if (!current) return
    setBusy(true)
    setProblem(undefined)
    try {
      const view = await call('custody.destroyed', { setId: set.setId, index: current.index, copy: current.copy, witness })
      const seq = view.sheets.find((s) => s.index === current.index && s.copy === current.copy)?.destroyed?.seq
      const left = view.sheets.filter((s) => !s.destroyed && !s.lost).length
      onRecorded(
        `Sheet ${sheetName(current)} of set ${groupSetId(set.setId)} recorded as destroyed, witnessed by ${witness.trim()}` +
          `${seq ? ` (logbook entry ${seq})` : ''}. ${left === 0 ? 'No sheet of this set is left.' : `${left} of its sheets left to destroy.`}`,
      )
    } catch (error) {
      setProblem(formProblem<'sheet' | 'witness'>(error, (path) => (path === 'witness' ? 'witness' : undefined), { INPUT_INVALID: 'witness', SHEET_NOT_FOUND: 'sheet' }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="subsection" role="group" aria-labelledby={headingId}>
      <Heading id={headingId}>
        Set <span className="mono">{groupSetId(set.setId)}</span>
        {set.label && <span className="muted"> ({set.label})</span>}
        {set.retired && (
          <span className="muted">
            , retired <time dateTime={set.retired.time}>{formatDateTime(set.retired.time)}</time>
          </span>
        )}
      </Heading>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Sheets of set {groupSetId(set.setId)} and whether each is destroyed</caption>
          <thead>
            <tr>
              <th scope="col">Sheet</th>
              <th scope="col">Held by</th>
              <th scope="col">Bag</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {set.sheets.map((s) => (
              <tr key={sheetKey(s)}>
                <th scope="row" className="row-head">
                  Share {s.index}, copy {s.copy}
                </th>
                <td>{s.custodianName}</td>
                <td className="mono">{s.bagSerial ?? '—'}</td>
                <td>
                  {s.destroyed ? (
                    <span className="status status-ok">
                      Destroyed <time dateTime={s.destroyed.time}>{formatDateTime(s.destroyed.time)}</time>
                    </span>
                  ) : s.lost ? (
                    <span className="status status-neutral">Reported lost</span>
                  ) : (
                    <span className="status status-warn">To destroy</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {live.length > 0 && current && (
        <form className="form form-wide destroy-form" onSubmit={onSubmit} noValidate aria-label={`Record a destroyed sheet of set ${groupSetId(set.setId)}`}>
          <FormSummary title="The destruction was not recorded." problem={problem} />
          <p className="hint">
            Have the holder shred or burn the sheet, bag and all, in front of a witness; then record it. A destroyed sheet can never be presented
            again.
          </p>
          <div className="form-grid">
            <div className={`field${problem?.fields.sheet ? ' field-invalid' : ''}`}>
              <label htmlFor={`destroy-${set.setId}-sheet`}>Sheet destroyed</label>
              <select
                id={`destroy-${set.setId}-sheet`}
                value={sheetKey(current)}
                onChange={(e) => setSelected(e.target.value)}
                aria-invalid={problem?.fields.sheet ? true : undefined}
              >
                {live.map((s) => (
                  <option key={sheetKey(s)} value={sheetKey(s)}>
                    Share {s.index}, copy {s.copy}: {s.custodianName}
                    {s.bagSerial ? `, bag ${s.bagSerial}` : ''}
                  </option>
                ))}
              </select>
              {problem?.fields.sheet && <p className="field-error">{problem.fields.sheet}</p>}
            </div>
            <TextField
              id={`destroy-${set.setId}-witness`}
              label="Witness"
              value={witness}
              onChange={setWitness}
              error={problem?.fields.witness}
              maxLength={120}
              hint="Who saw it destroyed (not the holder)."
            />
          </div>
          <FormActions busy={busy} busyLabel="Recording…" label="Record destroyed" />
        </form>
      )}
    </div>
  )
}
