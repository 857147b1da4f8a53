// The quorum screen's operations: live feedback on each presented sheet (logs nothing),
// the release grant (the credential only after release.granted is durable) and drills.
import type { Api } from '../../../shared/api'
import { CustosError } from '../../../shared/errors'
import type { Presentation } from '../../../shared/workflow-api'
import type { z } from 'zod'
import { stateOf, type CeremonyContext } from '../ceremonies/ceremony-context'
import { runDrill } from '../ceremonies/drill'
import { requireMethod } from '../ceremonies/methods'
import { checkPresentations, operatorProblem, QuorumFailure, type SheetPresentation } from '../ceremonies/quorum'
import { grantRelease } from '../ceremonies/release'
import type { ApiDeps } from './api-deps'
import { withCeremonies } from './workflow-context'
import { presentationCheck, setView } from './workflow-views'

export type QuorumOpName = 'quorum.check' | 'release.grant' | 'drill.run'

const presentationsOf = (list: z.infer<typeof Presentation>[]): SheetPresentation[] =>
  list.map((p) => ({ custodianId: p.custodianId, input: { source: p.source, payload: p.payload } }))

const CUSTODIAN_ID = /^[a-z0-9][a-z0-9-]{0,62}$/

/**
 * Presenters are named by custodian id. A name (what a runbook prints) or any other text that is
 * not an id is refused up front, naming the candidates, before anything is checked or logged.
 */
function requireCustodianIds(state: ReturnType<typeof stateOf>, list: z.infer<typeof Presentation>[]): void {
  const squash = (t: string) => t.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
  const current = Object.values(state.custodians).filter((c) => !c.retired)
  for (const p of list) {
    if (!p.custodianId || state.custodians[p.custodianId] || CUSTODIAN_ID.test(p.custodianId)) continue
    const shown = JSON.stringify(p.custodianId.slice(0, 80)).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    const named = current.filter((c) => squash(c.name) === squash(p.custodianId))
    const candidates = (named.length ? named : current).map((c) => `${c.custodianId} (${c.name})`).join(', ')
    throw new CustosError(
      'CUSTODIAN_NOT_FOUND',
      named.length
        ? `${shown} is a custodian's name; sheets are presented by custodian id: use ${named.map((c) => c.custodianId).join(' or ')}. Nothing was recorded.`
        : `${shown} is not a custodian id (ids are lower-case letters, digits and hyphens). Custodians: ${candidates || 'none'}. Nothing was recorded.`,
      { custodianId: p.custodianId, candidates: (named.length ? named : current).map((c) => c.custodianId) },
    )
  }
}

/** A refused quorum crosses the boundary with each sheet's check (details.checks), like quorum.check's. */
function withChecks(error: unknown): unknown {
  if (!(error instanceof QuorumFailure)) return error
  const { outcomes: _outcomes, ...details } = error.details ?? {}
  return new CustosError(error.code, error.message, { ...details, checks: error.outcomes.map(presentationCheck) })
}

/**
 * A signed checkpoint of the log as it now stands, for the custodians (kept in checkpoints/ too).
 * Best effort: the entry is already durable, so a failure here must not withhold the result.
 */
function freshCheckpoint(ctx: CeremonyContext): { checkpoint?: string } {
  try {
    return { checkpoint: ctx.log.checkpoint().text }
  } catch {
    return {}
  }
}

export function quorumOps(deps: ApiDeps): Pick<Api, QuorumOpName> {
  const run = <T>(body: (ctx: CeremonyContext) => T) => withCeremonies(deps, body)
  return {
    'quorum.check': ({ methodId, releaseId, presentations }) =>
      run((ctx) => {
        const method = requireMethod(ctx, methodId)
        const setId = method.activeSetId
        if (!setId) {
          throw new CustosError('SET_NOT_FOUND', `${method.name} has no active set of sheets, so no quorum can be gathered. Run an issuance ceremony first.`, { methodId })
        }
        const state = stateOf(ctx)
        // The same checks a grant or drill makes; their custody exceptions are dropped here, unlogged.
        const { outcomes, accepted } = checkPresentations(state, ctx.key, method, setId, presentationsOf(presentations), 'quorum-check')
        const set = state.sets[setId]!
        // Every rule the grant applies, so the panel never offers a release the grant refuses.
        const release = releaseId ? state.releases[releaseId] : undefined
        const problem = release ? operatorProblem(state, method, release, accepted.map((a) => a.custodianId)) : undefined
        const blocked = problem ? { code: 'OPERATOR_MAY_NOT_PRESENT' as const, message: problem } : undefined
        return {
          methodId,
          setId,
          threshold: set.threshold,
          total: set.total,
          checks: outcomes.map(presentationCheck),
          valid: accepted.length,
          ready: accepted.length >= set.threshold && !blocked,
          ...(blocked ? { blocked } : {}),
        }
      }),

    'release.grant': ({ releaseId, presentations }) =>
      run((ctx) => {
        requireCustodianIds(stateOf(ctx), presentations)
        let granted
        try {
          granted = grantRelease(ctx, releaseId, presentationsOf(presentations))
        } catch (error) {
          throw withChecks(error)
        }
        // grantRelease returned, so release.granted is durable: only now does the credential leave.
        return {
          releaseId: granted.releaseId,
          operator: granted.operator,
          bundle: granted.bundle,
          revokeBy: granted.revokeBy,
          rotateBy: granted.rotateBy,
          reviewBy: granted.reviewBy,
          notices: granted.notices,
          ...(granted.totp ? { totp: { code: granted.totp.code, secondsRemaining: granted.totp.secondsRemaining } } : {}),
          checks: granted.outcomes.map(presentationCheck),
          ...freshCheckpoint(ctx),
        }
      }),

    'drill.run': ({ methodId, presentations, note }) =>
      run((ctx) => {
        requireCustodianIds(stateOf(ctx), presentations)
        const result = runDrill(ctx, methodId, presentationsOf(presentations), note?.trim() || undefined)
        return {
          drillId: result.drillId,
          result: result.result,
          setId: result.setId,
          message: result.message,
          checks: result.outcomes.map(presentationCheck),
          sheets: setView(stateOf(ctx), result.setId).sheets,
          ...freshCheckpoint(ctx),
        }
      }),
  }
}
