// The offline path: the exact AWS CLI commands for a step (aws.offlineSteps), to run on a
// machine that can reach AWS, each with a Copy button. Custos itself stays offline.
import { useState } from 'react'
import { call, messageOf } from '../custos-client'
import { useAsync } from '../use-async'
import { ErrorNotice } from '../components/error-notice'

/** Commands are not secret, but the clipboard goes through the desktop port (the app denies the web clipboard API). */
const COMMAND_CLIPBOARD_MS = 600_000

interface OfflineCommandsProps {
  releaseId: string
  purpose: 'status' | 'revoke' | 'rotate'
  /** The heading above the list, e.g. "Run these commands". */
  heading: string
  headingId: string
}

export function OfflineCommands({ releaseId, purpose, heading, headingId }: OfflineCommandsProps) {
  const [steps, reload] = useAsync(() => call('aws.offlineSteps', { releaseId, purpose }), [releaseId, purpose])
  return (
    <div className="offline-commands" role="group" aria-labelledby={headingId}>
      <h3 id={headingId}>{heading}</h3>
      {steps.status === 'loading' && <p className="muted">Preparing the commands…</p>}
      {steps.status === 'error' && <ErrorNotice title="Could not prepare the AWS CLI commands" message={steps.message} onRetry={reload} />}
      {steps.status === 'ready' && (
        <>
          <p className="hint">
            For IAM user <span className="mono">{steps.value.target.userName}</span>, key <span className="mono">{steps.value.target.accessKeyId}</span>.
            Run them where the AWS CLI is signed in with an administrator’s own credential; note each answer’s request id
            (the AWS CLI’s debug output shows it, or find it in CloudTrail).
          </p>
          <ol className="command-list">
            {steps.value.steps.map((step, i) => (
              <li key={i}>
                <p className="command-title">{step.title}</p>
                <div className="command">
                  <pre className="command-text" aria-label={`Command ${i + 1}`}>
                    <code>{step.command}</code>
                  </pre>
                  <CopyButton text={step.command} label={`Copy command ${i + 1}`} />
                </div>
              </li>
            ))}
          </ol>
          {steps.value.steps.some((step) => step.record) && (
            <details className="subsection command-records">
              <summary>Recording on the vault’s command line instead</summary>
              <p className="hint">
                The forms on this screen record the same evidence. On the vault machine’s command line (custos), each step is recorded with:
              </p>
              <ul className="plain-list">
                {steps.value.steps.map((step, i) =>
                  step.record ? (
                    <li key={i}>
                      <code>{step.record}</code>
                    </li>
                  ) : null,
                )}
              </ul>
            </details>
          )}
        </>
      )}
    </div>
  )
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'copied' } | { kind: 'error'; message: string }>({ kind: 'idle' })
  return (
    <span className="command-copy">
      <button
        type="button"
        className="button button-small"
        aria-label={label}
        onClick={async () => {
          try {
            await call('clipboard.copySecret', { text, clearAfterMs: COMMAND_CLIPBOARD_MS })
            setState({ kind: 'copied' })
          } catch (error) {
            setState({ kind: 'error', message: messageOf(error) })
          }
        }}
      >
        Copy
      </button>
      <span className="command-copy-status" role="status">
        {state.kind === 'copied' ? 'Copied' : state.kind === 'error' ? state.message : ''}
      </span>
    </span>
  )
}
