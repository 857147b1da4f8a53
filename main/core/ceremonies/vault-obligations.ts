// The vault's obligations: the ceremonies' rules (obligations.ts) plus the AWS aftercare
// evidence in the same log, which also meets revoke and rotate for a released access key.
import type { VaultState } from '../logbook'
import { obligations, type Obligation } from './obligations'

export function vaultObligations(state: VaultState, now: Date): Obligation[] {
  const revokedElsewhere = new Set<string>()
  const rotatedElsewhere = new Set<string>()
  for (const release of Object.values(state.releases)) {
    const keyId = release.granted?.accessKeyId
    if (!keyId) continue
    const key = state.aws.keys[keyId]
    if (key && (key.status === 'inactive' || key.status === 'deleted')) revokedElsewhere.add(release.releaseId)
    // Rotated once the replacement's set has finished its issuance ceremony (a pending or abandoned set does not count).
    const replacement = Object.values(state.aws.keys).find((k) => k.replaces === keyId && k.issuedSetId && setIsIssued(state, k.issuedSetId))
    if (replacement) rotatedElsewhere.add(release.releaseId)
  }
  return obligations(state, now, { revokedElsewhere, rotatedElsewhere })
}

/** A set recorded without a ceremony (plain split) counts as issued; a ceremony set once it was activated. */
function setIsIssued(state: VaultState, setId: string): boolean {
  const custody = state.custody[setId]
  if (!custody) return true
  return custody.status === 'active' || (custody.status === 'retired' && custody.retired?.reason !== 'abandoned')
}
