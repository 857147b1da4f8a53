// Break-glass methods: what a credential reaches, who owns it, what it may be used for and
// the policy that governs its sets and releases. One active share set per method.
import { DEFAULT_POLICY, MethodDefinedEvent, MethodUpdatedEvent, type MethodPolicy } from '../../../shared/ceremony-events'
import { CustosError } from '../../../shared/errors'
import { validatePolicy } from '../shares/split'
import { record, recordWith, stateOf, validated, type CeremonyContext } from './ceremony-context'
import type { MethodRecord } from './ceremony-state'
import { slugId } from './ids'

export interface MethodInput {
  methodId?: string
  name: string
  scope: string
  ownerTeam: string
  /** Whom at the owner team to tell of a release, and how. */
  ownerContacts?: string
  useCases: string[]
  access: string
  policy: Partial<MethodPolicy> & { threshold: number; total: number }
}

export function defineMethod(ctx: CeremonyContext, input: MethodInput): MethodRecord {
  const methodId = input.methodId ?? slugId(input.name ?? '')
  const policy = { ...DEFAULT_POLICY, ...input.policy }
  validatePolicy(policy.threshold, policy.total)
  const event = validated(MethodDefinedEvent, { type: 'method.defined', ...input, methodId, policy }, 'method')
  // Checked inside the write transaction: two adds of one id at once give one method.
  recordWith(ctx, (state) => {
    if (state.methods[methodId]) {
      throw new CustosError('METHOD_EXISTS', `A method with id "${methodId}" already exists. Update it, or give the new method a different id.`, { methodId })
    }
    return [event]
  })
  return stateOf(ctx).methods[methodId]!
}

export type MethodChanges = Partial<Omit<MethodInput, 'methodId' | 'policy'>> & { policy?: Partial<MethodPolicy> }

export function updateMethod(ctx: CeremonyContext, methodId: string, changes: MethodChanges): MethodRecord {
  const current = requireMethod(ctx, methodId)
  const policy = changes.policy ? { ...current.policy, ...changes.policy } : undefined
  if (policy) validatePolicy(policy.threshold, policy.total)
  const event = validated(MethodUpdatedEvent, { type: 'method.updated', ...changes, methodId, ...(policy ? { policy } : {}) }, 'method change')
  record(ctx, event)
  return stateOf(ctx).methods[methodId]!
}

export function requireMethod(ctx: CeremonyContext, methodId: string): MethodRecord {
  const method = stateOf(ctx).methods[methodId]
  if (!method) {
    const known = Object.keys(stateOf(ctx).methods)
    throw new CustosError(
      'METHOD_NOT_FOUND',
      `There is no method "${methodId}". ${known.length ? `Known methods: ${known.join(', ')}.` : 'Define a method first.'}`,
      { methodId, known },
    )
  }
  return method
}
