// Dashboard: is the vault healthy (logbook verified, latest checkpoint with its QR), what
// is due or overdue (derived from the logbook), and each method with its active set.
import type { ObligationNotice } from '../../shared/desktop-events'
import { call } from '../custos-client'
import { useAsync } from '../use-async'
import { formatDateTime, relativeTo } from '../format'
import { ScreenHeading } from '../components/screen-heading'
import { ErrorNotice } from '../components/error-notice'
import { CheckpointCard } from '../components/checkpoint-card'
import { VerifyStatus } from '../components/verify-result'
import { SetStatus } from '../components/method-details'
import { obligationLink } from '../obligation-links'

export function DashboardScreen({ vaultName, obligations: pushed }: { vaultName: string; obligations: ObligationNotice[] }) {
  const [health, reloadHealth] = useAsync(async () => {
    const report = await call('log.verify', { checkpoints: [], full: false })
    const checkpoint = report.ok ? await call('log.checkpoint', {}) : undefined
    return { report, checkpoint }
  }, [])
  // Read again whenever the shell's periodic check pushes a changed list.
  const [due, reloadDue] = useAsync(() => call('obligations.list', {}), [pushed])
  const [methods, reloadMethods] = useAsync(() => call('methods.list', {}), [])
  const [looseSets] = useAsync(async () => {
    const issued = await call('log.entries', { type: 'set.issued', limit: 1000 })
    return issued.entries.filter((entry) => !entry.event.methodId).length
  }, [])

  return (
    <>
      <ScreenHeading title="Dashboard" />
      <p className="lead">{vaultName}: vault health, what is due, and the sets of sheets custodians hold.</p>
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
          {due.status === 'loading' && <p className="muted">Reading deadlines from the logbook…</p>}
          {due.status === 'error' && <ErrorNotice title="Could not read what is due" message={due.message} onRetry={reloadDue} />}
          {due.status === 'ready' && due.value.obligations.length === 0 && (
            <p className="empty">Nothing is due. Revoke, rotate, review and drill reminders appear here when they fall due.</p>
          )}
          {due.status === 'ready' && due.value.obligations.length > 0 && (
            <ul className="plain-list obligation-list">
              {due.value.obligations.map((item) => (
                <li key={item.id} className={`obligation obligation-${item.status}`}>
                  <div className="obligation-head">
                    <span className={`status ${item.status === 'overdue' ? 'status-bad' : 'status-warn'}`}>
                      {item.status === 'overdue' ? 'Overdue' : 'Due'}
                    </span>
                    <strong>{item.title}</strong>
                  </div>
                  <p className="obligation-detail">
                    <WithTimes text={item.detail} />
                  </p>
                  <p className="muted obligation-deadline">
                    {item.status === 'overdue' ? 'Was due' : 'Deadline'} <time dateTime={item.dueAt}>{formatDateTime(item.dueAt)}</time> (
                    {relativeTo(item.dueAt, new Date(due.value.now).getTime())})
                  </p>
                  <p className="obligation-link">
                    <a href={obligationLink(item).href} aria-label={`${obligationLink(item).label}: ${item.title}`}>
                      {obligationLink(item).label}
                    </a>
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section className="card section-gap" aria-labelledby="sets-heading">
        <h2 id="sets-heading">Methods and active sets</h2>
        {methods.status === 'loading' && <p className="muted">Reading the methods…</p>}
        {methods.status === 'error' && <ErrorNotice title="Could not read the methods" message={methods.message} onRetry={reloadMethods} />}
        {methods.status === 'ready' && methods.value.methods.length === 0 && (
          <p className="empty">
            No break-glass method is defined yet. Define one under <a href="#/custodians">Custodians &amp; methods</a>.
          </p>
        )}
        {methods.status === 'ready' && methods.value.methods.length > 0 && (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Break-glass methods and their sets of sheets</caption>
              <thead>
                <tr>
                  <th scope="col">Method</th>
                  <th scope="col">Scope</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Quorum</th>
                  <th scope="col">Sheets</th>
                </tr>
              </thead>
              <tbody>
                {methods.value.methods.map((method) => (
                  <tr key={method.methodId}>
                    <th scope="row" className="row-head">
                      <span className="cell-main">{method.name}</span>
                      <span className="muted mono cell-sub">{method.methodId}</span>
                    </th>
                    <td>{method.scope}</td>
                    <td>{method.ownerTeam}</td>
                    <td>
                      {method.policy.threshold} of {method.policy.total}
                    </td>
                    <td>
                      <SetStatus method={method} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {looseSets.status === 'ready' && looseSets.value > 0 && (
          <p className="muted section-gap">
            {looseSets.value === 1 ? '1 set was' : `${looseSets.value} sets were`} split without a method; see{' '}
            <a href="#/logbook">the Logbook</a>.
          </p>
        )}
      </section>

      <section className="card section-gap" aria-labelledby="checkpoint-heading">
        <h2 id="checkpoint-heading">Latest checkpoint</h2>
        {health.status === 'ready' && health.value.checkpoint && <CheckpointCard checkpoint={health.value.checkpoint} headingLevel={3} />}
        {health.status === 'ready' && !health.value.checkpoint && (
          <p className="empty">No checkpoint is issued while the logbook does not verify.</p>
        )}
        {health.status === 'loading' && <p className="muted">Signing the current head…</p>}
      </section>
    </>
  )
}

const ISO_TIME = /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))/

/** The backend writes times into its sentences as ISO strings; show them as local times. */
function WithTimes({ text }: { text: string }) {
  return (
    <>
      {text.split(ISO_TIME).map((part, i) =>
        i % 2 === 1 ? (
          <time key={i} dateTime={part}>
            {formatDateTime(part)}
          </time>
        ) : (
          part
        ),
      )}
    </>
  )
}
