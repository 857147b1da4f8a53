// The Aftercare overview (#/aftercare): every granted release with where its aftercare
// stands and its next step, and the sheets of retired sets still waiting to be destroyed.
import { useState } from 'react'
import { formatDateTime } from '../format'
import { routeHref } from '../use-route'
import { ScreenHeading } from '../components/screen-heading'
import { ErrorNotice } from '../components/error-notice'
import { aftercareState, isGranted, isLive, type SetView } from './aftercare-model'
import { DestroySheets } from './destroy-sheets'
import { StepStatus } from './step-section'
import { useAftercareData, type AftercareData } from './use-aftercare-data'

export function AftercareOverview() {
  const [version, setVersion] = useState(0)
  const [data, reload] = useAftercareData(version)
  const [notice, setNotice] = useState<string>()
  return (
    <>
      <ScreenHeading title="Aftercare" />
      <p className="lead">
        After a release: revoke the credential, rotate it, issue the new one as a new set of sheets, destroy the old sheets, and review. Each step
        stays open, and on the Dashboard, until the logbook records it.
      </p>
      {data.status === 'loading' && <p className="muted">Reading the releases from the logbook…</p>}
      {data.status === 'error' && <ErrorNotice title="Could not read the releases" message={data.message} onRetry={reload} />}
      {data.status === 'ready' && (
        <>
          <section className="card" aria-labelledby="releases-heading">
            <h2 id="releases-heading">Releases</h2>
            <ReleaseTable data={data.value} />
          </section>
          <section className="card section-gap" aria-labelledby="retired-heading">
            <h2 id="retired-heading">Retired sheets to destroy</h2>
            <div aria-live="polite">
              {notice && (
                <div className="notice notice-ok" role="status">
                  <p className="notice-title">{notice}</p>
                </div>
              )}
            </div>
            <RetiredSheets
              sets={data.value.sets}
              onRecorded={(text) => {
                setNotice(text)
                setVersion((v) => v + 1)
              }}
            />
          </section>
        </>
      )}
    </>
  )
}

function RetiredSheets({ sets, onRecorded }: { sets: SetView[]; onRecorded: (text: string) => void }) {
  const retired = sets.filter((s) => s.status === 'retired' && s.sheets.some(isLive))
  if (retired.length === 0) return <p className="empty">No sheet of a retired set is waiting to be destroyed.</p>
  return <DestroySheets sets={retired} onRecorded={onRecorded} />
}

function ReleaseTable({ data }: { data: AftercareData }) {
  const granted = data.releases.filter(isGranted)
  if (granted.length === 0) {
    return (
      <p className="empty">
        No credential has been released from this vault. After a break-glass release, its revoke, rotate, re-issue, destroy and review steps appear
        here.
      </p>
    )
  }
  const methodName = (id: string) => data.methods.find((m) => m.methodId === id)?.name ?? id
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">Granted releases and their aftercare</caption>
        <thead>
          <tr>
            <th scope="col">Incident</th>
            <th scope="col">Method</th>
            <th scope="col">Released</th>
            <th scope="col">Aftercare</th>
          </tr>
        </thead>
        <tbody>
          {granted.map((release) => {
            const state = aftercareState(release, data.obligations, data.sets)
            const done = state.steps.filter((s) => s.done).length
            return (
              <tr key={release.releaseId}>
                <th scope="row" className="row-head">
                  <a className="cell-main" href={routeHref('aftercare', release.releaseId)}>
                    {release.incidentTicket}
                  </a>
                  <span className="muted mono cell-sub">{release.releaseId}</span>
                </th>
                <td>{methodName(release.methodId)}</td>
                <td>
                  to {release.operator}
                  <span className="muted cell-sub">
                    <time dateTime={release.granted.time}>{formatDateTime(release.granted.time)}</time>
                  </span>
                </td>
                <td>
                  {state.complete ? (
                    <span className="status status-ok">Complete</span>
                  ) : (
                    <>
                      <span className="cell-main">
                        {done} of {state.steps.length} steps done
                      </span>
                      {state.next && (
                        <span className="cell-sub">
                          Next: {state.next.title} <StepStatus step={state.next} now={data.now} />
                        </span>
                      )}
                    </>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
