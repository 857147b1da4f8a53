// A modal dialog on the native <dialog> element: showModal() traps focus and makes the page
// behind it inert, Escape closes it, and focus returns to the control that opened it.
import { useEffect, useRef, type ReactNode } from 'react'

interface ModalDialogProps {
  /** The id of the dialog's heading (its accessible name). */
  titleId: string
  title: string
  /** Ids of text read out when the dialog opens (e.g. a warning). */
  describedBy?: string
  onClose: () => void
  wide?: boolean
  children: ReactNode
}

export function ModalDialog({ titleId, title, describedBy, onClose, wide, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (dialog && !dialog.open) dialog.showModal()
    return () => {
      if (dialog?.open) dialog.close()
      // The opener may be gone (a retired custodian loses the Retire button): then the
      // screen decides where focus goes.
      if (opener?.isConnected) opener.focus()
    }
  }, [])
  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? ' dialog-wide' : ''}`}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      onCancel={(event) => {
        // Escape: let React unmount the dialog rather than the browser closing it behind its back.
        event.preventDefault()
        onClose()
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      {children}
    </dialog>
  )
}
