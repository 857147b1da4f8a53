// Who "the break-glass principal" is, as the logbook knows it: the IAM users and access keys that
// releases handed out, rotations made and IAM listed, and the account root where a method holds
// it; and the release windows (granted -> revoked) in which their use was sanctioned.
import { isAccessKeyId, isIamUserName } from '../../../shared/aws-events'
import type { VaultState } from '../logbook/vault-state'

export interface BreakGlassPrincipals {
  userNames: string[]
  accessKeyIds: string[]
  /** Root activity counts: a method holds the root credential (or, for reconciliation, always). */
  root: boolean
}

export interface ReleaseWindow {
  releaseId: string
  methodId: string
  /** When the grant was logged: the credential is shown only after this. */
  grantedAt: string
  /** The earliest of release.revoked and the released key's deactivation or deletion; absent while open. */
  revokedAt?: string
  accessKeyId?: string
  userName?: string
}

const ROOT_WORDS = /\broot\b/i

/** The principals of one method (methodId) or of the whole vault. */
export function breakGlassPrincipals(
  state: VaultState,
  options: { methodId?: string; userNames?: string[]; accessKeyIds?: string[]; includeRoot?: boolean } = {},
): BreakGlassPrincipals {
  const users = new Set<string>((options.userNames ?? []).filter(isIamUserName))
  const keys = new Set<string>((options.accessKeyIds ?? []).filter(isAccessKeyId))
  const ofMethod = (methodId: string | undefined) => !options.methodId || methodId === options.methodId
  for (const release of Object.values(state.releases)) {
    if (!release.granted || !ofMethod(release.methodId)) continue
    if (release.granted.awsUserName) users.add(release.granted.awsUserName)
    if (release.granted.accessKeyId) keys.add(release.granted.accessKeyId)
  }
  for (const [setId, set] of Object.entries(state.sets)) {
    if (set.awsAccessKeyId && ofMethod(state.custody[setId]?.methodId)) keys.add(set.awsAccessKeyId)
  }
  // Keys IAM listed for those users (and the users of keys the log tracks) belong to the same principal.
  for (const k of Object.values(state.aws.keys)) {
    if (keys.has(k.accessKeyId)) users.add(k.userName)
  }
  for (const k of Object.values(state.aws.keys)) {
    if (users.has(k.userName)) keys.add(k.accessKeyId)
  }
  const methods = Object.values(state.methods).filter((m) => ofMethod(m.methodId))
  const root = options.includeRoot ?? methods.some((m) => ROOT_WORDS.test(`${m.name} ${m.scope} ${m.access}`))
  return { userNames: [...users].sort(), accessKeyIds: [...keys].sort(), root }
}

/** Every granted release's window, oldest first. */
export function releaseWindows(state: VaultState): ReleaseWindow[] {
  const windows: ReleaseWindow[] = []
  for (const release of Object.values(state.releases)) {
    const granted = release.granted
    if (!granted) continue
    const ends: string[] = []
    if (release.revoked) ends.push(release.revoked.time)
    const key = granted.accessKeyId ? state.aws.keys[granted.accessKeyId] : undefined
    for (const t of [key?.deactivatedAt, key?.deletedAt]) if (t && Date.parse(t) >= Date.parse(granted.time)) ends.push(t)
    ends.sort((a, b) => Date.parse(a) - Date.parse(b))
    windows.push({
      releaseId: release.releaseId,
      methodId: release.methodId,
      grantedAt: granted.time,
      ...(ends[0] ? { revokedAt: ends[0] } : {}),
      ...(granted.accessKeyId ? { accessKeyId: granted.accessKeyId } : {}),
      ...(granted.awsUserName ? { userName: granted.awsUserName } : {}),
    })
  }
  return windows.sort((a, b) => Date.parse(a.grantedAt) - Date.parse(b.grantedAt))
}
