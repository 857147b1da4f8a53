// One step of the issuance wizard: the step indicator, then a card whose heading says where
// the person is ("Step 4 of 7: Print the sheets"). On a step change focus moves to that
// heading; when the screen has just opened, focus stays on the screen's h1.
import { useEffect, useId, useRef, type ReactNode } from 'react'

export const STEPS = ['Method', 'Credential', 'Sheets', 'Print', 'Scan back', 'Hand over', 'Activate'] as const
export type StepNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7

export function StepIndicator({ current }: { current: StepNumber | 'done' }) {
  const at = current === 'done' ? STEPS.length + 1 : current
  return (
    <ol className="issuance-steps" aria-label="Ceremony steps">
      {STEPS.map((name, i) => {
        const n = i + 1
        const state = n < at ? 'done' : n === at ? 'current' : 'todo'
        return (
          <li key={name} className={`issuance-step issuance-step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="issuance-step-number" aria-hidden="true">
              {state === 'done' ? '✓' : n}
            </span>
            {name}
            {state === 'done' && <span className="visually-hidden"> (done)</span>}
          </li>
        )
      })}
    </ol>
  )
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
      <StepIndicator current={step} />
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
