// Drills: the release quorum, verify-only. The credential is recovered in memory to prove
// the set opens, then dropped; the result and each sheet's verification date are logged.
import { CustosError } from '../../../shared/errors'
import { record, stateOf, type CeremonyContext } from './ceremony-context'
import { newId } from './ids'
import { requireMethod } from './methods'
import { evaluateQuorum, QuorumFailure, type PresentationOutcome, type SheetPresentation } from './quorum'

export interface DrillResult {
  drillId: string
  result: 'passed' | 'failed'
  setId: string
  outcomes: PresentationOutcome[]
  message: string
}

export function runDrill(ctx: CeremonyContext, methodId: string, presentations: SheetPresentation[], note?: string): DrillResult {
  const method = requireMethod(ctx, methodId)
  if (!method.activeSetId) throw new CustosError('SET_NOT_FOUND', `${method.name} has no active set to drill.`)
  const drillId = newId('drill', ctx.clock.now())
  try {
    const quorum = evaluateQuorum(stateOf(ctx), ctx.key, method, presentations, { during: drillId })
    record(ctx, ...quorum.exceptions, {
      type: 'drill.completed',
      drillId,
      methodId,
      setId: quorum.setId,
      result: 'passed',
      presented: quorum.accepted,
      ...(note ? { note } : {}),
    })
    return { drillId, result: 'passed', setId: quorum.setId, outcomes: quorum.outcomes, message: `Drill passed: set ${quorum.setId} opens with the sheets presented.` }
  } catch (error) {
    if (!(error instanceof QuorumFailure)) throw error
    record(ctx, ...error.exceptions, {
      type: 'drill.completed',
      drillId,
      methodId,
      setId: method.activeSetId,
      result: 'failed',
      presented: [],
      note: `${error.code}: ${error.message}`.slice(0, 1000),
    })
    return { drillId, result: 'failed', setId: method.activeSetId, outcomes: error.outcomes, message: error.message }
  }
}
