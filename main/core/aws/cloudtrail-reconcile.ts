// Reconciliation for auditors: every CloudTrail record made by the break-glass principal is
// matched against the release windows in the logbook (granted -> revoked). A use outside every
// window is flagged, as "after-revoke" when a release that handed the principal out was already
// revoked, else "outside-release". Calls Custos made itself (logged request ids) are set apart.
import { createHash } from 'node:crypto'
import { MAX_FLAGGED_IN_LOG, type AwsKeyUseReconciledEvent, type FlaggedKeyUse } from '../../../shared/aws-events'
import type { VaultState } from '../logbook/vault-state'
import { breakGlassPrincipals, releaseWindows, type BreakGlassPrincipals, type ReleaseWindow } from './break-glass-principals'
import type { TrailFile, TrailRecord } from './cloudtrail-files'
import type { z } from 'zod'

export interface FlaggedUseView extends FlaggedKeyUse {
  /** Why it is flagged, in a sentence. */
  why: string
}

export interface Reconciliation {
  event: z.infer<typeof AwsKeyUseReconciledEvent>
  /** Every flagged use (the event keeps the first MAX_FLAGGED_IN_LOG). */
  flagged: FlaggedUseView[]
}

export interface ReconcileOptions {
  /** More IAM user names and key ids to count as the principal than the log knows. */
  userNames?: string[]
  accessKeyIds?: string[]
  /** Request ids of the AWS calls the logbook records (Custos's own aftercare). */
  loggedRequestIds: Set<string>
}

export function reconcileTrail(state: VaultState, files: Iterable<TrailFile>, options: ReconcileOptions): Reconciliation {
  const principals = breakGlassPrincipals(state, {
    ...(options.userNames ? { userNames: options.userNames } : {}),
    ...(options.accessKeyIds ? { accessKeyIds: options.accessKeyIds } : {}),
    includeRoot: true,
  })
  const windows = releaseWindows(state)
  const keyOwner = new Map(Object.values(state.aws.keys).map((k) => [k.accessKeyId, k.userName]))
  const users = new Set(principals.userNames)
  const keys = new Set(principals.accessKeyIds)

  // The same event can be in several inputs (an S3 copy and a lookup-events export): count it once.
  const seen = new Set<string>()
  let records = 0
  let from: number | undefined
  let to: number | undefined
  const uses: Array<{ record: TrailRecord; at: number; principal: 'iam-user' | 'root' }> = []
  // Files are read one at a time; only the principal's records are kept.
  const fileHashes: string[] = []
  for (const file of files) {
    fileHashes.push(file.sha256)
    for (const record of file.records) {
      const id = record.eventID ?? `${record.eventTime}|${record.eventName}|${record.requestID ?? ''}|${record.userIdentity?.accessKeyId ?? ''}`
      if (seen.has(id)) continue
      seen.add(id)
      records += 1
      const at = Date.parse(record.eventTime)
      from = from === undefined ? at : Math.min(from, at)
      to = to === undefined ? at : Math.max(to, at)
      const principal = principalOf(record, users, keys)
      if (principal) uses.push({ record, at, principal })
    }
  }
  uses.sort((a, b) => a.at - b.at)

  const perRelease = new Map(windows.map((w) => [w.releaseId, { uses: 0, usesAfterRevoke: 0 }]))
  const flagged: FlaggedUseView[] = []
  let inside = 0
  let aftercare = 0
  for (const { record, at, principal } of uses) {
    if (record.requestID && options.loggedRequestIds.has(record.requestID)) {
      aftercare += 1
      continue
    }
    const ui = record.userIdentity ?? {}
    const userName = ui.userName ?? (ui.accessKeyId ? keyOwner.get(ui.accessKeyId) : undefined)
    const applicable = windows.filter((w) => appliesTo(w, principal, ui.accessKeyId, userName, keyOwner))
    const open = applicable.find((w) => Date.parse(w.grantedAt) <= at && (w.revokedAt === undefined || at <= Date.parse(w.revokedAt)))
    if (open) {
      inside += 1
      perRelease.get(open.releaseId)!.uses += 1
      continue
    }
    const revoked = applicable
      .filter((w) => w.revokedAt !== undefined && Date.parse(w.revokedAt) < at)
      .sort((a, b) => Date.parse(b.revokedAt!) - Date.parse(a.revokedAt!))[0]
    if (revoked) perRelease.get(revoked.releaseId)!.usesAfterRevoke += 1
    const use: FlaggedKeyUse = {
      eventTime: new Date(at).toISOString(),
      eventName: record.eventName.slice(0, 128),
      eventSource: (record.eventSource ?? '').slice(0, 128),
      principal,
      ...(ui.accessKeyId ? { accessKeyId: ui.accessKeyId.slice(0, 128) } : {}),
      ...(userName ? { userName: userName.slice(0, 64) } : {}),
      ...(record.sourceIPAddress ? { sourceIPAddress: record.sourceIPAddress.slice(0, 128) } : {}),
      ...(record.errorCode ? { errorCode: record.errorCode.slice(0, 128) } : {}),
      ...(record.eventID ? { eventId: record.eventID.slice(0, 64) } : {}),
      reason: revoked ? 'after-revoke' : 'outside-release',
      ...(revoked ? { releaseId: revoked.releaseId } : {}),
    }
    flagged.push({ ...use, why: whyOf(use, revoked) })
  }

  const digest = createHash('sha256').update(fileHashes.sort().join('\n')).digest('hex')
  const event: z.infer<typeof AwsKeyUseReconciledEvent> = {
    type: 'aws.key-use-reconciled',
    sources: { files: fileHashes.length, records, digest },
    ...(from !== undefined ? { coveredFrom: new Date(from).toISOString() } : {}),
    ...(to !== undefined ? { coveredTo: new Date(to).toISOString() } : {}),
    principals: {
      userNames: principals.userNames.slice(0, 50),
      accessKeyIds: principals.accessKeyIds.slice(0, 200),
      root: principals.root,
    },
    uses: uses.length,
    insideReleases: inside,
    aftercareCalls: aftercare,
    flaggedCount: flagged.length,
    flagged: flagged.slice(0, MAX_FLAGGED_IN_LOG).map(({ why: _why, ...use }) => use),
    releases: windows.slice(-500).map((w) => ({
      releaseId: w.releaseId,
      grantedAt: new Date(Date.parse(w.grantedAt)).toISOString(),
      ...(w.revokedAt ? { revokedAt: new Date(Date.parse(w.revokedAt)).toISOString() } : {}),
      ...perRelease.get(w.releaseId)!,
    })),
  }
  return { event, flagged }
}

/** Made by the break-glass IAM user (by its key or its name), or by the account root. */
function principalOf(record: TrailRecord, users: Set<string>, keys: Set<string>): 'iam-user' | 'root' | undefined {
  const ui = record.userIdentity
  if (!ui) return undefined
  if (ui.type === 'Root') return 'root'
  if (ui.accessKeyId && keys.has(ui.accessKeyId)) return 'iam-user'
  if (ui.type === 'IAMUser' && ui.userName && users.has(ui.userName)) return 'iam-user'
  return undefined
}

/** A release sanctions the use of what it handed out: its key (or its user's keys); root use by any release. */
function appliesTo(
  w: ReleaseWindow,
  principal: 'iam-user' | 'root',
  accessKeyId: string | undefined,
  userName: string | undefined,
  keyOwner: Map<string, string>,
): boolean {
  if (principal === 'root') return true
  if (w.accessKeyId && w.accessKeyId === accessKeyId) return true
  const releasedUser = w.userName ?? (w.accessKeyId ? keyOwner.get(w.accessKeyId) : undefined)
  return Boolean(releasedUser && releasedUser === userName)
}

function whyOf(use: FlaggedKeyUse, revoked: ReleaseWindow | undefined): string {
  const who = use.principal === 'root' ? 'The account root was used' : `The break-glass key${use.accessKeyId ? ` ${use.accessKeyId}` : ''} was used`
  const refused = use.errorCode ? ` (AWS refused it: ${use.errorCode})` : ''
  if (revoked) return `${who} after release ${revoked.releaseId} was revoked at ${revoked.revokedAt}${refused}.`
  return `${who} while no release was open${refused}.`
}

export type { BreakGlassPrincipals }
