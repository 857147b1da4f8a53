// One aftercare step as a folding card: its number and title, and in one line whether the
// logbook shows it done, due or overdue; the next step to take stands out and opens.
import type { ReactNode } from 'react'
import { formatDateTime, relativeTo } from '../format'
import { DisclosureSection } from '../components/disclosure-section'
import { urgencyOf, type StepState } from './aftercare-model'

interface StepSectionProps {
  step: StepState
  isNext: boolean
  /** The vault clock's now (obligations.list), for "in 3 hours". */
  now: number
  open: boolean
  onOpenChange: (open: boolean) => void
  children: ReactNode
}

/** The section's base id: its heading is `step-<id>-heading`, its button `step-<id>-toggle`. */
export function stepSectionId(step: StepState): string {
  return `step-${step.id}`
}

export function stepHeadingId(step: StepState): string {
  return `${stepSectionId(step)}-heading`
}

export function StepSection({ step, isNext, now, open, onOpenChange, children }: StepSectionProps) {
  const urgency = urgencyOf(step)
  return (
    <DisclosureSection
      id={stepSectionId(step)}
      title={step.title}
      className={`step-card step-card-${urgency}${isNext ? ' step-card-next' : ''}`}
      badge={
        <span className="step-badge" aria-hidden="true">
          {step.done ? '✓' : step.number}
        </span>
      }
      status={<StepStatus step={step} now={now} />}
      next={isNext}
      open={open}
      onOpenChange={onOpenChange}
    >
      {children}
    </DisclosureSection>
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
