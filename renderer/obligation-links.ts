// Where each obligation is met: the screen (and the release, set or method) that records it,
// so the dashboard and the banner can link every reminder to the place that clears it.
import { routeHref } from './use-route'

export interface ObligationRef {
  id: string
  kind?: string
  methodId?: string
  setId?: string
  releaseId?: string
}

/** The link and its words for an obligation; ids are "kind:subject" (main/core/ceremonies/obligations.ts). */
export function obligationLink(item: ObligationRef): { href: string; label: string } {
  const [idKind = '', subject = ''] = item.id.split(/:(.*)/s)
  const kind = item.kind ?? idKind
  const releaseId = item.releaseId ?? (['revoke', 'rotate-reissue', 'review'].includes(kind) ? subject : undefined)
  switch (kind) {
    case 'revoke':
    case 'rotate-reissue':
      return { href: releaseId ? routeHref('aftercare', releaseId) : routeHref('aftercare'), label: 'Open aftercare' }
    case 'review':
      return { href: releaseId ? routeHref('aftercare', releaseId) : routeHref('aftercare'), label: 'Complete the review' }
    case 'destroy-retired-sheets':
      return { href: routeHref('aftercare'), label: 'Record the destruction' }
    case 'reissue-after-custodian-left':
    case 'reissue-after-sheet-lost':
      return { href: routeHref('issuance', 'new'), label: 'Issue a new set' }
    case 'drill':
    case 'verify-stale-sheets': {
      const methodId = item.methodId ?? (kind === 'drill' ? subject : undefined)
      return { href: methodId ? routeHref('drill', methodId) : routeHref('drill'), label: 'Run a drill' }
    }
    case 'roster-review':
      return { href: routeHref('roster'), label: 'Review the roster' }
    default:
      return { href: routeHref('dashboard'), label: 'See the dashboard' }
  }
}
