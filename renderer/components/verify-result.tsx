// The outcome of verifying the logbook, in words: verified with its size, or the first entry
// that fails and why (the backend's message says what to do).
import type { OperationOutput } from '../../shared/api'
import { shortHash } from '../format'

export type VerifyView = OperationOutput<'log.verify'>

export function VerifyStatus({ report }: { report: VerifyView }) {
  return report.ok ? (
    <span className="status status-ok">✓ Verified</span>
  ) : (
    <span className="status status-bad">✕ Does not verify</span>
  )
}

export function VerifyResult({ report }: { report: VerifyView }) {
  if (report.ok) {
    return (
      <div className="notice notice-ok" role="status">
        <p className="notice-title">The logbook verifies.</p>
        <p>
          {report.size} {report.size === 1 ? 'entry' : 'entries'}, hash chain intact, head signed by key{' '}
          <span className="mono">{report.keyFingerprint}</span>. Head hash{' '}
          <span className="mono">{shortHash(report.headHash, 16)}</span>.
        </p>
      </div>
    )
  }
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">
        The logbook does not verify{report.problem?.seq != null ? ` at entry ${report.problem.seq}` : ''}.
      </p>
      <p>{report.problem?.message ?? 'An entry does not match its hash or signature.'}</p>
      <p className="muted">
        Do not run a release or a drill on this machine until the logbook is restored from a copy that extends your
        latest checkpoint.
      </p>
    </div>
  )
}
