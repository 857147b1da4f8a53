// Step 3 of breaking the glass: the credential, released to one named operator. Secrets stay
// hidden until revealed one by one; Copy goes through the desktop's self-clearing clipboard;
// a root login shows its current MFA code; the revoke deadline counts down. While this is on
// screen the window is kept out of screenshots and screen sharing (window.protect).
import { useEffect, useRef, useState } from 'react'
import type { OperationOutput } from '../../shared/api'
import { call, messageOf } from '../custos-client'
import { formatDateTime } from '../format'
import { routeHref } from '../use-route'
import { credentialFields, KIND_WORDS, type CredentialField } from './credential-fields'
import { TotpCode } from './totp-code'
import { formatCountdown, useNow } from './use-now'

export type ReleaseGranted = OperationOutput<'release.grant'>

/** How long a copied secret stays on the clipboard. */
export const CLIPBOARD_CLEAR_MS = 30_000
export const MARK_CREDENTIAL_SHOWN = 'custos:credential-shown'

interface ReleaseViewProps {
  granted: ReleaseGranted
  ticket: string
  /** Wipes the credential from the screen's state (the "Done" button). */
  onDone: () => void
}

type Copied = { label: string; clearsAt: number } | { label: string; error: string }

export function ReleaseView({ granted, ticket, onDone }: ReleaseViewProps) {
  const now = useNow(1000)
  const [revealed, setRevealed] = useState<ReadonlySet<string>>(new Set())
  const [copied, setCopied] = useState<Copied>()
  const [protection, setProtection] = useState<'on' | 'off' | 'failed'>('off')
  const headingRef = useRef<HTMLHeadingElement>(null)
  const fields = credentialFields(granted.bundle)
  const totpSeed = granted.bundle.kind === 'aws-root-login' ? granted.bundle.totpSeed : undefined

  useEffect(() => {
    performance.mark(MARK_CREDENTIAL_SHOWN)
    headingRef.current?.focus()
    let live = true
    call('window.protect', { enabled: true }).then(
      () => live && setProtection('on'),
      () => live && setProtection('failed'),
    )
    return () => {
      live = false
      // Leaving by any path (Done, another screen, closing): the credential goes with this view.
      void call('window.protect', { enabled: false }).catch(() => undefined)
    }
  }, [])

  async function copy(field: CredentialField) {
    try {
      await call('clipboard.copySecret', { text: field.value, clearAfterMs: CLIPBOARD_CLEAR_MS })
      // Counted on this machine's clock from the copy: the vault's clock may be pinned (tests).
      setCopied({ label: field.label, clearsAt: Date.now() + CLIPBOARD_CLEAR_MS })
    } catch (error) {
      setCopied({ label: field.label, error: messageOf(error) })
    }
  }

  const toggle = (key: string) =>
    setRevealed((keys) => {
      const next = new Set(keys)
      if (next.has(key)) next.delete(key)
      else next.add(key)
      return next
    })

  const revokeBy = new Date(granted.revokeBy).getTime()
  const revokeLeft = revokeBy - now

  return (
    <section className="card release-card" aria-labelledby="release-heading">
      <h2 id="release-heading" ref={headingRef} tabIndex={-1}>
        {KIND_WORDS[granted.bundle.kind]} released to {granted.operator}
      </h2>
      <p className="lead">
        Release <span className="mono">{granted.releaseId}</span> for {ticket} is in the logbook. Only {granted.operator} uses this
        credential; it leaves this screen when you press Done or open another screen.
      </p>

      <div className={`notice ${revokeLeft > 0 ? 'notice-warn' : 'notice-error'} revoke-deadline`} role="timer" aria-live="off" aria-label="Revoke deadline">
        <p className="notice-title">
          {revokeLeft > 0 ? (
            <>
              Revoke within <span className="countdown">{formatCountdown(revokeLeft)}</span>
            </>
          ) : (
            <>
              Revoke now: the deadline passed <span className="countdown">{formatCountdown(-revokeLeft)}</span> ago
            </>
          )}
        </p>
        <p>
          Deadline <time dateTime={granted.revokeBy}>{formatDateTime(granted.revokeBy)}</time>; rotate by{' '}
          <time dateTime={granted.rotateBy}>{formatDateTime(granted.rotateBy)}</time>, review by{' '}
          <time dateTime={granted.reviewBy}>{formatDateTime(granted.reviewBy)}</time>.
        </p>
      </div>

      {granted.notices.length > 0 && (
        <ul className="plain-list release-notices">
          {granted.notices.map((notice) => (
            <li key={notice} className="muted">
              {notice}
            </li>
          ))}
        </ul>
      )}

      <dl className="credential">
        {fields.map((field) => {
          const shown = !field.secret || revealed.has(field.key)
          return (
            <div key={field.key} className="credential-row">
              <dt>{field.label}</dt>
              <dd>
                {shown ? (
                  <code className="credential-value">{field.value}</code>
                ) : (
                  <span className="credential-hidden">
                    <span aria-hidden="true">••••••••••••</span>
                    <span className="visually-hidden">hidden</span>
                  </span>
                )}
              </dd>
              <dd className="credential-actions">
                {field.secret && (
                  <button type="button" className="button button-small" aria-pressed={revealed.has(field.key)} onClick={() => toggle(field.key)} aria-label={`${revealed.has(field.key) ? 'Hide' : 'Reveal'} ${field.label}`}>
                    {revealed.has(field.key) ? 'Hide' : 'Reveal'}
                  </button>
                )}
                <button type="button" className="button button-small" onClick={() => copy(field)} aria-label={`Copy ${field.label}`}>
                  Copy
                </button>
              </dd>
            </div>
          )
        })}
      </dl>

      <div className="release-copy-status" aria-live="polite">
        {copied && 'error' in copied && (
          <p className="field-error">
            {copied.label} was not copied: {copied.error}
          </p>
        )}
        {copied && 'clearsAt' in copied && (
          <p>
            {copied.clearsAt > now ? (
              <>
                {copied.label} copied. The clipboard clears in <span className="countdown">{formatCountdown(Math.min(CLIPBOARD_CLEAR_MS, copied.clearsAt - now))}</span>.
              </>
            ) : (
              <>The clipboard was cleared ({copied.label} is no longer on it).</>
            )}
          </p>
        )}
      </div>

      {totpSeed && <TotpCode seed={totpSeed} />}

      <p className="muted protect-status">
        {protection === 'on' && 'This window is hidden from screenshots and screen sharing while the credential is shown.'}
        {protection === 'failed' && 'This window could not be hidden from screen sharing: make sure nobody is sharing this screen.'}
      </p>

      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={onDone}>
          Done: remove the credential from the screen
        </button>
        <a className="button" href={routeHref('aftercare', granted.releaseId)}>
          Go to aftercare
        </a>
      </div>
    </section>
  )
}
