// The post-incident review: a checklist recorded in the log, which closes the review obligation.
import { ReviewCompletedEvent } from '../../../shared/ceremony-events'
import { CustosError } from '../../../shared/errors'
import type { z } from 'zod'
import { record, validated, type CeremonyContext } from './ceremony-context'
import { requireRelease } from './release'

export type ReviewInput = Omit<z.input<typeof ReviewCompletedEvent>, 'type'>

export function completeReview(ctx: CeremonyContext, input: ReviewInput): void {
  const release = requireRelease(ctx, input.releaseId)
  if (!release.granted) throw new CustosError('RELEASE_STATE', `Release ${input.releaseId} was never granted; there is nothing to review.`)
  if (release.review) throw new CustosError('RELEASE_STATE', `Release ${input.releaseId} was already reviewed by ${release.review.reviewer}.`)
  record(ctx, validated(ReviewCompletedEvent, { type: 'review.completed', ...input }, 'review'))
}
