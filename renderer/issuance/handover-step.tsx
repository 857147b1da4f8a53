// Step 6: hand each sheet to its custodian in a tamper-evident bag and record the bag's
// serial; each hand-over is its own logbook entry, so custody is provable sheet by sheet.
import { useState, type FormEvent, type ReactNode } from 'react'
import type { OperationOutput } from '../../shared/api'
import { call, messageOf } from '../custos-client'
import { formatDateTime } from '../format'
import { SheetTable } from './sheet-table'
import { StepSection } from './step-section'

type SetView = OperationOutput<'sets.list'>['sets'][number]
type SheetView = SetView['sheets'][number]

interface HandoverStepProps {
  set: SetView
  onChange: (set: SetView) => void
  onNext: () => void
  actions?: ReactNode
}

export function HandoverStep({ set, onChange, onNext, actions }: HandoverStepProps) {
  const left = set.sheets.filter((s) => !s.handedOver).length
  return (
    <StepSection step={6} title="Hand over the sheets" actions={actions}>
      <p className="lead">
        Seal each sheet in a tamper-evident bag in front of its custodian, then record the serial printed on the bag. The custodian
        keeps the bag closed; they open it only in a drill or an emergency.
      </p>
      <SheetTable
        sheets={set.sheets}
        copies={set.copies}
        caption={`Hand-over of every sheet of set ${set.setId}`}
        className="handover-table"
        column="Bag serial"
        cell={(sheet) => <HandoverCell set={set} sheet={sheet} onChange={onChange} />}
      />
      <p className="muted" aria-live="polite">
        {left === 0 ? 'Every sheet is handed over.' : `${left} of ${set.sheets.length} sheets still to hand over.`}
      </p>
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={onNext} disabled={left > 0}>
          Next: activate the set
        </button>
      </div>
    </StepSection>
  )
}

/** The hand-over of one sheet: the form for its bag serial, then what the log recorded. */
function HandoverCell({ set, sheet, onChange }: { set: SetView; sheet: SheetView; onChange: (set: SetView) => void }) {
  const [serial, setSerial] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const id = `bag-${sheet.index}-${sheet.copy}`
  const name = `share ${sheet.index}${set.copies > 1 ? `, copy ${sheet.copy}` : ''}`

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!serial.trim()) {
      setError('Enter the serial printed on the bag.')
      return
    }
    setBusy(true)
    setError(undefined)
    try {
      onChange(await call('issuance.handover', { setId: set.setId, index: sheet.index, copy: sheet.copy, custodianId: sheet.custodianId, bagSerial: serial.trim() }))
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  return sheet.handedOver ? (
    <>
      <span className="status status-ok">✓ Handed over</span>
      <span className="cell-sub">
        Bag <span className="mono">{sheet.bagSerial}</span>
      </span>
      <span className="muted cell-sub">
        <time dateTime={sheet.handedOver.time}>{formatDateTime(sheet.handedOver.time)}</time>, logbook entry {sheet.handedOver.seq}
      </span>
    </>
  ) : (
    <form className="handover-form" onSubmit={submit} noValidate aria-label={`Hand over ${name} to ${sheet.custodianName}`}>
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor={id} className="visually-hidden">
          Bag serial for {name} ({sheet.custodianName})
        </label>
        <input
          id={id}
          value={serial}
          onChange={(event) => setSerial(event.target.value)}
          className="mono-input"
          autoComplete="off"
          spellCheck={false}
          maxLength={60}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        {error && (
          <p id={`${id}-error`} className="field-error">
            {error}
          </p>
        )}
      </div>
      <button type="submit" className="button button-small" disabled={busy}>
        {busy ? 'Recording…' : `Record hand-over to ${sheet.custodianName}`}
      </button>
    </form>
  )
}
