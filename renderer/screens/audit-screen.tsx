// Audit: export the signed PDF or the evidence bundle for a period, export the vault's
// audit root certificate for auditors, verify an export given to this app, and reconcile
// CloudTrail against the releases, each through a desktop dialog, as `custos audit` does.
import { useState, type FormEvent } from 'react'
import { call, messageOf, UiError } from '../custos-client'
import { ScreenHeading } from '../components/screen-heading'
import { ErrorNotice } from '../components/error-notice'
import { TextField } from '../components/form-field'
import { VerifyReport, type AuditVerifyView } from '../audit/verify-report'
import { ReconcileCard } from '../audit/reconcile-card'
import '../styles/audit.css'

export function AuditScreen({ params }: { params: string[] }) {
  void params
  return (
    <>
      <ScreenHeading title="Audit" />
      <p className="lead">
        Give auditors a signed record of everything this vault did, and check exports given to you. Files leave this machine only where you save
        them.
      </p>
      <ExportCard />
      <RootCertCard />
      <VerifyCard />
      <ReconcileCard />
    </>
  )
}

type Saved = { saved: boolean; path?: string; sha256?: string }
type ExportOutcome = { kind: 'pdf' | 'bundle'; saved: Saved } | { kind: 'error'; message: string }

function ExportCard() {
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [busy, setBusy] = useState<'pdf' | 'bundle'>()
  const [outcome, setOutcome] = useState<ExportOutcome>()
  const [fieldError, setFieldError] = useState<{ from?: string; to?: string }>({})

  async function run(kind: 'pdf' | 'bundle') {
    setBusy(kind)
    setOutcome(undefined)
    setFieldError({})
    try {
      const saved = await call('audit.export', { kind, ...(from ? { from } : {}), ...(to ? { to } : {}) })
      setOutcome({ kind, saved })
    } catch (error) {
      const message = messageOf(error)
      // The period's refusals start with the field they are about.
      if (error instanceof UiError && error.code === 'USAGE' && /^(From|To) /.test(message)) {
        setFieldError(message.startsWith('From ') ? { from: message } : { to: message })
      }
      setOutcome({ kind: 'error', message })
    } finally {
      setBusy(undefined)
    }
  }
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void run('pdf')
  }

  return (
    <section className="card" aria-labelledby="export-heading">
      <h2 id="export-heading">Export for auditors</h2>
      <p>
        The <strong>signed PDF</strong> holds the period’s entries, releases, drills, custody and open obligations, with the whole logbook embedded; PDF
        viewers show its signature. The <strong>evidence bundle</strong> is a new folder with the PDF, the logbook as JSON, the root certificate, a
        checkpoint and a SHA-256 manifest, for write-once storage.
      </p>
      <form className="form form-wide" onSubmit={onSubmit} noValidate aria-labelledby="export-heading">
        <fieldset className="fieldset">
          <legend>Period (optional)</legend>
          <div className="field-row audit-period">
            <TextField id="audit-from" label="From" optional type="date" value={from} onChange={setFrom} error={fieldError.from} />
            <TextField id="audit-to" label="To" optional type="date" value={to} onChange={setTo} error={fieldError.to} />
          </div>
          <p className="hint">Whole days, in UTC, both included. Leave both empty for the whole logbook. The embedded log is always complete.</p>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy !== undefined}>
            {busy === 'pdf' ? 'Exporting…' : 'Export signed PDF…'}
          </button>
          <button type="button" className="button" disabled={busy !== undefined} onClick={() => void run('bundle')}>
            {busy === 'bundle' ? 'Exporting…' : 'Export evidence bundle…'}
          </button>
        </div>
      </form>
      <div aria-live="polite" className="section-gap">
        {outcome?.kind === 'error' && <ErrorNotice title="Nothing was exported" message={outcome.message} />}
        {outcome && outcome.kind !== 'error' && !outcome.saved.saved && (
          <div className="notice" role="status">
            <p className="notice-title">Nothing was saved: the dialog was cancelled.</p>
          </div>
        )}
        {outcome && outcome.kind !== 'error' && outcome.saved.saved && (
          <div className="notice notice-ok" role="status">
            <p className="notice-title">{outcome.kind === 'pdf' ? 'The signed audit PDF was saved.' : 'The evidence bundle was saved.'}</p>
            <dl className="facts">
              <dt>{outcome.kind === 'pdf' ? 'File' : 'Folder'}</dt>
              <dd className="mono">{outcome.saved.path}</dd>
              <dt>{outcome.kind === 'pdf' ? 'SHA-256' : 'SHA-256 of SHA256SUMS'}</dt>
              <dd className="mono">{outcome.saved.sha256}</dd>
            </dl>
            <p className="section-gap">
              {outcome.kind === 'pdf'
                ? 'Give it to the auditor together with the root certificate (below). They check it with the Custos verifier or pdfsig.'
                : 'Keep the folder on write-once storage for the retention period (commonly 7 years); “sha256sum -c SHA256SUMS” checks it.'}
            </p>
          </div>
        )}
      </div>
    </section>
  )
}

function RootCertCard() {
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<Saved | { error: string }>()
  async function run() {
    setBusy(true)
    setOutcome(undefined)
    try {
      setOutcome(await call('audit.exportRootCert', {}))
    } catch (error) {
      setOutcome({ error: messageOf(error) })
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="card section-gap" aria-labelledby="root-cert-heading">
      <h2 id="root-cert-heading">Root certificate</h2>
      <p>
        Auditors import the vault’s audit root certificate once; every export from this vault then verifies against it, in PDF viewers, pdfsig and
        the Custos verifier. Give it through a channel they trust, and read them its SHA-256 fingerprint by phone or in person.
      </p>
      <button type="button" className="button button-primary" disabled={busy} onClick={() => void run()}>
        {busy ? 'Exporting…' : 'Export root certificate…'}
      </button>
      <div aria-live="polite" className="section-gap">
        {outcome && 'error' in outcome && <ErrorNotice title="The root certificate was not exported" message={outcome.error} />}
        {outcome && 'saved' in outcome && !outcome.saved && (
          <div className="notice" role="status">
            <p className="notice-title">Nothing was saved: the dialog was cancelled.</p>
          </div>
        )}
        {outcome && 'saved' in outcome && outcome.saved && (
          <div className="notice notice-ok" role="status">
            <p className="notice-title">The root certificate was saved.</p>
            <dl className="facts">
              <dt>File</dt>
              <dd className="mono">{outcome.path}</dd>
              <dt>SHA-256 fingerprint</dt>
              <dd className="mono fingerprint-large">{outcome.sha256}</dd>
            </dl>
          </div>
        )}
      </div>
    </section>
  )
}

function VerifyCard() {
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<AuditVerifyView | { failed: string }>()
  async function run() {
    setBusy(true)
    setOutcome(undefined)
    try {
      setOutcome(await call('audit.verify', {}))
    } catch (error) {
      setOutcome({ failed: messageOf(error) })
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="card section-gap" aria-labelledby="verify-heading">
      <h2 id="verify-heading">Verify an export</h2>
      <p>
        Choose an audit PDF someone gave you. Custos checks its signature, that nothing was added after signing, that this vault signed it, every
        entry of the embedded logbook and the cover figures, as the Custos verifier does. To check it against a root certificate (.pem) or
        checkpoint notes (.txt) you hold, select them together with the PDF.
      </p>
      <button type="button" className="button button-primary" disabled={busy} onClick={() => void run()}>
        {busy ? 'Verifying…' : 'Choose a PDF to verify…'}
      </button>
      <div aria-live="polite" className="section-gap">
        {outcome && 'failed' in outcome && <ErrorNotice title="The export was not verified" message={outcome.failed} />}
        {outcome && 'checked' in outcome && !outcome.checked && (
          <div className="notice" role="status">
            <p className="notice-title">No file was chosen.</p>
          </div>
        )}
        {outcome && 'checked' in outcome && outcome.checked && <VerifyReport view={outcome} />}
      </div>
    </section>
  )
}
