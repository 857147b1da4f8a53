// `custos aws status`: which access keys the break-glass user has, their status, and when and
// where the released key was last used (was it used by someone else after the release?).
import type { AftercareDeps, AftercareTarget, ListedKey, Signer } from './aftercare-steps'
import { endpointOf, listKeys, logged, openSession, withReceipt } from './aftercare-steps'
import { withConnectedMode } from './connected-mode'

export interface KeyCheck {
  userName: string
  /**
   * The check was signed by the key it reports on: AWS then records the check itself as the
   * key's latest use, which hides any earlier use. Run it with another credential to see real use.
   */
  signedByTarget: boolean
  keys: Array<ListedKey & { isTarget: boolean }>
  target: {
    accessKeyId: string
    /** False when AWS no longer lists the key (already deleted). */
    exists: boolean
    status?: 'Active' | 'Inactive'
    lastUsed?: { date?: string; serviceName: string; region: string }
  }
}

export async function checkKeys(deps: AftercareDeps, signer: Signer, target: AftercareTarget): Promise<KeyCheck> {
  return withConnectedMode(
    { endpoint: endpointOf(deps), purpose: 'status', signerKeyId: signer.accessKeyId, log: deps.log, clock: deps.clock, onChange: deps.onConnectedChange },
    async () => {
      const session = openSession(deps, signer)
      try {
        const keys = await listKeys(deps, session, target.userName)
        const listed = keys.find((k) => k.accessKeyId === target.accessKeyId)
        const check: KeyCheck = {
          userName: target.userName,
          signedByTarget: signer.accessKeyId === target.accessKeyId,
          keys: keys.map((k) => ({ ...k, isTarget: k.accessKeyId === target.accessKeyId })),
          target: { accessKeyId: target.accessKeyId, exists: Boolean(listed), ...(listed ? { status: listed.status } : {}) },
        }
        if (!listed) return check
        const { output, receipt } = await logged(deps, session, 'GetAccessKeyLastUsed', { AccessKeyId: target.accessKeyId }, target)
        const used = output.AccessKeyLastUsed
        const lastUsedDate = used?.LastUsedDate?.toISOString()
        const lastUsed = { ...(lastUsedDate ? { date: lastUsedDate } : {}), serviceName: used?.ServiceName ?? 'N/A', region: used?.Region ?? 'N/A' }
        deps.log.append(
          withReceipt<'aws.key-last-used'>(
            {
              type: 'aws.key-last-used',
              accessKeyId: target.accessKeyId,
              ...(lastUsedDate ? { lastUsedDate } : {}),
              serviceName: lastUsed.serviceName.slice(0, 100),
              region: lastUsed.region.slice(0, 50),
            },
            receipt,
          ),
        )
        check.target.lastUsed = lastUsed
        return check
      } finally {
        session.close()
      }
    },
  )
}
