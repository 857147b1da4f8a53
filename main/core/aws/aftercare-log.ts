// The aftercare's view of the logbook: append an event durably (fail closed) and read the folded
// state that says which step of a revoke or rotation is already done.
import type { AwsAftercareState } from '../../../shared/aws-events'
import type { VaultEvent } from '../../../shared/events'
import type { Logbook } from '../logbook'
import type { VaultState } from '../logbook/vault-state'

export interface AftercareLog {
  /** Durable on return; throws (LOG_WRITE_FAILED) otherwise, and the step must not go on. */
  append(event: VaultEvent): void
  state(): VaultState
}

export function aftercareLog(logbook: Logbook, actor: string): AftercareLog {
  return {
    append: (event) => {
      logbook.append(actor, event)
    },
    state: () => logbook.state(),
  }
}

export function awsState(log: AftercareLog): AwsAftercareState {
  return log.state().aws
}
