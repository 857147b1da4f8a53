// A card that folds: its heading is a button (aria-expanded) that shows or hides the body,
// and a one-line status stays beside it either way, so a long page reads as a list of what
// is done and what comes next. The body stays mounted while folded, keeping what was typed.
import type { ReactNode } from 'react'
import '../styles/disclosure.css'

interface DisclosureSectionProps {
  /** Base of the ids: `<id>-heading` names the section, `<id>-toggle` is the button, `<id>-body` the body. */
  id: string
  title: string
  /** Shown before the title (e.g. a step number); hidden from screen readers. */
  badge?: ReactNode
  /** Where this stands in one line (Done, Due …, Overdue …), shown open or folded. */
  status?: ReactNode
  /** Marks the section as the next thing to do. */
  next?: boolean
  open: boolean
  onOpenChange: (open: boolean) => void
  className?: string
  /** Inside another card: a part of it (an h3 under a rule) rather than a card of its own. */
  inline?: boolean
  /** Shown above the body even while folded, e.g. the notice of what was just recorded. */
  notice?: ReactNode
  children: ReactNode
}

export const disclosureHeadingId = (id: string) => `${id}-heading`
export const disclosureToggleId = (id: string) => `${id}-toggle`

export function DisclosureSection({ id, title, badge, status, next, open, onOpenChange, className, inline, notice, children }: DisclosureSectionProps) {
  const Heading = inline ? 'h3' : 'h2'
  const classes = [inline ? 'disclosure-inline' : 'card', 'disclosure', open ? 'disclosure-open' : '', next ? 'disclosure-next' : '', className ?? ''].filter(Boolean).join(' ')
  return (
    <section className={classes} aria-labelledby={disclosureHeadingId(id)}>
      <div className="disclosure-head">
        <Heading id={disclosureHeadingId(id)} className="disclosure-heading">
          <button
            id={disclosureToggleId(id)}
            type="button"
            className="disclosure-toggle"
            aria-expanded={open}
            aria-controls={`${id}-body`}
            onClick={() => onOpenChange(!open)}
          >
            <span className="disclosure-chevron" aria-hidden="true" />
            {badge}
            <span>{title}</span>
          </button>
        </Heading>
        {(next || status) && (
          <span className="status-group">
            {next && <span className="status status-next">Next step</span>}
            {status}
          </span>
        )}
      </div>
      {notice}
      <div id={`${id}-body`} className="disclosure-body" hidden={!open}>
        {children}
      </div>
    </section>
  )
}

/** Opens nothing by itself: moves focus to a section's button, e.g. after the page opened it. */
export function focusDisclosure(id: string): void {
  document.getElementById(disclosureToggleId(id))?.focus()
}
