// One step of the issuance wizard: the step indicator, then a card whose heading says where
// the person is ("Step 4 of 7: Print the sheets"). On a step change focus moves to that
// heading; when the screen has just opened, focus stays on the screen's h1.
import { useEffect, useId, useRef, type ReactNode } from 'react'
import { StepIndicator } from '../components/step-indicator'

export const STEPS = ['Method', 'Credential', 'Sheets', 'Print', 'Scan back', 'Hand over', 'Activate'] as const
export type StepNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7

/** The wizard's steps, with the one shown (or all done once the set is active). */
export function WizardSteps({ current }: { current: StepNumber | 'done' }) {
  return <StepIndicator steps={STEPS} current={current === 'done' ? STEPS.length + 1 : current} label="Ceremony steps" />
}

/** A heading that takes focus when it appears, unless the screen just opened (its h1 has it). */
export function useArrivalFocus<T extends HTMLElement>() {
  const ref = useRef<T>(null)
  useEffect(() => {
    if (document.activeElement?.tagName === 'H1') return
    ref.current?.focus()
  }, [])
  return ref
}

export function StepSection({ step, title, children, actions }: { step: StepNumber; title: string; children: ReactNode; actions?: ReactNode }) {
  const headingId = useId()
  const ref = useArrivalFocus<HTMLHeadingElement>()
  return (
    <>
      <WizardSteps current={step} />
      <section className="card issuance-card" aria-labelledby={headingId}>
        <div className="issuance-card-head">
          <h2 id={headingId} ref={ref} tabIndex={-1}>
            Step {step} of {STEPS.length}: {title}
          </h2>
          {actions}
        </div>
        {children}
      </section>
    </>
  )
}
