// Connected mode, explicitly and for one step: the person confirms that Custos may reach
// AWS IAM (and nothing else) for this step, enters the credential that signs the calls,
// and Custos runs aws.status / aws.revoke / aws.rotate. The credential lives only in this
// dialog's state and is wiped after every call, whatever its outcome.
import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { OperationOutput } from '../../shared/api'
import { call } from '../custos-client'
import { formProblem, type FormProblem } from '../field-errors'
import { formatDateTime, groupSetId } from '../format'
import { routeHref } from '../use-route'
import { rememberIssuance } from '../issuance/issuance-memory'
import { ModalDialog } from '../components/modal-dialog'
import { TextField } from '../components/form-field'
import { FormSummary } from '../components/form-summary'
import type { GrantedRelease } from './aftercare-model'

type Purpose = 'revoke' | 'rotate'
type CredentialField = 'accessKeyId' | 'secretAccessKey' | 'accountId' | 'userName'
type Result =
  | { kind: 'status'; view: OperationOutput<'aws.status'> }
  | { kind: 'revoke'; view: OperationOutput<'aws.revoke'> }
  | { kind: 'rotate'; view: OperationOutput<'aws.rotate'> }

const EMPTY: Record<CredentialField, string> = { accessKeyId: '', secretAccessKey: '', accountId: '', userName: '' }
const FIELDS: CredentialField[] = ['accessKeyId', 'secretAccessKey', 'accountId', 'userName']

interface ConnectAwsDialogProps {
  release: GrantedRelease
  purpose: Purpose
  onClose: () => void
  /** After a call that changed the logbook (revoke, rotate). */
  onChanged: (message: string) => void
}

export function ConnectAwsDialog({ release, purpose, onClose, onChanged }: ConnectAwsDialogProps) {
  const [credential, setCredential] = useState(EMPTY)
  const [confirmDelete, setConfirmDelete] = useState(false)
  const [confirmMakeRoom, setConfirmMakeRoom] = useState(false)
  const [busy, setBusy] = useState<'status' | Purpose>()
  const [problem, setProblem] = useState<FormProblem<CredentialField>>()
  const [result, setResult] = useState<Result>()
  const keyId = release.granted.accessKeyId ?? ''
  const userName = release.granted.awsUserName
  const titleId = `connect-${purpose}-heading`

  async function run(action: 'status' | Purpose) {
    setBusy(action)
    setProblem(undefined)
    setResult(undefined)
    const input = {
      releaseId: release.releaseId,
      credential: { kind: 'aws-access-key' as const, ...trimmed(credential) },
      ...(confirmDelete ? { confirmDelete: true } : {}),
      ...(confirmMakeRoom ? { confirmMakeRoom: true } : {}),
    }
    try {
      if (action === 'status') setResult({ kind: 'status', view: await call('aws.status', input) })
      if (action === 'revoke') {
        const view = await call('aws.revoke', input)
        setResult({ kind: 'revoke', view })
        onChanged(`AWS IAM: ${view.accessKeyId} is ${view.status}. Each call is recorded in the logbook with its request id.`)
      }
      if (action === 'rotate') {
        const view = await call('aws.rotate', input)
        if (view.issued) rememberIssuance(view.issued)
        setResult({ kind: 'rotate', view })
        onChanged(`AWS IAM: ${view.next}`)
      }
    } catch (error) {
      setProblem(formProblem<CredentialField>(error, (path) => {
        const [head, field] = path.split('.')
        return head === 'credential' && FIELDS.includes(field as CredentialField) ? (field as CredentialField) : undefined
      }))
    } finally {
      // Wiped whatever happened: the next call needs the credential entered again.
      setCredential(EMPTY)
      setBusy(undefined)
    }
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void run(purpose)
  }
  const field = (name: CredentialField) => ({
    id: `aws-credential-${name}`,
    value: credential[name],
    onChange: (value: string) => setCredential((c) => ({ ...c, [name]: value })),
    error: problem?.fields[name],
  })

  return (
    <ModalDialog titleId={titleId} title="Connect to AWS IAM for this step" describedBy={`${titleId}-explain`} onClose={onClose} wide>
      <div id={`${titleId}-explain`} className="notice notice-warn">
        <p className="notice-title">Custos is offline. For this step only, it connects to AWS IAM and nothing else.</p>
        <p>
          The connection opens when you press a button below and closes when the call ends; both are recorded in the logbook,
          with the request id of every AWS call. The credential you enter signs these calls only: it is never saved and is
          cleared from this window as soon as the call ends.
        </p>
      </div>
      <div aria-live="polite">{result && <ResultView result={result} />}</div>
      <dl className="facts section-gap">
        <dt>IAM user</dt>
        <dd className="mono">{userName ?? 'as the release recorded it'}</dd>
        <dt>{purpose === 'revoke' ? 'Key to revoke' : 'Key to replace'}</dt>
        <dd className="mono">{keyId}</dd>
        <dt>What Custos will do</dt>
        <dd>
          {purpose === 'revoke'
            ? `Deactivate ${keyId}${confirmDelete ? ', then delete it' : ''}.`
            : 'Create a new key, prove it works and start its new set of sheets; once that set is active, the next visit deactivates and deletes the old key.'}
        </dd>
      </dl>
      <form className="form form-wide section-gap" onSubmit={onSubmit} noValidate aria-labelledby={titleId}>
        <FormSummary title={`AWS IAM did not ${purpose === 'revoke' ? 'revoke the key' : 'rotate the key'}.`} problem={problem} />
        <fieldset className="fieldset">
          <legend>Sign the requests with</legend>
          <p className="hint">Your own IAM credential (it needs iam:*AccessKey* on the user), or the released key while it is still active.</p>
          <div className="form-grid">
            <TextField label="Access key id" {...field('accessKeyId')} className="mono-input" maxLength={20} />
            <TextField label="Secret access key" {...field('secretAccessKey')} type="password" className="mono-input" maxLength={40} />
            <TextField label="AWS account id" {...field('accountId')} inputMode="numeric" className="mono-input" maxLength={12} />
            <TextField label="Its IAM user name" {...field('userName')} className="mono-input" maxLength={64} />
          </div>
        </fieldset>
        {purpose === 'revoke' ? (
          <label className="aftercare-choice">
            <input type="checkbox" checked={confirmDelete} onChange={(e) => setConfirmDelete(e.target.checked)} />
            Also delete {keyId} after deactivating it (cannot be undone; leave unticked to delete later, once nothing broke)
          </label>
        ) : (
          <>
            <label className="aftercare-choice">
              <input type="checkbox" checked={confirmMakeRoom} onChange={(e) => setConfirmMakeRoom(e.target.checked)} />
              If the user already has two keys, delete the inactive one to make room (AWS allows two per user)
            </label>
            <label className="aftercare-choice">
              <input type="checkbox" checked={confirmDelete} onChange={(e) => setConfirmDelete(e.target.checked)} />
              Delete the old key once the new set is active
            </label>
          </>
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy !== undefined}>
            {busy === purpose ? 'Connected: working…' : purpose === 'revoke' ? 'Connect and revoke' : 'Connect and rotate'}
          </button>
          <button type="button" className="button" disabled={busy !== undefined} onClick={() => void run('status')}>
            {busy === 'status' ? 'Connected: checking…' : 'Connect and check the key only'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
    </ModalDialog>
  )
}

function trimmed(c: Record<CredentialField, string>): Record<CredentialField, string> {
  return { accessKeyId: c.accessKeyId.trim(), secretAccessKey: c.secretAccessKey.trim(), accountId: c.accountId.trim(), userName: c.userName.trim() }
}

function ResultView({ result }: { result: Result }) {
  const ref = useRef<HTMLDivElement>(null)
  // The answer appears above the form: move there, so it is seen and read out.
  useEffect(() => ref.current?.focus(), [result])
  return (
    <div ref={ref} tabIndex={-1} className="connect-result">
      <ResultBody result={result} />
    </div>
  )
}

function ResultBody({ result }: { result: Result }) {
  if (result.kind === 'status') {
    const { view } = result
    const used = view.target.lastUsed
    return (
      <div className="notice notice-ok section-gap" role="status">
        <p className="notice-title">
          {view.userName} has {view.keys.length} access key{view.keys.length === 1 ? '' : 's'}; the released key{' '}
          {view.target.exists ? `is ${view.target.status?.toLowerCase()}` : 'no longer exists'}.
        </p>
        <ul className="plain-list">
          {view.keys.map((k) => (
            <li key={k.accessKeyId}>
              <span className="mono">{k.accessKeyId}</span> {k.status}, created {formatDateTime(k.createDate)}
              {k.isTarget && ' (the released key)'}
            </li>
          ))}
        </ul>
        {used && (
          <p>
            Last used {used.date ? formatDateTime(used.date) : 'never'}
            {used.date && ` with ${used.serviceName} in ${used.region}`}.
          </p>
        )}
      </div>
    )
  }
  if (result.kind === 'revoke') {
    return (
      <div className="notice notice-ok section-gap" role="status">
        <p className="notice-title">
          {result.view.accessKeyId} is {result.view.status}.
        </p>
        <ul className="plain-list">
          {result.view.done.map((line) => (
            <li key={line}>✓ {line}</li>
          ))}
        </ul>
      </div>
    )
  }
  const { view } = result
  const setId = view.issued?.setId ?? view.setId
  return (
    <div className="notice notice-ok section-gap" role="status">
      <p className="notice-title">{view.complete ? 'The rotation is complete.' : 'The rotation is under way.'}</p>
      <ul className="plain-list">
        {view.done.map((line) => (
          <li key={line}>✓ {line}</li>
        ))}
      </ul>
      <p>{view.next}</p>
      {setId && !view.complete && (
        <p>
          <a
            className="button button-primary"
            href={routeHref('issuance', setId)}
            // The new set's sheets (only in this answer) give the wizard its on-screen preview.
            onClick={() => view.issued && rememberIssuance(view.issued)}
          >
            Print and hand over set {groupSetId(setId)}
          </a>
        </p>
      )}
    </div>
  )
}
