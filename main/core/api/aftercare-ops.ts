// Releases and what follows them: the request form, the list, and the aftercare records
// (revoked, rotated, reviewed, old sheets destroyed, roster reviewed), each logged first.
import type { Api } from '../../../shared/api'
import { stateOf, type CeremonyContext } from '../ceremonies/ceremony-context'
import { reviewRoster } from '../ceremonies/custodians'
import { recordSheetDestroyed } from '../ceremonies/custody'
import { recordRevoked, recordRotated, recordVerification, requestRelease, withdrawRelease } from '../ceremonies/release'
import { completeReview } from '../ceremonies/review'
import type { ApiDeps } from './api-deps'
import { requiredText, setIdOf, withCeremonies } from './workflow-context'
import { releaseView, requireReleaseView, setView } from './workflow-views'

export type AftercareOpName =
  | 'releases.list'
  | 'release.request'
  | 'release.withdraw'
  | 'release.recordVerification'
  | 'release.recordRevoked'
  | 'release.recordRotated'
  | 'review.complete'
  | 'custody.destroyed'
  | 'custodians.reviewRoster'

export function aftercareOps(deps: ApiDeps): Pick<Api, AftercareOpName> {
  const run = <T>(body: (ctx: CeremonyContext) => T) => withCeremonies(deps, body)
  return {
    'releases.list': () =>
      run((ctx) => ({
        releases: Object.values(stateOf(ctx).releases)
          .sort((a, b) => b.requested.seq - a.requested.seq)
          .map(releaseView),
      })),

    // requestRelease names every missing field (details.missing labels, details.fields paths) and records nothing then.
    'release.request': ({ verification, ...input }) =>
      run((ctx) => releaseView(requestRelease(ctx, { ...input, ...(verification?.trim() ? { verification: verification.trim() } : {}) }))),

    'release.withdraw': ({ releaseId, reason }) =>
      run((ctx) => {
        withdrawRelease(ctx, releaseId, reason)
        return requireReleaseView(stateOf(ctx), releaseId)
      }),

    'release.recordVerification': ({ releaseId, verification }) =>
      run((ctx) => {
        recordVerification(ctx, releaseId, verification)
        return requireReleaseView(stateOf(ctx), releaseId)
      }),

    'release.recordRevoked': ({ releaseId, evidence }) =>
      run((ctx) => {
        recordRevoked(ctx, releaseId, requiredText(evidence, 2000, 'the evidence of revocation'))
        return requireReleaseView(stateOf(ctx), releaseId)
      }),

    'release.recordRotated': ({ releaseId, evidence }) =>
      run((ctx) => {
        recordRotated(ctx, releaseId, requiredText(evidence, 2000, 'the evidence of rotation'))
        return requireReleaseView(stateOf(ctx), releaseId)
      }),

    'review.complete': (input) =>
      run((ctx) => {
        completeReview(ctx, input)
        return requireReleaseView(stateOf(ctx), input.releaseId)
      }),

    'custody.destroyed': ({ setId: given, index, copy, witness }) =>
      run((ctx) => {
        const setId = setIdOf(given)
        recordSheetDestroyed(ctx, { setId, index, copy }, requiredText(witness, 120, 'the name of the witness to the destruction'))
        return setView(stateOf(ctx), setId)
      }),

    'custodians.reviewRoster': ({ reviewer, note }) =>
      run((ctx) => {
        reviewRoster(ctx, requiredText(reviewer, 120, 'the reviewer\'s name'), note?.trim() || undefined)
        return { recorded: true }
      }),
  }
}
