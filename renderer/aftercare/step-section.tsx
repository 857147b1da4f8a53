// One aftercare step as a card: its number and title, whether the logbook shows it done,
// its deadline, and what the person does next; the next step to take stands out.
import type { ReactNode } from 'react'
import { formatDateTime, relativeTo } from '../format'
import { urgencyOf, type StepState } from './aftercare-model'

interface StepSectionProps {
  step: StepState
  isNext: boolean
  /** The vault clock's now (obligations.list), for "in 3 hours". */
  now: number
  children: ReactNode
}

export function stepHeadingId(step: StepState): string {
  return `step-${step.id}-heading`
}

export function StepSection({ step, isNext, now, children }: StepSectionProps) {
  const urgency = urgencyOf(step)
  return (
    <section className={`card step-card step-card-${urgency}${isNext ? ' step-card-next' : ''}`} aria-labelledby={stepHeadingId(step)}>
      <div className="step-head">
        <h2 id={stepHeadingId(step)} tabIndex={-1}>
          <span className="step-badge" aria-hidden="true">
            {step.done ? '✓' : step.number}
          </span>
          {step.title}
        </h2>
        <span className="status-group">
          {isNext && <span className="status status-next">Next step</span>}
          <StepStatus step={step} now={now} />
        </span>
      </div>
      {children}
    </section>
  )
}

export function StepStatus({ step, now }: { step: StepState; now: number }) {
  const urgency = urgencyOf(step)
  const due = step.obligation?.dueAt
  switch (urgency) {
    case 'done':
      return <span className="status status-ok">Done</span>
    case 'waiting':
      return <span className="status status-neutral">Waiting</span>
    case 'overdue':
      return (
        <span className="status status-bad">
          Overdue since <time dateTime={due}>{formatDateTime(due!)}</time>
        </span>
      )
    case 'due':
      return (
        <span className="status status-warn">
          Due <time dateTime={due}>{formatDateTime(due!)}</time> ({relativeTo(due!, now)})
        </span>
      )
    case 'open':
      return <span className="status status-neutral">To do</span>
  }
}
