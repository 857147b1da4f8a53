// The outcome of verifying an audit export, as the person needs it: verified with every
// check listed, or which check failed, why, and what to do, plus the checks not run.
import type { OperationOutput } from '../../shared/api'
import { CHECK_ADVICE, notRun } from './verify-advice'

export type AuditVerifyView = OperationOutput<'audit.verify'>

export function VerifyReport({ view }: { view: AuditVerifyView }) {
  const file = view.path?.split(/[\\/]/).at(-1) ?? 'The file'
  const failed = view.checks.find((c) => !c.ok)
  const skipped = notRun(view.checks.map((c) => c.name))
  return (
    <div className={`notice ${view.ok ? 'notice-ok' : 'notice-error'} verify-report`} role={view.ok ? 'status' : 'alert'}>
      <p className="notice-title">{view.ok ? `${file} verifies.` : `${file} does not verify: the “${failed?.name ?? 'verification'}” check failed.`}</p>
      {view.path && (
        <p className="muted mono verify-path" title="The file checked">
          {view.path}
        </p>
      )}
      {failed && (
        <>
          <p>{failed.detail}</p>
          <p>
            <strong>What to do:</strong> {CHECK_ADVICE[failed.name] ?? CHECK_ADVICE.Verification}
          </p>
        </>
      )}
      <ul className="check-list" aria-label="Checks">
        {view.checks.map((check, i) => (
          <li key={i} className={check.ok ? 'check-ok' : 'check-failed'}>
            <span className="check-mark" aria-hidden="true">
              {check.ok ? '✓' : '✕'}
            </span>
            <span>
              <strong>{check.name}</strong>
              <span className="visually-hidden">{check.ok ? ': passed' : ': failed'}</span>
              {check.ok ? `: ${check.detail}` : ''}
            </span>
          </li>
        ))}
        {skipped.map((name) => (
          <li key={name} className="check-skipped">
            <span className="check-mark" aria-hidden="true">
              –
            </span>
            <span>
              <strong>{name}</strong>: not checked, because an earlier check failed
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
}
