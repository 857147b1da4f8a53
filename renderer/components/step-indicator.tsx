// Where a person is in a guided flow (the issuance wizard, breaking the glass): each step
// numbered, the current one marked for screen readers (aria-current), the ones behind ticked.
interface StepIndicatorProps {
  steps: readonly string[]
  /** 1-based; steps.length + 1 once every step is done. */
  current: number
  label: string
}

export function StepIndicator({ steps, current, label }: StepIndicatorProps) {
  return (
    <ol className="steps" aria-label={label}>
      {steps.map((name, i) => {
        const n = i + 1
        const state = n < current ? 'done' : n === current ? 'current' : 'upcoming'
        return (
          <li key={name} className={`step step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="step-number" aria-hidden="true">
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
