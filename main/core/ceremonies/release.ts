// Breaking the glass: a complete, justified request; a quorum of custodians presenting
// their sheets; the release entry made durable; only then the credential, to one operator.
import type { z } from 'zod'
import type { CredentialBundle } from '../../../shared/bundle'
import { ReleaseRequestedEvent } from '../../../shared/ceremony-events'
import { CustosError } from '../../../shared/errors'
import { record, recordWith, stateOf, type CeremonyContext } from './ceremony-context'
import { verifyFailure } from '../logbook/logbook-store'
import type { ReleaseRecord } from './ceremony-state'
import { newId } from './ids'
import { requireMethod } from './methods'
import { evaluateQuorum, QuorumFailure, type PresentationOutcome, type SheetPresentation } from './quorum'
import { currentTotp, type TotpCode } from './totp'
import { resolveOperator } from './operator'

export type ReleaseRequestInput = Omit<z.input<typeof ReleaseRequestedEvent>, 'type' | 'releaseId'>

/** Every field a request must carry, with the words a person sees when one is missing. */
export const REQUIRED_REQUEST_FIELDS: [path: string, label: string][] = [
  ['methodId', 'break-glass method'],
  ['incidentTicket', 'incident ticket'],
  ['justification', 'justification'],
  ['businessRisk', 'business risk and impact'],
  ['whyNotNormalAccess', 'why normal access cannot be used'],
  ['requester.name', 'requester name'],
  ['requester.team', 'requester team'],
  ['requester.area', 'requester area'],
  ['resourceOwner.team', 'resource owner team'],
  ['resourceOwner.contacts', 'resource owner contacts'],
  ['useCase', 'permitted use case'],
  ['operator', 'operator who will receive the credential'],
]

export function missingRequestFields(input: Partial<Record<string, unknown>>): string[] {
  return missingRequestFieldEntries(input).map(([, label]) => label)
}

/** The missing fields as [path, label] pairs: paths let a form mark each field ('requester.name'). */
export function missingRequestFieldEntries(input: Partial<Record<string, unknown>>): [path: string, label: string][] {
  const get = (path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], input)
  return REQUIRED_REQUEST_FIELDS.filter(([path]) => {
    const v = get(path)
    return typeof v !== 'string' || v.trim() === ''
  })
}

export function requestRelease(ctx: CeremonyContext, input: ReleaseRequestInput): ReleaseRecord {
  const entries = missingRequestFieldEntries(input as Record<string, unknown>)
  if (entries.length) {
    const missing = entries.map(([, label]) => label)
    throw new CustosError(
      'REQUEST_INCOMPLETE',
      `The release request is missing: ${missing.join(', ')}. Every field is required so the release can be audited; nothing was recorded.`,
      { missing, fields: entries.map(([path]) => path) },
    )
  }
  const method = requireMethod(ctx, input.methodId)
  if (!method.useCases.includes(input.useCase.trim())) {
    throw new CustosError(
      'INPUT_INVALID',
      `"${input.useCase}" is not a permitted use case of ${method.name}. Permitted: ${method.useCases.map((u) => `"${u}"`).join(', ')}.`,
    )
  }
  if (!method.activeSetId) {
    throw new CustosError('SET_NOT_FOUND', `${method.name} has no active set of sheets, so nothing can be released.`)
  }
  // A roster person is recorded by id, so the operator rule cannot be dodged by spelling.
  const operator = resolveOperator(stateOf(ctx), input.operator)
  const releaseId = newId('rel', ctx.clock.now())
  const parsed = ReleaseRequestedEvent.safeParse({ type: 'release.requested', releaseId, ...input, ...operator })
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new CustosError('INPUT_INVALID', `The release request is not valid: ${issues.join('; ')}`)
  }
  record(ctx, parsed.data)
  return stateOf(ctx).releases[releaseId]!
}

export interface GrantedRelease {
  releaseId: string
  operator: string
  bundle: CredentialBundle
  totp?: TotpCode
  revokeBy: string
  rotateBy: string
  reviewBy: string
  outcomes: PresentationOutcome[]
  notices: string[]
}

/**
 * Checks the quorum and, if it holds, makes the release entry durable and returns the
 * credential. Refusals and custody exceptions are logged too; nothing is returned then.
 */
export function grantRelease(ctx: CeremonyContext, releaseId: string, presentations: SheetPresentation[]): GrantedRelease {
  // The full chain check before a credential leaves (everyday operations verify only what is new).
  const report = ctx.log.verify()
  if (!report.ok) throw verifyFailure(report, ctx.log.path)
  let failure: QuorumFailure | undefined
  let granted: { release: ReleaseRecord; quorum: ReturnType<typeof evaluateQuorum>; deadlines: { revokeBy: string; rotateBy: string; reviewBy: string } } | undefined
  // One serialised step: the release is checked against the state at the head the grant is
  // appended to, so two grants of one release at once give one credential. Durable first: the
  // credential is returned only after this commits; if it throws, it is dropped and never shown.
  recordWith(ctx, (state) => {
    const release = requireRelease(ctx, releaseId)
    if (release.granted) {
      throw new CustosError(
        'RELEASE_STATE',
        `Release ${releaseId} was already granted to ${release.operator} at ${release.granted.time}. A new emergency needs a new request.`,
      )
    }
    if (release.withdrawn) {
      throw new CustosError(
        'RELEASE_STATE',
        `Release ${releaseId} (${release.incidentTicket}) was withdrawn on ${release.withdrawn.time}: ${release.withdrawn.reason}. Record a new request if the emergency is back.`,
      )
    }
    const method = requireMethod(ctx, release.methodId)
    let quorum
    try {
      quorum = evaluateQuorum(state, ctx.key, method, presentations, { during: releaseId, operator: release })
    } catch (error) {
      if (!(error instanceof QuorumFailure)) throw error
      failure = error
      return [
        ...error.exceptions,
        {
          type: 'quorum.failed',
          during: releaseId,
          code: error.code,
          message: error.message.slice(0, 2000),
          presented: error.outcomes.map((o) => ({ custodianId: o.custodianId, ok: o.ok, ...(o.index ? { index: o.index } : {}), ...(o.error ? { code: o.error.code } : {}) })),
        },
      ]
    }
    const now = ctx.clock.now().getTime()
    const hours = (h: number) => new Date(now + h * 3600_000).toISOString()
    const deadlines = {
      revokeBy: hours(method.policy.revokeWithinHours),
      rotateBy: hours(method.policy.rotateWithinHours),
      reviewBy: hours(method.policy.reviewWithinDays * 24),
    }
    granted = { release, quorum, deadlines }
    return [
      ...quorum.exceptions,
      {
        type: 'release.granted',
        releaseId,
        setId: quorum.setId,
        operator: release.operator,
        presented: quorum.accepted,
        // Not secrets: they link AWS aftercare evidence (and its IAM calls) to this release.
        ...(quorum.bundle.kind === 'aws-access-key' ? { accessKeyId: quorum.bundle.accessKeyId, awsUserName: quorum.bundle.userName } : {}),
        ...deadlines,
      },
    ]
  })
  if (failure) throw failure
  const { release, quorum, deadlines } = granted!
  const bundle = quorum.bundle
  return {
    releaseId,
    operator: release.operator,
    bundle,
    ...(bundle.kind === 'aws-root-login' && bundle.totpSeed ? { totp: currentTotp(bundle.totpSeed, ctx.clock.now()) } : {}),
    ...deadlines,
    outcomes: quorum.outcomes,
    notices: quorum.notices,
  }
}

export function recordRevoked(ctx: CeremonyContext, releaseId: string, evidence: string): void {
  const release = requireGranted(ctx, releaseId)
  if (!evidence.trim()) throw new CustosError('INPUT_INVALID', 'Describe the evidence of revocation (what was done, by whom, AWS request id or ticket).')
  record(ctx, { type: 'release.revoked', releaseId: release.releaseId, evidence: evidence.trim() })
}

export function recordRotated(ctx: CeremonyContext, releaseId: string, evidence: string): void {
  const release = requireGranted(ctx, releaseId)
  if (!evidence.trim()) throw new CustosError('INPUT_INVALID', 'Describe the evidence of rotation (the new key id, ticket or change record).')
  record(ctx, { type: 'release.rotated', releaseId: release.releaseId, evidence: evidence.trim() })
}

/** Withdraws a request still waiting for its quorum; logged, and it can no longer be granted. */
export function withdrawRelease(ctx: CeremonyContext, releaseId: string, reason: string): void {
  const text = reason.trim()
  if (!text) throw new CustosError('INPUT_INVALID', 'Say why the request is withdrawn (e.g. "the outage ended before the custodians arrived").', { field: 'reason' })
  // Checked inside the write transaction: a grant and a withdrawal at once cannot both pass.
  recordWith(ctx, () => {
    const release = requireRelease(ctx, releaseId)
    if (release.granted) {
      throw new CustosError('RELEASE_STATE', `Release ${releaseId} (${release.incidentTicket}) was already granted, so it cannot be withdrawn. Continue with its aftercare.`)
    }
    if (release.withdrawn) {
      throw new CustosError('RELEASE_STATE', `Release ${releaseId} (${release.incidentTicket}) was already withdrawn on ${release.withdrawn.time}.`)
    }
    return [{ type: 'release.withdrawn', releaseId, reason: text.slice(0, 500) }]
  })
}

/** Records who verified a request, with whom and how, when it was not known at request time. */
export function recordVerification(ctx: CeremonyContext, releaseId: string, verification: string): void {
  requireRelease(ctx, releaseId)
  const text = verification.trim()
  if (!text) throw new CustosError('INPUT_INVALID', 'Say who verified the request, with whom and how (e.g. "Dana Lead confirmed with the on-call owner by phone").', { field: 'verification' })
  record(ctx, { type: 'release.verified', releaseId, verification: text.slice(0, 500) })
}

export function requireRelease(ctx: CeremonyContext, releaseId: string): ReleaseRecord {
  const release = stateOf(ctx).releases[releaseId]
  if (!release) throw new CustosError('RELEASE_NOT_FOUND', `There is no release "${releaseId}". Check the id in the list of releases.`, { releaseId })
  return release
}

function requireGranted(ctx: CeremonyContext, releaseId: string): ReleaseRecord {
  const release = requireRelease(ctx, releaseId)
  if (!release.granted) throw new CustosError('RELEASE_STATE', `Release ${releaseId} was never granted; there is nothing to revoke or rotate.`)
  return release
}
