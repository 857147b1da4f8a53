// The in-app banner for due and overdue obligations; it stays until the logbook records
// each one as met (the list comes from the main process, derived from the logbook).
import type { ObligationNotice } from '../../shared/desktop-events'
import { formatDateTime } from '../format'
import { obligationLink } from '../obligation-links'

export function ObligationsBanner({ items }: { items: ObligationNotice[] }) {
  if (items.length === 0) return null
  const overdue = items.filter((item) => item.state === 'overdue').length
  return (
    <section className={`banner ${overdue > 0 ? 'banner-overdue' : 'banner-due'}`} aria-label="Obligations needing action" aria-live="polite">
      <p className="banner-title">
        {overdue > 0 ? `${overdue} overdue` : 'Due now'}: {items.length === 1 ? '1 obligation needs' : `${items.length} obligations need`} action
      </p>
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            <strong>{item.title}</strong> — {item.state === 'overdue' ? 'was due' : 'due by'}{' '}
            <time dateTime={item.dueAt}>{formatDateTime(item.dueAt)}</time>.{' '}
            <a href={obligationLink(item).href}>{obligationLink(item).label}</a>
          </li>
        ))}
      </ul>
    </section>
  )
}
