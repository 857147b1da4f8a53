// Drill: the break-glass quorum, verify-only. Custodians present their sheets as in an
// emergency; drill.run recombines in memory (the credential is never shown) and logs the
// result; the screen ends with a result custodians can read: passed or failed, and each
// sheet's new verification date.
import { useState } from 'react'
import type { OperationOutput } from '../../shared/api'
import { call, messageOf } from '../custos-client'
import { useAsync } from '../use-async'
import { formatDateTime, groupSetId } from '../format'
import { routeHref } from '../use-route'
import { ScreenHeading } from '../components/screen-heading'
import { ErrorNotice } from '../components/error-notice'
import { TextAreaField } from '../components/form-field'
import type { MethodView } from '../components/method-details'
import { QuorumPanel } from '../quorum/quorum-panel'
import { useQuorum } from '../quorum/use-quorum'
import { settledText } from '../quorum/sheet-feedback'
import '../styles/break-glass.css'

type DrillOutcome = OperationOutput<'drill.run'>

export function DrillScreen({ params }: { params: string[] }) {
  const [methods, reload] = useAsync(() => call('methods.list', {}), [])
  const [chosen, setChosen] = useState(params[0] ?? '')
  const [started, setStarted] = useState<MethodView>()
  const [outcome, setOutcome] = useState<DrillOutcome>()
  const usable = methods.status === 'ready' ? methods.value.methods.filter((m) => m.activeSetId) : []

  return (
    <>
      <ScreenHeading title="Drill" />
      <p className="lead">
        Practise breaking the glass: the custodians present their sheets exactly as in an emergency. Custos checks that the set
        still opens, without showing the credential, and records the drill and each sheet’s verification date in the logbook.
      </p>
      {methods.status === 'loading' && <p className="muted">Reading the methods…</p>}
      {methods.status === 'error' && <ErrorNotice title="Could not read the break-glass methods" message={methods.message} onRetry={reload} />}
      {methods.status === 'ready' && !started && !outcome && (
        <section className="card" aria-labelledby="drill-method-heading">
          <h2 id="drill-method-heading">Choose the method to drill</h2>
          {usable.length === 0 ? (
            <p className="empty">
              No method has an active set of sheets to drill. <a href={routeHref('issuance')}>Issue sheets</a> first.
            </p>
          ) : (
            <form
              className="form"
              onSubmit={(event) => {
                event.preventDefault()
                const method = usable.find((m) => m.methodId === (chosen || usable[0]!.methodId))
                if (method) setStarted(method)
              }}
            >
              <label htmlFor="drill-method">Break-glass method</label>
              <select id="drill-method" value={chosen || usable[0]!.methodId} onChange={(event) => setChosen(event.target.value)}>
                {usable.map((m) => (
                  <option key={m.methodId} value={m.methodId}>
                    {m.name} (set {groupSetId(m.activeSetId!)}, {m.policy.threshold} of {m.policy.total})
                  </option>
                ))}
              </select>
              <div className="form-actions section-gap">
                <button type="submit" className="button button-primary">
                  Start the drill
                </button>
              </div>
            </form>
          )}
        </section>
      )}
      {started && !outcome && <DrillQuorum method={started} onResult={setOutcome} onCancel={() => setStarted(undefined)} />}
      {outcome && started && (
        <DrillResult
          outcome={outcome}
          method={started}
          onAgain={() => {
            setOutcome(undefined)
            setStarted(undefined)
            reload()
          }}
        />
      )}
    </>
  )
}

function DrillQuorum({ method, onResult, onCancel }: { method: MethodView; onResult: (outcome: DrillOutcome) => void; onCancel: () => void }) {
  const quorum = useQuorum(method.methodId)
  const [note, setNote] = useState('')
  const [problem, setProblem] = useState<string>()
  return (
    <>
      <QuorumPanel
        refusal={problem ? { title: 'The drill was not recorded.', message: problem } : undefined}
        method={method}
        quorum={quorum}
        actionLabel="Run the drill"
        busyLabel="Checking the set…"
        actionHint="The set is opened in memory only to prove it works; the credential is never shown. The result is logged."
        onSubmit={async (presentations) => {
          setProblem(undefined)
          try {
            onResult(await call('drill.run', { methodId: method.methodId, presentations, ...(note.trim() ? { note: note.trim() } : {}) }))
          } catch (error) {
            setProblem(messageOf(error))
          }
        }}
      >
        <TextAreaField id="drill-note" label="Note" optional value={note} onChange={setNote} rows={2} maxLength={1000} hint="Recorded with the drill, e.g. who took part and where." />
      </QuorumPanel>
      <div className="form-actions section-gap">
        <button type="button" className="button" onClick={onCancel}>
          Choose another method
        </button>
      </div>
    </>
  )
}

function DrillResult({ outcome, method, onAgain }: { outcome: DrillOutcome; method: MethodView; onAgain: () => void }) {
  const passed = outcome.result === 'passed'
  const [printed, setPrinted] = useState<string>()
  const counted = new Set(outcome.checks.filter((c) => c.ok).map((c) => `${c.index}:${c.custodianId}`))
  return (
    <section className={`card drill-result ${passed ? 'drill-passed' : 'drill-failed'}`} aria-labelledby="drill-result-heading">
      <h2 id="drill-result-heading">
        <span className={`status ${passed ? 'status-ok' : 'status-bad'} status-large`}>{passed ? '✓ Drill passed' : '✕ Drill failed'}</span>{' '}
        {method.name}
      </h2>
      <p className="drill-message" role={passed ? 'status' : 'alert'}>
        {outcome.message}
      </p>
      <dl className="facts">
        <dt>Set</dt>
        <dd className="mono">{groupSetId(outcome.setId)}</dd>
        <dt>Drill</dt>
        <dd className="mono">{outcome.drillId}</dd>
      </dl>

      <h3 className="section-gap">Sheets presented</h3>
      <ul className="plain-list drill-checks">
        {outcome.checks.map((check) => {
          const name = check.holders.find((h) => h.custodianId === check.custodianId)?.name ?? check.custodianId
          return (
            <li key={check.source} className={check.ok ? undefined : 'drill-check-bad'}>
              <span aria-hidden="true">{check.ok ? '✓ ' : '✕ '}</span>
              {check.source}: {settledText(check, name)}
            </li>
          )
        })}
      </ul>

      <h3 className="section-gap">Verification dates</h3>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Each sheet of set {groupSetId(outcome.setId)} and when it was last verified</caption>
          <thead>
            <tr>
              <th scope="col">Sheet</th>
              <th scope="col">Held by</th>
              <th scope="col">Last verified</th>
            </tr>
          </thead>
          <tbody>
            {outcome.sheets.map((sheet) => (
              <tr key={`${sheet.index}-${sheet.copy}`}>
                <th scope="row" className="row-head">
                  Share {sheet.index}, copy {sheet.copy}
                </th>
                <td>{sheet.custodianName}</td>
                <td>
                  {sheet.lastVerified ? (
                    <>
                      <time dateTime={sheet.lastVerified} title={sheet.lastVerified}>
                        {formatDateTime(sheet.lastVerified)}
                      </time>
                      {counted.has(`${sheet.index}:${sheet.custodianId}`) && passed && <span className="status status-ok drill-today">verified in this drill</span>}
                    </>
                  ) : (
                    <span className="muted">never</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="form-actions section-gap no-print">
        <button
          type="button"
          className="button"
          onClick={async () => {
            try {
              const { printed: ok } = await call('app.print', { title: `Custos drill ${outcome.drillId}` })
              setPrinted(ok ? 'Sent to the printer.' : 'Printing was cancelled.')
            } catch (error) {
              setPrinted(messageOf(error))
            }
          }}
        >
          Print the result
        </button>
        <button type="button" className="button" onClick={onAgain}>
          Drill again
        </button>
        <span aria-live="polite" className="muted">
          {printed}
        </span>
      </div>
    </section>
  )
}
