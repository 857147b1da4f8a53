// Dashboard: is the vault healthy (logbook verified, latest checkpoint with its QR), what
// is due or overdue, and which share sets are active.
import type { ObligationNotice } from '../../shared/desktop-events'
import { call } from '../custos-client'
import { useAsync } from '../use-async'
import { formatDateTime, relativeTo } from '../format'
import { ScreenHeading } from '../components/screen-heading'
import { ErrorNotice } from '../components/error-notice'
import { CheckpointCard } from '../components/checkpoint-card'
import { VerifyStatus } from '../components/verify-result'

export function DashboardScreen({ vaultName, obligations }: { vaultName: string; obligations: ObligationNotice[] }) {
  const [health, reloadHealth] = useAsync(async () => {
    const report = await call('log.verify', { checkpoints: [], full: false })
    const checkpoint = report.ok ? await call('log.checkpoint', {}) : undefined
    return { report, checkpoint }
  }, [])
  const [sets] = useAsync(() => call('log.entries', { type: 'set.issued', newestFirst: true, limit: 50 }), [])

  return (
    <>
      <ScreenHeading title="Dashboard" />
      <p className="lead">{vaultName}: vault health, what is due, and the share sets custodians hold.</p>
      <div className="grid">
        <section className="card" aria-labelledby="health-heading">
          <h2 id="health-heading">Vault health</h2>
          {health.status === 'loading' && <p className="muted">Verifying the logbook…</p>}
          {health.status === 'error' && <ErrorNotice title="Could not check the logbook" message={health.message} onRetry={reloadHealth} />}
          {health.status === 'ready' && (
            <dl className="facts">
              <dt>Logbook</dt>
              <dd>
                <VerifyStatus report={health.value.report} />
              </dd>
              <dt>Entries</dt>
              <dd>{health.value.report.size}</dd>
              <dt>Signing key</dt>
              <dd className="mono">{health.value.report.keyFingerprint}</dd>
              {!health.value.report.ok && (
                <>
                  <dt>Problem</dt>
                  <dd>{health.value.report.problem?.message}</dd>
                </>
              )}
            </dl>
          )}
        </section>

        <section className="card" aria-labelledby="obligations-heading">
          <h2 id="obligations-heading">Due and overdue</h2>
          {obligations.length === 0 ? (
            <p className="empty">Nothing is due. Revoke, rotate, review and drill reminders appear here when they fall due.</p>
          ) : (
            <ul className="obligation-list">
              {obligations.map((item) => (
                <li key={item.id}>
                  <span className={`status ${item.state === 'overdue' ? 'status-bad' : 'status-warn'}`}>
                    {item.state === 'overdue' ? 'Overdue' : 'Due'}
                  </span>{' '}
                  <strong>{item.title}</strong>
                  <br />
                  <span className="muted">
                    Deadline <time dateTime={item.dueAt}>{formatDateTime(item.dueAt)}</time> ({relativeTo(item.dueAt)})
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section className="card section-gap" aria-labelledby="checkpoint-heading">
        <h2 id="checkpoint-heading">Latest checkpoint</h2>
        {health.status === 'ready' && health.value.checkpoint && <CheckpointCard checkpoint={health.value.checkpoint} headingLevel={3} />}
        {health.status === 'ready' && !health.value.checkpoint && (
          <p className="empty">No checkpoint is issued while the logbook does not verify.</p>
        )}
        {health.status === 'loading' && <p className="muted">Signing the current head…</p>}
      </section>

      <section className="card section-gap" aria-labelledby="sets-heading">
        <h2 id="sets-heading">Methods and active share sets</h2>
        {sets.status === 'loading' && <p className="muted">Reading the logbook…</p>}
        {sets.status === 'error' && <ErrorNotice title="Could not read the share sets" message={sets.message} />}
        {sets.status === 'ready' && sets.value.entries.length === 0 && (
          <p className="empty">No share set has been issued yet.</p>
        )}
        {sets.status === 'ready' && sets.value.entries.length > 0 && (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Share sets issued, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Set</th>
                  <th scope="col">Label</th>
                  <th scope="col">Quorum</th>
                  <th scope="col">Method</th>
                  <th scope="col">Issued</th>
                </tr>
              </thead>
              <tbody>
                {sets.value.entries.map((entry) => (
                  <tr key={entry.seq}>
                    <td className="mono">{String(entry.event.setId ?? '')}</td>
                    <td>{String(entry.event.label ?? '') || <span className="muted">(no label)</span>}</td>
                    <td>
                      {String(entry.event.threshold)} of {String(entry.event.total)}
                    </td>
                    <td>{entry.event.methodId ? String(entry.event.methodId) : <span className="muted">—</span>}</td>
                    <td>
                      <time dateTime={entry.time}>{formatDateTime(entry.time)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  )
}
