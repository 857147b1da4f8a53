// Release stories from the folded vault state: one per release requested or granted in the
// period, with custodian names, deadlines and whether each was met, and the review.
import type { AuditModel, ReleaseStory } from '../audit-model'
import { entriesOf, inPeriod, memo } from '../audit-model'

/** Entry types that can name a release (releaseId, or `during` for quorum failures and exceptions). */
const RELEASE_TYPES = (type: string) => type.startsWith('release.') || type === 'quorum.failed' || type === 'custody.exception' || type === 'review.completed'

export function foldReleases(model: Pick<AuditModel, 'state' | 'period' | 'rows'>): ReleaseStory[] {
  return memo(model, 'releases', () => releaseStories(model))
}

function releaseStories(model: Pick<AuditModel, 'state' | 'period' | 'rows'>): ReleaseStory[] {
  const { state, period } = model
  const seqsOf = new Map<string, number[]>()
  for (const e of entriesOf(model, { types: RELEASE_TYPES })) {
    const id = typeof e.payload.releaseId === 'string' ? e.payload.releaseId : typeof e.payload.during === 'string' ? e.payload.during : undefined
    if (id) seqsOf.set(id, [...(seqsOf.get(id) ?? []), e.seq])
  }
  const name = (custodianId: string) => state.custodians[custodianId]?.name ?? custodianId
  const stories: ReleaseStory[] = []
  for (const r of Object.values(state.releases)) {
    const touches = inPeriod(r.requested.time, period) || (r.granted !== undefined && inPeriod(r.granted.time, period))
    if (!touches) continue
    const method = state.methods[r.methodId]
    const seqs = seqsOf.get(r.releaseId) ?? []
    const exceptions = state.exceptions
      .filter((x) => x.during === r.releaseId)
      .map((x) => `#${x.at.seq} ${x.kind}: ${x.detail}`)
    if (r.withdrawn) exceptions.push(`Withdrawn ${r.withdrawn.time.slice(0, 16).replace('T', ' ')} UTC: ${r.withdrawn.reason}`)
    if (r.failedAttempts > 0) exceptions.push(`${r.failedAttempts} failed quorum attempt${r.failedAttempts > 1 ? 's' : ''} before the release`)
    const g = r.granted
    stories.push({
      id: r.releaseId,
      method: method ? `${method.name} (${method.scope})` : r.methodId,
      requestedAt: r.requested.time,
      requester: `${r.requester.name} (${r.requester.team}, ${r.requester.area})`,
      incident: r.incidentTicket,
      justification: r.justification,
      businessImpact: r.businessRisk,
      whyNotNormalAccess: r.whyNotNormalAccess,
      useCase: r.useCase,
      resourceOwner: `${r.resourceOwner.team}: ${r.resourceOwner.contacts}`,
      operator: r.operator,
      ...(g?.recoveredOutside
        ? {
            recoveredOutside:
              `Recovered outside the vault at ${g.recoveredOutside.recoveredAt.slice(0, 16).replace('T', ' ')} UTC (receipt ${g.recoveredOutside.receiptId}; ` +
              `quorum ${g.recoveredOutside.quorumProven ? 'proven by the set\'s receipt key' : 'not provable: format 1 set'}; ` +
              `sheet authenticity ${g.recoveredOutside.authenticityChecked ? 'checked' : 'NOT checked'}). Reason: ${g.recoveredOutside.reason}`,
          }
        : {}),
      releasedAt: g?.time,
      setId: g?.setId,
      presented: (g?.presented ?? []).map((p) => ({
        custodian: name(p.custodianId),
        share: `share ${p.index} (sheet ${p.shareFingerprint})`,
        at: g?.time,
      })),
      deadlines: g
        ? [
            { what: 'Revoke the released credential', dueAt: g.revokeBy, metAt: r.revoked?.time },
            { what: 'Rotate and re-issue', dueAt: g.rotateBy, metAt: r.rotated?.time },
            { what: 'Post-incident review', dueAt: g.reviewBy, metAt: r.review?.time },
          ]
        : [],
      review: r.review
        ? [
            { question: 'Reviewer', answer: `${r.review.reviewer} (${r.review.time.slice(0, 10)})` },
            { question: 'Break-glass justified', answer: yesNo(r.review.justified) },
            { question: 'Alternatives considered', answer: yesNo(r.review.alternativesConsidered) },
            { question: 'Access revoked and credential rotated', answer: yesNo(r.review.revokedAndRotated) },
            { question: 'All actions logged', answer: yesNo(r.review.allActionsLogged) },
            { question: 'What went well', answer: r.review.wentWell },
            { question: 'What to improve', answer: r.review.toImprove },
            {
              question: 'Action items',
              answer: r.review.actionItems.length ? r.review.actionItems.map((a, i) => `${i + 1}. ${a}`).join('\n') : 'none',
            },
          ]
        : undefined,
      exceptions,
      seqs,
    })
  }
  return stories.sort((a, b) => a.requestedAt.localeCompare(b.requestedAt))
}

function yesNo(value: boolean): string {
  return value ? 'Yes' : 'No'
}
