// The app frame: onboarding when there is no vault yet, otherwise the sidebar navigation,
// the obligations banner and the current screen. Focus moves to each screen's heading.
import { useEffect, useState } from 'react'
import type { ObligationNotice } from '../shared/desktop-events'
import { call } from './custos-client'
import { useAsync } from './use-async'
import { useLocation, type Route } from './use-route'
import { ComputerAccount } from './computer-account'
import { ObligationsBanner } from './components/obligations-banner'
import { ErrorNotice } from './components/error-notice'
import { OnboardingScreen } from './screens/onboarding-screen'
import { DashboardScreen } from './screens/dashboard-screen'
import { LogbookScreen } from './screens/logbook-screen'
import { CustodiansScreen } from './screens/custodians-screen'
import { IssuanceScreen } from './screens/issuance-screen'
import { BreakGlassScreen } from './screens/break-glass-screen'
import { DrillScreen } from './screens/drill-screen'
import { AftercareScreen } from './screens/aftercare-screen'
import { AuditScreen } from './screens/audit-screen'
import { RosterReviewScreen } from './screens/roster-review-screen'

const NAV: { route: Route; label: string }[] = [
  { route: 'dashboard', label: 'Dashboard' },
  { route: 'break-glass', label: 'Break glass' },
  { route: 'issuance', label: 'Issue sheets' },
  { route: 'drill', label: 'Drill' },
  { route: 'aftercare', label: 'Aftercare' },
  { route: 'audit', label: 'Audit' },
  { route: 'logbook', label: 'Logbook' },
  { route: 'custodians', label: 'Custodians & methods' },
]

export function App() {
  const [status, reloadStatus] = useAsync(() => call('vault.status', {}), [])
  const { route, params } = useLocation()
  const obligations = useObligationNotices(route, params)

  if (status.status === 'loading') return <main className="splash" aria-busy="true">Opening the vault…</main>
  if (status.status === 'error') {
    return (
      <main className="splash">
        <ErrorNotice title="Custos could not open the vault" message={status.message} onRetry={reloadStatus} />
      </main>
    )
  }
  const vault = status.value
  if (!vault.initialized) return <OnboardingScreen dataDir={vault.dataDir} onCreated={reloadStatus} />

  return (
    <div className="frame">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          <span className="brand-name">Custos</span>
        </div>
        <div className="vault-id">
          <span className="vault-name">{vault.name}</span>
          <span className="fingerprint" title="Vault key fingerprint">
            {vault.fingerprint}
          </span>
        </div>
        <nav aria-label="Main">
          <ul className="nav-list">
            {NAV.map((item) => (
              <li key={item.route}>
                <a href={`#/${item.route}`} className="nav-link" aria-current={route === item.route ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <p className="sidebar-foot">Offline. Nothing leaves this machine.</p>
      </aside>
      <div className="content-column">
        {/* The dashboard lists every obligation itself: each appears once. */}
        {route !== 'dashboard' && <ObligationsBanner items={obligations} />}
        <main id="content" className="content" tabIndex={-1}>
          <ComputerAccount.Provider value={vault.account}>
            {route === 'dashboard' && <DashboardScreen vaultName={vault.name ?? ''} obligations={obligations} />}
            {route === 'logbook' && <LogbookScreen />}
            {route === 'custodians' && <CustodiansScreen />}
            {route === 'issuance' && <IssuanceScreen params={params} />}
            {route === 'break-glass' && <BreakGlassScreen params={params} />}
            {route === 'drill' && <DrillScreen params={params} />}
            {route === 'aftercare' && <AftercareScreen params={params} />}
            {route === 'audit' && <AuditScreen params={params} />}
            {route === 'roster' && <RosterReviewScreen />}
          </ComputerAccount.Provider>
        </main>
      </div>
    </div>
  )
}

/**
 * The due/overdue list the desktop shell pushes (at start and whenever it changes), less any
 * the logbook already records as met: read again on every screen change and every few
 * seconds, so a met obligation leaves the banner at once rather than at the shell's next check.
 */
function useObligationNotices(route: string, params: string[]): ObligationNotice[] {
  const [items, setItems] = useState<ObligationNotice[]>([])
  const [open, setOpen] = useState<Set<string>>()
  useEffect(() => window.custos.onObligationsDue((payload) => setItems(payload.items)), [])
  const where = `${route}/${params.join('/')}`
  useEffect(() => {
    let live = true
    const read = () =>
      call('obligations.list', {}).then(
        ({ obligations }) => live && setOpen(new Set(obligations.map((o) => o.id))),
        () => undefined,
      )
    void read()
    const timer = window.setInterval(read, 5000)
    return () => {
      live = false
      window.clearInterval(timer)
    }
  }, [where, items])
  return open ? items.filter((item) => open.has(item.id)) : items
}
