// The Audit screen's CloudTrail reconciliation: CloudTrail files chosen in a desktop dialog are
// read against the release windows (granted to revoked); every use of the break-glass key or root
// outside a window, or after a revoke, is listed, and the result is recorded in the logbook.
import { useState } from 'react'
import type { z } from 'zod'
import type { AwsReconcileView } from '../../shared/aws-api'
import { call, messageOf } from '../custos-client'
import { ErrorNotice } from '../components/error-notice'
import { countOf, formatDateTime } from '../format'

type ReconcileView = z.infer<typeof AwsReconcileView>

export function ReconcileCard() {
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<ReconcileView | { failed: string }>()
  async function run() {
    setBusy(true)
    setOutcome(undefined)
    try {
      setOutcome(await call('aws.reconcile', {}))
    } catch (error) {
      setOutcome({ failed: messageOf(error) })
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="card section-gap" aria-labelledby="reconcile-heading">
      <h2 id="reconcile-heading">Reconcile CloudTrail</h2>
      <p>
        Choose CloudTrail log files (the .json.gz files of the trail’s S3 bucket) or exports of “aws cloudtrail lookup-events”. Custos reads every
        use of the break-glass key and of root, and checks each against the releases in the logbook, from grant to revoke. The result is recorded
        in the logbook and appears in the next audit PDF. Nothing is sent anywhere.
      </p>
      <button type="button" className="button button-primary" disabled={busy} onClick={() => void run()}>
        {busy ? 'Reading CloudTrail…' : 'Choose CloudTrail files…'}
      </button>
      <div aria-live="polite" className="section-gap">
        {outcome && 'failed' in outcome && <ErrorNotice title="CloudTrail was not reconciled" message={outcome.failed} />}
        {outcome && 'reconciled' in outcome && !outcome.reconciled && (
          <div className="notice" role="status">
            <p className="notice-title">No file was chosen: nothing was read or recorded.</p>
          </div>
        )}
        {outcome && 'reconciled' in outcome && outcome.reconciled && <ReconcileResult view={outcome} />}
      </div>
    </section>
  )
}

function ReconcileResult({ view }: { view: ReconcileView }) {
  const clean = view.flagged.length === 0
  return (
    <div className={clean ? 'notice notice-ok' : 'notice notice-error'} role={clean ? 'status' : 'alert'}>
      <p className="notice-title">
        {clean
          ? 'Key use outside releases: none.'
          : `${countOf(view.flagged.length, 'use')} of the break-glass key outside a release window.`}
      </p>
      <dl className="facts">
        <dt>Read</dt>
        <dd>
          {countOf(view.records, 'record')} in {countOf(view.files, 'file')}
          {view.coveredFrom && view.coveredTo ? `, from ${formatDateTime(view.coveredFrom)} to ${formatDateTime(view.coveredTo)}` : ''}
        </dd>
        <dt>Uses of the break-glass key</dt>
        <dd>
          {view.uses} ({view.insideReleases} inside releases, {view.aftercareCalls} made by Custos’s own logged aftercare steps)
        </dd>
        {view.seq !== undefined && (
          <>
            <dt>Recorded</dt>
            <dd>Logbook entry #{view.seq}</dd>
          </>
        )}
      </dl>
      {!clean && (
        <div className="table-wrap section-gap">
          <table>
            <caption className="visually-hidden">Uses outside a release window</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Call</th>
                <th scope="col">Key</th>
                <th scope="col">Why it is flagged</th>
              </tr>
            </thead>
            <tbody>
              {view.flagged.map((use) => (
                <tr key={`${use.eventTime}.${use.eventId ?? use.eventName}`}>
                  <td>{formatDateTime(use.eventTime)}</td>
                  <td className="mono">{use.eventName}</td>
                  <td className="mono">{use.accessKeyId ?? (use.principal === 'root' ? 'root' : use.userName ?? '')}</td>
                  <td>{use.why}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="section-gap">
        {clean
          ? 'Keep the CloudTrail files with the audit evidence for the same period.'
          : 'What to do: find out who made each call. If nobody with a release did, treat the key as compromised: deactivate it and rotate now.'}
      </p>
    </div>
  )
}
