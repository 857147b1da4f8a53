// Roster review: the periodic check that every custodian is still the right person, still
// reachable and still holds what the log says. Meets the roster-review obligation by
// recording custodians.reviewRoster (who reviewed, and a note) in the logbook.
import { useRef, useState, type FormEvent } from 'react'
import { call, messageOf } from '../custos-client'
import { useAsync } from '../use-async'
import { formatDateTime, groupSetId } from '../format'
import { routeHref } from '../use-route'
import { ScreenHeading } from '../components/screen-heading'
import { ErrorNotice } from '../components/error-notice'
import { TextAreaField, TextField } from '../components/form-field'

export function RosterReviewScreen() {
  const [roster, reloadRoster] = useAsync(() => call('custodians.list', {}), [])
  const [reviews, reloadReviews] = useAsync(() => call('log.entries', { type: 'roster.reviewed', newestFirst: true, limit: 1 }), [])
  const [reviewer, setReviewer] = useState('')
  const [note, setNote] = useState('')
  const [confirmed, setConfirmed] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const [recorded, setRecorded] = useState(false)
  const doneRef = useRef<HTMLDivElement>(null)
  const active = roster.status === 'ready' ? roster.value.custodians.filter((c) => !c.retired) : []
  const last = reviews.status === 'ready' ? reviews.value.entries[0] : undefined

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(undefined)
    if (!confirmed) {
      setError('Confirm that you checked every custodian on the list.')
      return
    }
    setBusy(true)
    try {
      await call('custodians.reviewRoster', { reviewer, ...(note.trim() ? { note: note.trim() } : {}) })
      setRecorded(true)
      reloadReviews()
      queueMicrotask(() => doneRef.current?.focus())
    } catch (failure) {
      setError(messageOf(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <ScreenHeading title="Review the roster" />
      <p className="lead">
        Go through every custodian: are they still the right person, still reachable on the contact below, and do they still hold the sheets
        listed? Fix anything under <a href={routeHref('custodians')}>Custodians &amp; methods</a> first, then record the review.
      </p>
      {last && (
        <p className="muted">
          Last reviewed {formatDateTime(last.time)} by {String((last.event as { reviewer?: string }).reviewer ?? last.actor)}.
        </p>
      )}
      <section className="card" aria-labelledby="review-list-heading">
        <h2 id="review-list-heading">Custodians to check</h2>
        {roster.status === 'loading' && <p className="muted">Reading the roster…</p>}
        {roster.status === 'error' && <ErrorNotice title="Could not read the roster" message={roster.message} onRetry={reloadRoster} />}
        {roster.status === 'ready' && active.length === 0 && <p className="empty">Nobody is on the roster yet.</p>}
        {active.length > 0 && (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Every current custodian, their contact and the sheets they hold</caption>
              <thead>
                <tr>
                  <th scope="col">Custodian</th>
                  <th scope="col">Team</th>
                  <th scope="col">Contact</th>
                  <th scope="col">Holds</th>
                </tr>
              </thead>
              <tbody>
                {active.map((c) => (
                  <tr key={c.custodianId}>
                    <th scope="row" className="row-head">
                      {c.name}
                    </th>
                    <td>{c.team}</td>
                    <td>{c.contact}</td>
                    <td>
                      {c.holds.length === 0
                        ? 'No sheet'
                        : c.holds.map((h) => {
                            const [setId = '', sheet = ''] = h.split(' ')
                            const [index, copy] = sheet.split('.')
                            return (
                              <span key={h} className="cell-sub">
                                Set <span className="mono">{groupSetId(setId)}</span>, share {index}
                                {copy && copy !== '1' ? ` copy ${copy}` : ''}
                              </span>
                            )
                          })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card section-gap" aria-labelledby="review-form-heading">
        <h2 id="review-form-heading">Record the review</h2>
        {recorded ? (
          <div ref={doneRef} tabIndex={-1} className="notice notice-ok" role="status">
            <p className="notice-title">The roster review is in the logbook.</p>
            <p>
              The reminder is met. <a href={routeHref('dashboard')}>Back to the dashboard</a>.
            </p>
          </div>
        ) : (
          <form className="form" onSubmit={submit} noValidate aria-labelledby="review-form-heading">
            <TextField
              id="roster-reviewer"
              label="Reviewed by"
              value={reviewer}
              onChange={(value) => {
                setReviewer(value)
                setError(undefined)
              }}
              maxLength={120}
            />
            <TextAreaField id="roster-note" label="Note" optional value={note} onChange={setNote} rows={2} maxLength={500} hint="E.g. everyone reached by phone; Carol moves teams in May." />
            <label className="choice">
              <input type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} />I checked every custodian listed above
            </label>
            {error && (
              <p className="field-error" role="alert">
                {error}
              </p>
            )}
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={busy}>
                {busy ? 'Recording…' : 'Record the roster review'}
              </button>
            </div>
          </form>
        )}
      </section>
    </>
  )
}
