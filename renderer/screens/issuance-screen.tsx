// Issue a set of sheets: the issuance ceremony as a seven-step wizard. #/issuance starts a
// new set (or resumes the one set being issued); #/issuance/SETID continues that set, e.g.
// after a restart or when AWS rotation started it; #/issuance/new starts another anyway.
import { useEffect } from 'react'
import { call } from '../custos-client'
import { useAsync } from '../use-async'
import { routeHref } from '../use-route'
import { ScreenHeading } from '../components/screen-heading'
import { NewIssuance } from '../issuance/new-issuance'
import { SetCeremony } from '../issuance/set-ceremony'
import '../styles/issuance.css'

export function IssuanceScreen({ params }: { params: string[] }) {
  const target = params[0]
  return (
    <>
      <ScreenHeading title="Issue a set of sheets" />
      <p className="lead">
        Split a credential into sheets for custodians: print them, read every sheet back, hand each over in a sealed bag, then make
        the set active. Every step is signed into the logbook.
      </p>
      {target === undefined && <ResumeOrStart />}
      {target === 'new' && <NewIssuance />}
      {target !== undefined && target !== 'new' && <SetCeremony key={target} setId={target} />}
    </>
  )
}

/** With exactly one set being issued, opening the screen continues it; otherwise a new set starts. */
function ResumeOrStart() {
  const [methods] = useAsync(() => call('methods.list', {}), [])
  const pending = methods.status === 'ready' ? methods.value.methods.filter((m) => m.pendingSetId) : []
  const resume = pending.length === 1 ? pending[0]!.pendingSetId : undefined
  useEffect(() => {
    if (resume) window.location.replace(routeHref('issuance', resume))
  }, [resume])
  if (methods.status === 'loading' || resume) return <p className="muted">Looking for a set being issued…</p>
  return <NewIssuance />
}
