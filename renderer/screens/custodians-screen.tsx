// Custodians & methods: who holds which sheet, and the break-glass methods their sheets
// protect. Adding, editing and retiring are recorded in the logbook by the backend before
// they show here; each change names the entry that recorded it. The add forms and the
// ceremony papers fold away; the next setup step is named at the top and its form opens.
import { useEffect, useRef, useState } from 'react'
import { flushSync } from 'react-dom'
import { call } from '../custos-client'
import { useAsync } from '../use-async'
import { formatDateTime, groupSetId } from '../format'
import { ScreenHeading } from '../components/screen-heading'
import { ErrorNotice } from '../components/error-notice'
import { CustodianForm, type CustodianView } from '../components/custodian-form'
import { MethodForm } from '../components/method-form'
import { MethodDetails, type MethodView } from '../components/method-details'
import { CeremonyPapers } from '../components/ceremony-papers'
import { ModalDialog } from '../components/modal-dialog'
import { RetireCustodianForm } from '../components/retire-custodian-form'
import { DisclosureSection } from '../components/disclosure-section'
import { routeHref } from '../use-route'
import { MIN_SHARES } from '../../shared/share-format'
import '../styles/custodians.css'

interface Saved {
  what: string
  /** The logbook entry that recorded it; unknown only if the log could not be read back. */
  seq: number | undefined
  /** Where the person should look next, if the change created work. */
  next?: { text: string; href: string; label: string }
  /** Move focus to the notice (when the control that was used is gone). */
  focus?: boolean
  /** A button to do the same again (e.g. add another custodian). */
  another?: { label: string; onClick: () => void }
}

type Open =
  | { kind: 'edit-custodian'; custodian: CustodianView }
  | { kind: 'retire-custodian'; custodian: CustodianView }
  | { kind: 'edit-method'; method: MethodView }

/** The folding sections of the screen. */
type Fold = 'custodian' | 'method' | 'papers'

/** What setup still lacks, first things first. */
type NextStep =
  | { kind: 'custodian'; needed: number; active: number; method?: MethodView }
  | { kind: 'method' }
  | { kind: 'issue'; method: MethodView }

function nextStep(custodians: CustodianView[], methods: MethodView[]): NextStep | undefined {
  const active = custodians.filter((c) => !c.retired).length
  // The method needing the most people decides (each sheet goes to a different custodian).
  const widest = methods.reduce<MethodView | undefined>((w, m) => (!w || sheetsOf(m) > sheetsOf(w) ? m : w), undefined)
  const needed = widest ? sheetsOf(widest) : MIN_SHARES
  if (active < needed) return { kind: 'custodian', needed, active, ...(widest && { method: widest }) }
  if (!widest) return { kind: 'method' }
  const unissued = methods.find((m) => !m.activeSetId)
  return unissued ? { kind: 'issue', method: unissued } : undefined
}

const sheetsOf = (method: MethodView) => method.policy.total * method.policy.copies

export function CustodiansScreen() {
  const [roster, reloadRoster] = useAsync(() => call('custodians.list', {}), [])
  const [methods, reloadMethods] = useAsync(() => call('methods.list', {}), [])
  const [addedCustodian, setAddedCustodian] = useState<Saved>()
  const [addedMethod, setAddedMethod] = useState<Saved>()
  const [rosterChange, setRosterChange] = useState<Saved>()
  const [methodChange, setMethodChange] = useState<Saved>()
  const [open, setOpen] = useState<Open>()
  // Sections the person opened or folded; one left alone is open only while it is the next step.
  const [folds, setFolds] = useState<Partial<Record<Fold, boolean>>>({})
  const methodList = methods.status === 'ready' ? methods.value.methods : []
  const close = () => setOpen(undefined)
  const ready = roster.status === 'ready' && methods.status === 'ready'
  const next = ready ? nextStep(roster.value.custodians, methodList) : undefined
  const isOpen = (fold: Fold) => folds[fold] ?? next?.kind === fold
  const setFold = (fold: Fold) => (value: boolean) => setFolds((f) => ({ ...f, [fold]: value }))
  /** Opens a folded form and puts the cursor in its first field (shown only once the section is open). */
  const openForm = (fold: Fold, fieldId: string) => {
    flushSync(() => setFolds((f) => ({ ...f, [fold]: true })))
    document.getElementById(fieldId)?.focus()
  }

  return (
    <>
      <ScreenHeading title="Custodians & methods" />
      <p className="lead">
        The people who hold sheets, and the break-glass methods their sheets protect. Every addition and change is signed into
        the logbook.
      </p>
      {next && <NextStepLine next={next} />}

      <section className="card" aria-labelledby="roster-heading">
        <h2 id="roster-heading">Roster</h2>
        <div aria-live="polite">{rosterChange && <SavedNotice saved={rosterChange} />}</div>
        {(roster.status === 'loading' || (roster.status === 'ready' && methods.status === 'loading')) && <p className="muted">Reading the roster…</p>}
        {roster.status === 'error' && <ErrorNotice title="Could not read the roster" message={roster.message} onRetry={reloadRoster} />}
        {roster.status === 'ready' && roster.value.custodians.length === 0 && (
          <p className="empty">No custodians yet. Add the people who will hold sheets; a set needs at least as many as it has shares.</p>
        )}
        {/* The roster names the method each sheet belongs to, so it waits for the methods too. */}
        {roster.status === 'ready' && methods.status !== 'loading' && roster.value.custodians.length > 0 && (
          <RosterTable
            custodians={roster.value.custodians}
            methods={methodList}
            onEdit={(custodian) => setOpen({ kind: 'edit-custodian', custodian })}
            onRetire={(custodian) => setOpen({ kind: 'retire-custodian', custodian })}
          />
        )}
        {roster.status === 'ready' && roster.value.custodians.length > 0 && (
          <p className="section-gap">
            <a href="#/roster">Review the roster</a>: check everyone is still right and reachable, and record it.
          </p>
        )}
        {/* A new attempt clears the last success, so a refusal never shows beside it. Shown once
            the next step is known, so the section does not open itself under a click. */}
        {ready && (
          <div onSubmitCapture={() => setAddedCustodian(undefined)}>
            <DisclosureSection
              id="add-custodian"
              title="Add a custodian"
              inline
              next={next?.kind === 'custodian'}
              open={isOpen('custodian')}
              onOpenChange={setFold('custodian')}
              notice={<div aria-live="polite">{addedCustodian && <SavedNotice saved={addedCustodian} />}</div>}
            >
              <CustodianForm
                labelledBy="add-custodian-heading"
                onSaved={(custodian, seq) => {
                  // The form folds away; focus goes to the notice, which says what happened and offers another.
                  setFolds((f) => ({ ...f, custodian: false }))
                  setAddedCustodian({
                    what: `${custodian.name} (${custodian.custodianId}) joined the roster.`,
                    seq,
                    focus: true,
                    another: { label: 'Add another custodian', onClick: () => openForm('custodian', 'custodian-name') },
                  })
                  reloadRoster()
                }}
              />
            </DisclosureSection>
          </div>
        )}
      </section>

      <section className="card section-gap" aria-labelledby="methods-heading">
        <h2 id="methods-heading">Break-glass methods</h2>
        <div aria-live="polite">{methodChange && <SavedNotice saved={methodChange} />}</div>
        {methods.status === 'loading' && <p className="muted">Reading the methods…</p>}
        {methods.status === 'error' && <ErrorNotice title="Could not read the methods" message={methods.message} onRetry={reloadMethods} />}
        {methods.status === 'ready' && methodList.length === 0 && (
          <p className="empty">No method defined yet. A method says what a credential reaches, who owns it and when it may be used.</p>
        )}
        <div className="stack method-list">
          {methodList.map((method) => (
            <MethodDetails
              key={method.methodId}
              method={method}
              actions={
                <button type="button" className="button button-small" aria-label={`Edit ${method.name}`} onClick={() => setOpen({ kind: 'edit-method', method })}>
                  Edit
                </button>
              }
            />
          ))}
        </div>
        {ready && (
          <div onSubmitCapture={() => setAddedMethod(undefined)}>
            <DisclosureSection
              id="add-method"
              title="Add a method"
              inline
              next={next?.kind === 'method'}
              open={isOpen('method')}
              onOpenChange={setFold('method')}
              notice={<div aria-live="polite">{addedMethod && <SavedNotice saved={addedMethod} />}</div>}
            >
              <MethodForm
                labelledBy="add-method-heading"
                onSaved={(method, seq) => {
                  setFolds((f) => ({ ...f, method: false }))
                  setAddedMethod({
                    what: `${method.name} (${method.methodId}) is defined.`,
                    seq,
                    focus: true,
                    next: { text: 'Next, issue its first set of sheets:', href: '#/issuance/new', label: `Issue sheets for ${method.name}` },
                  })
                  reloadMethods()
                }}
              />
            </DisclosureSection>
          </div>
        )}
      </section>

      {methods.status === 'ready' && (
        <DisclosureSection id="papers" title="Runbook, ceremony scripts and recovery kit" className="section-gap" open={isOpen('papers')} onOpenChange={setFold('papers')}>
          <CeremonyPapers methods={methodList} />
        </DisclosureSection>
      )}

      {open?.kind === 'edit-custodian' && (
        <ModalDialog titleId="edit-custodian-heading" title={`Edit ${open.custodian.name}`} onClose={close}>
          <p className="muted dialog-intro">
            ID <span className="mono">{open.custodian.custodianId}</span> stays as it is: the logbook and the sheets refer to it.
          </p>
          <CustodianForm
            custodian={open.custodian}
            labelledBy="edit-custodian-heading"
            onCancel={close}
            onSaved={(custodian, seq) => {
              close()
              setRosterChange({ what: `${custodian.name}’s details were saved.`, seq })
              reloadRoster()
            }}
          />
        </ModalDialog>
      )}

      {open?.kind === 'retire-custodian' && (
        <ModalDialog titleId="retire-custodian-heading" title={`Retire ${open.custodian.name}`} describedBy="retire-custodian-warning" onClose={close}>
          <RetireCustodianForm
            custodian={open.custodian}
            sheets={open.custodian.holds.map((hold) => {
              const sheet = describeSheet(hold, methodList)
              return sheet.method ? `${sheet.method}: ${sheet.text}` : sheet.text
            })}
            labelledBy="retire-custodian-heading"
            warningId="retire-custodian-warning"
            onCancel={close}
            onRetired={(custodian) => {
              close()
              setRosterChange({
                what: `${custodian.name} is retired.`,
                seq: custodian.retired?.seq,
                focus: true,
                ...(custodian.holds.length > 0 && {
                  next: {
                    text: `${custodian.holds.length === 1 ? 'The sheet they hold' : 'The sheets they hold'} must be re-issued: the Dashboard lists the obligation.`,
                    href: '#/dashboard',
                    label: 'Open the Dashboard',
                  },
                }),
              })
              reloadRoster()
            }}
          />
        </ModalDialog>
      )}

      {open?.kind === 'edit-method' && (
        <ModalDialog titleId="edit-method-heading" title={`Edit ${open.method.name}`} onClose={close} wide>
          <p className="muted dialog-intro">
            ID <span className="mono">{open.method.methodId}</span> stays as it is: the logbook and the sheets refer to it.
          </p>
          <MethodForm
            method={open.method}
            labelledBy="edit-method-heading"
            onCancel={close}
            onSaved={(method, seq) => {
              close()
              setMethodChange({ what: `${method.name} (${method.methodId}) was updated.`, seq })
              reloadMethods()
            }}
          />
        </ModalDialog>
      )}
    </>
  )
}

function SavedNotice({ saved }: { saved: Saved }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (saved.focus) ref.current?.focus()
  }, [saved])
  return (
    <div ref={ref} className="notice notice-ok" role="status" tabIndex={saved.focus ? -1 : undefined}>
      <p className="notice-title">{saved.what}</p>
      <p>
        {saved.seq !== undefined ? `Recorded as logbook entry ${saved.seq}. ` : 'Recorded in the logbook. '}
        <a href="#/logbook">Open the Logbook</a>
      </p>
      {saved.next && (
        <p>
          {saved.next.text} <a href={saved.next.href}>{saved.next.label}</a>
        </p>
      )}
      {saved.another && (
        <p>
          <button type="button" className="button button-small" onClick={saved.another.onClick}>
            {saved.another.label}
          </button>
        </p>
      )}
    </div>
  )
}

/** "Next step: add at least 3 custodians", above the cards; the section it names is open and marked. */
function NextStepLine({ next }: { next: NextStep }) {
  return (
    <p className="next-step-line" id="next-step">
      <span className="status status-next">Next step</span>
      {next.kind === 'custodian' && (
        <span>
          Add at least {next.needed - next.active} {next.active > 0 ? 'more ' : ''}
          {next.needed - next.active === 1 ? 'custodian' : 'custodians'}
          {next.method
            ? `: ${next.method.name} gives ${next.needed} sheets, one to each person, and the roster has ${next.active}.`
            : `: a method splits its credential into at least ${MIN_SHARES} shares, one sheet to each person.`}
        </span>
      )}
      {next.kind === 'method' && <span>Add a method: what the credential reaches, who owns it, and how many sheets open it.</span>}
      {next.kind === 'issue' && (
        <span>
          {next.method.name} has no active set of sheets.{' '}
          {next.method.pendingSetId ? (
            <a href={routeHref('issuance', next.method.pendingSetId)}>Continue issuing set {groupSetId(next.method.pendingSetId)}</a>
          ) : (
            <a href="#/issuance/new">Issue its first set</a>
          )}
        </span>
      )}
    </p>
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

interface RosterTableProps {
  custodians: CustodianView[]
  methods: MethodView[]
  onEdit: (custodian: CustodianView) => void
  onRetire: (custodian: CustodianView) => void
}

function RosterTable({ custodians, methods, onEdit, onRetire }: RosterTableProps) {
  return (
    <div className="table-wrap roster-table">
      <table>
        <caption className="visually-hidden">Custodians and the sheets each holds</caption>
        <thead>
          <tr>
            <th scope="col">Custodian</th>
            <th scope="col">Team</th>
            <th scope="col">Contact</th>
            <th scope="col">Holds</th>
            <th scope="col">Added</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {custodians.map((c) => (
            <tr key={c.custodianId} className={c.retired ? 'row-retired' : undefined}>
              <th scope="row" className="row-head">
                <span className="cell-main">{c.name}</span>
                <span className="muted mono cell-sub">{c.custodianId}</span>
                {c.retired && (
                  <>
                    <span className="status status-neutral">Retired</span>
                    <span className="muted cell-sub">
                      <time dateTime={c.retired.time}>{formatDateTime(c.retired.time)}</time>, entry {c.retired.seq}: {c.retired.reason}
                    </span>
                  </>
                )}
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
                    {c.retired && (
                      <li>
                        <span className="status status-warn">To re-issue</span>
                      </li>
                    )}
                  </ul>
                )}
              </td>
              <td>
                {/* The date on one line, the time and entry under it: the column stays narrow at 1024 px. */}
                <time className="added-time" dateTime={c.added.time} title={formatDateTime(c.added.time)}>
                  {new Date(c.added.time).toLocaleDateString(undefined, { dateStyle: 'medium' })}
                </time>
                <span className="muted cell-sub">
                  {new Date(c.added.time).toLocaleTimeString(undefined, { timeStyle: 'short' })}, entry {c.added.seq}
                </span>
              </td>
              <td>
                <span className="row-actions">
                  <button type="button" className="button button-small" aria-label={`Edit ${c.name}`} onClick={() => onEdit(c)}>
                    Edit
                  </button>
                  {!c.retired && (
                    <button type="button" className="button button-small" aria-label={`Retire ${c.name}`} onClick={() => onRetire(c)}>
                      Retire
                    </button>
                  )}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
