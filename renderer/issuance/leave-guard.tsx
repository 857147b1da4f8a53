// Warns before leaving the issuance wizard while a credential is entered and not yet split:
// a link elsewhere in the app asks first (the credential would be dropped), and closing or
// reloading the window gets the browser's own "leave page?" question.
import { useEffect, useState } from 'react'
import { ModalDialog } from '../components/modal-dialog'

export function LeaveGuard({ active }: { active: boolean }) {
  const [target, setTarget] = useState<string>()
  useEffect(() => {
    if (!active) return
    const onClick = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.('a[href^="#/"]') as HTMLAnchorElement | null
      if (!link || event.defaultPrevented) return
      const href = link.getAttribute('href') ?? ''
      if (href.startsWith('#/issuance')) return
      event.preventDefault()
      setTarget(href)
    }
    const onUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault()
    }
    document.addEventListener('click', onClick, true)
    window.addEventListener('beforeunload', onUnload)
    return () => {
      document.removeEventListener('click', onClick, true)
      window.removeEventListener('beforeunload', onUnload)
    }
  }, [active])
  if (!target) return null
  return (
    <ModalDialog titleId="leave-issuance-heading" title="Leave without issuing the sheets?" describedBy="leave-issuance-text" onClose={() => setTarget(undefined)}>
      <p id="leave-issuance-text">
        The credential you entered has not been split yet. If you leave now it is discarded, and you will have to enter it again.
      </p>
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={() => setTarget(undefined)}>
          Stay and finish
        </button>
        <button
          type="button"
          className="button button-danger"
          onClick={() => {
            const href = target
            setTarget(undefined)
            window.location.hash = href
          }}
        >
          Leave and discard the credential
        </button>
      </div>
    </ModalDialog>
  )
}
