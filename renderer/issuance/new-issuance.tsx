// Steps 1 to 3 of a new set: the method, the credential, the sheets and who receives them.
// The credential is held in this component's state only, and dropped as soon as the set
// is issued (the URL then names the set, never anything secret).
import { useState } from 'react'
import type { CredentialBundle } from '../../shared/bundle'
import { call } from '../custos-client'
import { useAsync } from '../use-async'
import { groupSetId } from '../format'
import { routeHref } from '../use-route'
import { ErrorNotice } from '../components/error-notice'
import { CredentialStep } from './credential-step'
import { EMPTY_DRAFT, type CredentialDraft } from './credential-input'
import { rememberIssuance } from './issuance-memory'
import { MethodStep } from './method-step'
import { SheetsStep, type SheetPlan } from './sheets-step'
import { LeaveGuard } from './leave-guard'

type Step = 'method' | 'credential' | 'sheets'

export function NewIssuance() {
  const [data, reload] = useAsync(async () => {
    const [{ methods }, { custodians }] = await Promise.all([call('methods.list', {}), call('custodians.list', {})])
    return { methods, custodians }
  }, [])
  const [step, setStep] = useState<Step>('method')
  const [methodId, setMethodId] = useState<string>()
  const [draft, setDraft] = useState<CredentialDraft>(EMPTY_DRAFT)
  const [bundle, setBundle] = useState<CredentialBundle>()
  const [plan, setPlan] = useState<SheetPlan>()

  if (data.status === 'loading') return <p className="muted">Reading the methods and the roster…</p>
  if (data.status === 'error') return <ErrorNotice title="Could not read the methods" message={data.message} onRetry={reload} />
  const { methods, custodians } = data.value
  const method = methods.find((m) => m.methodId === methodId)
  const pending = methods.filter((m) => m.pendingSetId)

  async function start(chosen: SheetPlan) {
    if (!method || !bundle) return
    const started = await call('issuance.start', {
      methodId: method.methodId,
      bundle,
      assignments: chosen.assignments,
      pageSize: chosen.pageSize,
      ...(chosen.label.trim() ? { label: chosen.label.trim() } : {}),
      ...(chosen.emergencyContact.trim() ? { emergencyContact: chosen.emergencyContact.trim() } : {}),
      ...(chosen.anonymous ? { anonymous: true } : {}),
    })
    // The shares now exist; the credential itself is no longer needed on this screen.
    setBundle(undefined)
    setDraft(EMPTY_DRAFT)
    rememberIssuance(started)
    window.location.hash = routeHref('issuance', started.setId)
  }

  // Something typed into the credential, or a checked credential not yet split: ask before leaving.
  const entered = bundle !== undefined || Object.values(draft.values).some((v) => typeof v === 'string' && v.trim() !== '') || draft.fields.some((f) => f.value.trim() !== '')
  return (
    <>
      <LeaveGuard active={entered} />
      {pending.length > 0 && step === 'method' && (
        <div className="notice notice-warn issuance-pending">
          <p className="notice-title">{pending.length === 1 ? 'A set is being issued.' : `${pending.length} sets are being issued.`}</p>
          <ul className="plain-list">
            {pending.map((m) => (
              <li key={m.methodId}>
                {m.name}: <a href={routeHref('issuance', m.pendingSetId!)}>Continue set {groupSetId(m.pendingSetId!)}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {step === 'method' && (
        <MethodStep
          methods={methods}
          chosen={methodId}
          onNext={(id) => {
            if (id !== methodId) setPlan(undefined)
            setMethodId(id)
            setStep('credential')
          }}
        />
      )}
      {step === 'credential' && method && (
        <CredentialStep
          draft={draft}
          onChange={setDraft}
          methodName={method.name}
          onBack={() => setStep('method')}
          onNext={(checked) => {
            setBundle(checked)
            setStep('sheets')
          }}
        />
      )}
      {step === 'sheets' && method && (
        <SheetsStep
          method={method}
          custodians={custodians}
          plan={plan}
          onPlanChange={setPlan}
          onBack={() => {
            setBundle(undefined)
            setStep('credential')
          }}
          onStart={start}
        />
      )}
    </>
  )
}
