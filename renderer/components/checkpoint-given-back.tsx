// A custodian gives back the checkpoint they were handed (typed or pasted from the printed note):
// the logbook is checked against it and the vault keeps it, so every later write must extend it.
import { useId, useState, type FormEvent } from 'react'
import type { OperationOutput } from '../../shared/api'
import { call, messageOf } from '../custos-client'
import { ErrorNotice } from './error-notice'
import { shortHash } from '../format'

type Remembered = OperationOutput<'log.rememberCheckpoint'>

export function CheckpointGivenBack() {
  const id = useId()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<Remembered | { error: string }>()

  async function onSubmit(event: FormEvent) {
    event.preventDefault()
    if (!text.trim()) {
      setOutcome({ error: 'Paste or type the checkpoint note first: all its lines, from the log name to the signature.' })
      return
    }
    setBusy(true)
    setOutcome(undefined)
    try {
      setOutcome(await call('log.rememberCheckpoint', { text }))
      setText('')
    } catch (error) {
      setOutcome({ error: messageOf(error) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card section-gap no-print" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Check a checkpoint a custodian kept</h2>
      <p>
        At a drill or release, a custodian reads back or hands over the checkpoint note they were given. Custos checks that this logbook still
        extends it (nothing before it was changed or removed), and keeps it: from then on, a logbook that does not extend it is refused.
      </p>
      <form className="form form-wide" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-text`}>Checkpoint note</label>
          <textarea
            id={`${id}-text`}
            className="mono"
            rows={5}
            value={text}
            spellCheck={false}
            onChange={(e) => {
              setText(e.target.value)
              setOutcome(undefined)
            }}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Checking…' : 'Check and keep'}
          </button>
        </div>
      </form>
      <div aria-live="polite" className="section-gap">
        {outcome && 'error' in outcome && <ErrorNotice title="The checkpoint was not kept" message={outcome.error} />}
        {outcome && 'size' in outcome && (
          <div className="notice notice-ok" role="status">
            <p className="notice-title">The logbook extends the checkpoint at entry {outcome.size}. It is kept.</p>
            <dl className="facts">
              <dt>Log</dt>
              <dd className="mono">{outcome.origin}</dd>
              <dt>Head hash</dt>
              <dd className="mono" title={outcome.hash}>
                {shortHash(outcome.hash, 24)}
              </dd>
            </dl>
          </div>
        )}
      </div>
    </section>
  )
}
