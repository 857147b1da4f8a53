// Custodians & methods: who holds which sheet, and the break-glass methods their sheets
// protect. Adding either is recorded in the logbook by the backend before it shows here.
import { useState } from 'react'
import type { OperationOutput } from '../../shared/api'
import { call } from '../custos-client'
import { useAsync } from '../use-async'
import { formatDateTime, groupSetId } from '../format'
import { ScreenHeading } from '../components/screen-heading'
import { ErrorNotice } from '../components/error-notice'
import { CustodianForm } from '../components/custodian-form'
import { MethodForm } from '../components/method-form'
import { MethodDetails, type MethodView } from '../components/method-details'

type CustodianView = OperationOutput<'custodians.list'>['custodians'][number]

interface Added {
  what: string
  seq: number
}

export function CustodiansScreen() {
  const [roster, reloadRoster] = useAsync(() => call('custodians.list', {}), [])
  const [methods, reloadMethods] = useAsync(() => call('methods.list', {}), [])
  const [addedCustodian, setAddedCustodian] = useState<Added>()
  const [addedMethod, setAddedMethod] = useState<Added>()
  const methodList = methods.status === 'ready' ? methods.value.methods : []

  return (
    <>
      <ScreenHeading title="Custodians & methods" />
      <p className="lead">
        The people who hold sheets, and the break-glass methods their sheets protect. Every addition is signed into the
        logbook.
      </p>

      <section className="card" aria-labelledby="roster-heading">
        <h2 id="roster-heading">Roster</h2>
        {roster.status === 'loading' && <p className="muted">Reading the roster…</p>}
        {roster.status === 'error' && <ErrorNotice title="Could not read the roster" message={roster.message} onRetry={reloadRoster} />}
        {roster.status === 'ready' && roster.value.custodians.length === 0 && (
          <p className="empty">No custodians yet. Add the people who will hold sheets; a set needs at least as many as it has shares.</p>
        )}
        {roster.status === 'ready' && roster.value.custodians.length > 0 && (
          <RosterTable custodians={roster.value.custodians} methods={methodList} />
        )}
      </section>

      <section className="card section-gap" aria-labelledby="add-custodian-heading">
        <h2 id="add-custodian-heading">Add a custodian</h2>
        <div aria-live="polite">{addedCustodian && <AddedNotice added={addedCustodian} />}</div>
        <CustodianForm
          onAdded={(custodian) => {
            setAddedCustodian({ what: `${custodian.name} (${custodian.custodianId}) joined the roster.`, seq: custodian.added.seq })
            reloadRoster()
          }}
        />
      </section>

      <section className="card section-gap" aria-labelledby="methods-heading">
        <h2 id="methods-heading">Break-glass methods</h2>
        {methods.status === 'loading' && <p className="muted">Reading the methods…</p>}
        {methods.status === 'error' && <ErrorNotice title="Could not read the methods" message={methods.message} onRetry={reloadMethods} />}
        {methods.status === 'ready' && methodList.length === 0 && (
          <p className="empty">No method defined yet. A method says what a credential reaches, who owns it and when it may be used.</p>
        )}
        <div className="stack method-list">
          {methodList.map((method) => (
            <MethodDetails key={method.methodId} method={method} />
          ))}
        </div>
      </section>

      <section className="card section-gap" aria-labelledby="add-method-heading">
        <h2 id="add-method-heading">Add a method</h2>
        <div aria-live="polite">{addedMethod && <AddedNotice added={addedMethod} />}</div>
        <MethodForm
          onAdded={(method) => {
            setAddedMethod({ what: `${method.name} (${method.methodId}) is defined. Issue its first set of sheets next.`, seq: method.defined.seq })
            reloadMethods()
          }}
        />
      </section>
    </>
  )
}

function AddedNotice({ added }: { added: Added }) {
  return (
    <div className="notice notice-ok" role="status">
      <p className="notice-title">{added.what}</p>
      <p>
        Recorded as logbook entry {added.seq}. <a href="#/logbook">Open the Logbook</a>
      </p>
    </div>
  )
}

/** "V9QWDC1K 2.1" as a person reads it, with the method the set belongs to. */
function describeSheet(hold: string, methods: MethodView[]): { method?: string; text: string } {
  const [setId = hold, sheet = ''] = hold.split(' ')
  const [index, copy] = sheet.split('.')
  const method = methods.find((m) => m.activeSetId === setId || m.pendingSetId === setId)
  const pending = method?.pendingSetId === setId ? ', being issued' : ''
  return { method: method?.name, text: `share ${index}, copy ${copy} of set ${groupSetId(setId)}${pending}` }
}

function RosterTable({ custodians, methods }: { custodians: CustodianView[]; methods: MethodView[] }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">Custodians and the sheets each holds</caption>
        <thead>
          <tr>
            <th scope="col">Custodian</th>
            <th scope="col">Team</th>
            <th scope="col">Contact</th>
            <th scope="col">Holds</th>
            <th scope="col">Added</th>
          </tr>
        </thead>
        <tbody>
          {custodians.map((c) => (
            <tr key={c.custodianId}>
              <th scope="row" className="row-head">
                <span className="cell-main">{c.name}</span>
                <span className="muted mono cell-sub">{c.custodianId}</span>
                {c.retired && <span className="status status-neutral">Retired</span>}
              </th>
              <td>{c.team}</td>
              <td>{c.contact}</td>
              <td>
                {c.holds.length === 0 ? (
                  <span className="muted">No sheets</span>
                ) : (
                  <ul className="plain-list">
                    {c.holds.map((hold) => {
                      const sheet = describeSheet(hold, methods)
                      return (
                        <li key={hold}>
                          {sheet.method && <span className="cell-main">{sheet.method}</span>}
                          <span className="cell-sub">{sheet.text}</span>
                        </li>
                      )
                    })}
                  </ul>
                )}
              </td>
              <td>
                <time dateTime={c.added.time}>{formatDateTime(c.added.time)}</time>
                <span className="muted cell-sub">entry {c.added.seq}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
