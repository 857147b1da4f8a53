// Logbook events of the AWS IAM aftercare (docs/aws.md) and their fold. Every AWS call leaves
// evidence here: operation, request id, time and key ids; never a secret access key.
import { z } from 'zod'

/** A long-term IAM access key id: AKIA and 16 more upper-case letters or digits. The one home of this rule. */
export const ACCESS_KEY_ID_PATTERN = /^AKIA[A-Z0-9]{16}$/
/** An IAM user name as IAM allows it: letters, digits and +=,.@_- up to 64 characters. The one home of this rule. */
export const IAM_USER_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/

export const AccessKeyId = z.string().regex(ACCESS_KEY_ID_PATTERN, 'expected an AKIA access key id')
export const IamUserName = z.string().regex(IAM_USER_NAME_PATTERN, 'expected an IAM user name')
const UserName = IamUserName

export function isAccessKeyId(text: string): boolean {
  return ACCESS_KEY_ID_PATTERN.test(text)
}

export function isIamUserName(text: string): boolean {
  return IAM_USER_NAME_PATTERN.test(text)
}
const IsoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, 'expected an ISO-8601 UTC time')
const RequestId = z.string().min(1).max(128)

export const AWS_OPERATIONS = [
  'ListAccessKeys',
  'GetAccessKeyLastUsed',
  'CreateAccessKey',
  'GetUser',
  'UpdateAccessKey',
  'DeleteAccessKey',
] as const
export const AwsOperation = z.enum(AWS_OPERATIONS)
export type AwsOperation = z.infer<typeof AwsOperation>

/** Why a key was switched off or removed. */
export const KeyChangeReason = z.enum([
  /** `custos aws revoke`: the released key after an emergency. */
  'revoke',
  /** `custos aws rotate`: the old key once its replacement is issued. */
  'rotate',
  /** A key created by an interrupted rotation whose secret was lost before its set was issued. */
  'orphan',
  /** An inactive key deleted, with the operator's consent, to make room under the two-key limit. */
  'make-room',
])
export type KeyChangeReason = z.infer<typeof KeyChangeReason>

/** The receipt of one successful AWS call. */
const Evidence = {
  operation: AwsOperation,
  /** AWS's x-amzn-RequestId: quote it to AWS Support or find the call in CloudTrail. */
  requestId: RequestId,
  /** When the response arrived, by the vault's clock. */
  at: IsoTime,
  /** The access key id that signed the request. */
  signerKeyId: AccessKeyId,
  /** The IAM endpoint called (origin only). */
  endpoint: z.string().max(200),
}

export const AwsConnectedModeEvent = z.strictObject({
  type: z.literal('aws.connected-mode'),
  state: z.enum(['on', 'off']),
  /** The aftercare step connected mode is on for. */
  purpose: z.enum(['status', 'revoke', 'rotate']),
  endpoint: z.string().max(200),
  signerKeyId: AccessKeyId,
  at: IsoTime,
})

export const AwsKeysListedEvent = z.strictObject({
  type: z.literal('aws.keys-listed'),
  ...Evidence,
  userName: UserName,
  keys: z.array(z.strictObject({ accessKeyId: AccessKeyId, status: z.enum(['Active', 'Inactive']), createDate: IsoTime })).max(10),
})

export const AwsKeyLastUsedEvent = z.strictObject({
  type: z.literal('aws.key-last-used'),
  ...Evidence,
  accessKeyId: AccessKeyId,
  /** Absent when AWS has no record of the key being used. */
  lastUsedDate: IsoTime.optional(),
  serviceName: z.string().max(100),
  region: z.string().max(50),
})

/** Written before CreateAccessKey: if the answer is lost, the next run knows a key may exist. */
export const AwsKeyCreateRequestedEvent = z.strictObject({
  type: z.literal('aws.key-create-requested'),
  userName: UserName,
  replaces: AccessKeyId,
  at: IsoTime,
})

export const AwsKeyCreatedEvent = z.strictObject({
  type: z.literal('aws.key-created'),
  ...Evidence,
  userName: UserName,
  accessKeyId: AccessKeyId,
  replaces: AccessKeyId,
  createDate: IsoTime,
})

export const AwsKeyVerifiedEvent = z.strictObject({
  type: z.literal('aws.key-verified'),
  ...Evidence,
  accessKeyId: AccessKeyId,
  /** The identity AWS answered GetUser with, signed by the new key. */
  userArn: z.string().max(300),
})

export const AwsKeyDeactivatedEvent = z.strictObject({
  type: z.literal('aws.key-deactivated'),
  ...Evidence,
  userName: UserName,
  accessKeyId: AccessKeyId,
  reason: KeyChangeReason,
})

export const AwsKeyDeletedEvent = z.strictObject({
  type: z.literal('aws.key-deleted'),
  ...Evidence,
  userName: UserName,
  accessKeyId: AccessKeyId,
  reason: KeyChangeReason,
  /** AWS answered NoSuchEntity: the key was already gone (deleted out of band or by a lost answer). */
  alreadyGone: z.boolean().optional(),
  /**
   * How the deletion is known when AWS's answer to it was lost: 'refused-after-delete' = the key
   * signed its own DeleteAccessKey, the answer never came, and AWS now refuses that very key.
   */
  inferredFrom: z.enum(['refused-after-delete']).optional(),
})

/** A refused or failed call, kept so the log shows every attempt, not only the successes. */
export const AwsCallFailedEvent = z.strictObject({
  type: z.literal('aws.call-failed'),
  operation: AwsOperation,
  errorCode: z.string().max(100),
  requestId: RequestId.optional(),
  at: IsoTime,
  signerKeyId: AccessKeyId,
  endpoint: z.string().max(200),
  userName: UserName.optional(),
  accessKeyId: AccessKeyId.optional(),
})

/** The offline path: the operator ran the printed AWS CLI command and typed in what AWS answered. */
export const AwsEvidenceRecordedEvent = z.strictObject({
  type: z.literal('aws.evidence-recorded'),
  step: z.enum(['deactivate', 'delete', 'create', 'verify']),
  userName: UserName,
  accessKeyId: AccessKeyId,
  /** For 'create': the key it replaces. */
  replaces: AccessKeyId.optional(),
  reason: KeyChangeReason.optional(),
  /** The request id the AWS CLI printed with --debug, or from CloudTrail; optional because the CLI hides it. */
  requestId: RequestId.optional(),
  /** When the operator ran the command. */
  performedAt: IsoTime,
  note: z.string().max(500).optional(),
})

/** One use of the break-glass principal that no release window covers (docs/aws.md, Reconciliation). */
export const FlaggedKeyUse = z.strictObject({
  eventTime: IsoTime,
  eventName: z.string().max(128),
  eventSource: z.string().max(128),
  /** Whose use: the break-glass IAM user (by key or by name) or the account root. */
  principal: z.enum(['iam-user', 'root']),
  /** The key that signed it (AKIA for the break-glass key, ASIA for console or STS sessions). */
  accessKeyId: z.string().max(128).optional(),
  userName: z.string().max(64).optional(),
  sourceIPAddress: z.string().max(128).optional(),
  /** Set when AWS refused the call: an attempt, still a use of the credential. */
  errorCode: z.string().max(128).optional(),
  /** CloudTrail's eventID, to find the record again. */
  eventId: z.string().max(64).optional(),
  /** No release was open ('outside-release'), or the release that handed it out was already revoked ('after-revoke'). */
  reason: z.enum(['outside-release', 'after-revoke']),
  releaseId: z.string().max(64).optional(),
})
export type FlaggedKeyUse = z.infer<typeof FlaggedKeyUse>

/** Most flagged uses one entry lists; flaggedCount always gives the total. */
export const MAX_FLAGGED_IN_LOG = 200

/** `custos audit reconcile`: CloudTrail read against the release windows (granted -> revoked). */
export const AwsKeyUseReconciledEvent = z.strictObject({
  type: z.literal('aws.key-use-reconciled'),
  /** What was read: file count, CloudTrail records, and SHA-256 over the sorted per-file SHA-256 hex lines. */
  sources: z.strictObject({ files: z.number().int().min(0), records: z.number().int().min(0), digest: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** Earliest and latest eventTime among the records read. */
  coveredFrom: IsoTime.optional(),
  coveredTo: IsoTime.optional(),
  /** IAM user names and key ids counted as the break-glass principal. */
  principals: z.strictObject({ userNames: z.array(UserName).max(50), accessKeyIds: z.array(AccessKeyId).max(200), root: z.boolean() }),
  /** Records made by the break-glass principal. */
  uses: z.number().int().min(0),
  /** Of those, inside a release window. */
  insideReleases: z.number().int().min(0),
  /** Of those, calls Custos itself made and logged (matched by request id): rotation proofs, aftercare. */
  aftercareCalls: z.number().int().min(0),
  flaggedCount: z.number().int().min(0),
  flagged: z.array(FlaggedKeyUse).max(MAX_FLAGGED_IN_LOG),
  /** Each release window and how often the principal was used in it and after its revoke. */
  releases: z
    .array(
      z.strictObject({
        releaseId: z.string().max(64),
        grantedAt: IsoTime,
        revokedAt: IsoTime.optional(),
        uses: z.number().int().min(0),
        usesAfterRevoke: z.number().int().min(0),
      }),
    )
    .max(500),
})

export const AWS_EVENT_SCHEMAS = [
  AwsConnectedModeEvent,
  AwsKeysListedEvent,
  AwsKeyLastUsedEvent,
  AwsKeyCreateRequestedEvent,
  AwsKeyCreatedEvent,
  AwsKeyVerifiedEvent,
  AwsKeyDeactivatedEvent,
  AwsKeyDeletedEvent,
  AwsCallFailedEvent,
  AwsEvidenceRecordedEvent,
  AwsKeyUseReconciledEvent,
] as const

export type AwsEvent =
  | z.infer<typeof AwsConnectedModeEvent>
  | z.infer<typeof AwsKeysListedEvent>
  | z.infer<typeof AwsKeyLastUsedEvent>
  | z.infer<typeof AwsKeyCreateRequestedEvent>
  | z.infer<typeof AwsKeyCreatedEvent>
  | z.infer<typeof AwsKeyVerifiedEvent>
  | z.infer<typeof AwsKeyDeactivatedEvent>
  | z.infer<typeof AwsKeyDeletedEvent>
  | z.infer<typeof AwsCallFailedEvent>
  | z.infer<typeof AwsEvidenceRecordedEvent>
  | z.infer<typeof AwsKeyUseReconciledEvent>
export type AwsEventType = AwsEvent['type']

// ---- the fold -------------------------------------------------------------------------------

export type AwsKeyStatus = 'active' | 'inactive' | 'deleted'

export interface AwsKeyState {
  accessKeyId: string
  userName: string
  status: AwsKeyStatus
  /** For a key made by rotation: the key it replaces. */
  replaces?: string
  createdAt?: string
  verifiedAt?: string
  /** The set that holds this key's secret (set.issued with awsAccessKeyId). */
  issuedSetId?: string
  deactivatedAt?: string
  deletedAt?: string
  /** Evidence source of the latest status change. */
  via?: 'connected' | 'offline'
  /** A DeleteAccessKey for this key went out and its answer never came back (see aws.key-deleted inferredFrom). */
  deleteSentAt?: string
  /** Who signed that DeleteAccessKey. */
  deleteSentBy?: string
}

export interface AwsAftercareState {
  keys: Record<string, AwsKeyState>
  /** CreateAccessKey was asked for but its answer never logged: a key may exist that no set holds. */
  pendingCreate?: { userName: string; replaces: string; at: string }
  /** True between a connected-mode 'on' and its 'off' (stays true if the app died while connected). */
  connected: boolean
  lastCall?: { operation: AwsOperation; at: string; ok: boolean; errorCode?: string }
  /** The latest CloudTrail reconciliation (custos audit reconcile). */
  lastReconciliation?: { coveredFrom?: string; coveredTo?: string; uses: number; flaggedCount: number }
}

export function emptyAwsState(): AwsAftercareState {
  return { keys: {}, connected: false }
}

/** The set.issued fields the AWS fold reads (kept structural so this file need not import events.ts). */
export interface SetIssuedForAws {
  type: 'set.issued'
  setId: string
  awsAccessKeyId?: string
}

/** AWS error codes that say for sure the call was not carried out (anything else, e.g. a dropped connection, leaves it open). */
const DEFINITE_REFUSALS = new Set([
  'AccessDenied',
  'NoSuchEntity',
  'LimitExceeded',
  'ValidationError',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'ExpiredToken',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
])

/** Applies one event; events of other areas pass through unchanged. Pure and total. */
export function foldAwsEvent(state: AwsAftercareState, event: AwsEvent | SetIssuedForAws | { type: string }): AwsAftercareState {
  const e = event as AwsEvent | SetIssuedForAws
  const key = (id: string, userName: string): AwsKeyState => state.keys[id] ?? { accessKeyId: id, userName, status: 'active' }
  const withKey = (k: AwsKeyState, extra: Partial<AwsAftercareState> = {}): AwsAftercareState => ({
    ...state,
    ...extra,
    keys: { ...state.keys, [k.accessKeyId]: k },
  })
  switch (e.type) {
    case 'set.issued': {
      if (!e.awsAccessKeyId) return state
      const k = state.keys[e.awsAccessKeyId]
      return k ? withKey({ ...k, issuedSetId: e.setId }) : state
    }
    case 'aws.connected-mode':
      return { ...state, connected: e.state === 'on' }
    case 'aws.keys-listed': {
      // A listing is evidence of what exists: keys we track that AWS no longer lists are gone.
      let next = { ...state, lastCall: { operation: e.operation, at: e.at, ok: true } }
      const listed = new Map(e.keys.map((k) => [k.accessKeyId, k]))
      const keys = { ...next.keys }
      for (const [id, k] of Object.entries(keys)) {
        if (k.userName !== e.userName) continue
        const seen = listed.get(id)
        if (!seen && k.status !== 'deleted') keys[id] = { ...k, status: 'deleted', deletedAt: k.deletedAt ?? e.at }
        else if (seen) keys[id] = { ...k, status: seen.status === 'Active' ? 'active' : 'inactive' }
      }
      for (const seen of e.keys) {
        if (!keys[seen.accessKeyId]) {
          keys[seen.accessKeyId] = {
            accessKeyId: seen.accessKeyId,
            userName: e.userName,
            status: seen.status === 'Active' ? 'active' : 'inactive',
            createdAt: seen.createDate,
          }
        }
      }
      next = { ...next, keys }
      return next
    }
    case 'aws.key-last-used':
    case 'aws.key-verified': {
      const base = { ...state, lastCall: { operation: e.operation, at: e.at, ok: true } }
      if (e.type === 'aws.key-last-used') return base
      const k = state.keys[e.accessKeyId]
      return k ? { ...base, keys: { ...state.keys, [k.accessKeyId]: { ...k, verifiedAt: e.at } } } : base
    }
    case 'aws.key-create-requested':
      return { ...state, pendingCreate: { userName: e.userName, replaces: e.replaces, at: e.at } }
    case 'aws.key-created':
      return withKey(
        { accessKeyId: e.accessKeyId, userName: e.userName, status: 'active', replaces: e.replaces, createdAt: e.createDate, via: 'connected' },
        { pendingCreate: undefined, lastCall: { operation: e.operation, at: e.at, ok: true } },
      )
    case 'aws.key-deactivated':
      return withKey(
        { ...key(e.accessKeyId, e.userName), status: 'inactive', deactivatedAt: e.at, via: 'connected' },
        { lastCall: { operation: e.operation, at: e.at, ok: true } },
      )
    case 'aws.key-deleted': {
      const k = key(e.accessKeyId, e.userName)
      return withKey(
        { ...k, status: 'deleted', deactivatedAt: k.deactivatedAt ?? e.at, deletedAt: e.at, via: 'connected' },
        { lastCall: { operation: e.operation, at: e.at, ok: true } },
      )
    }
    case 'aws.call-failed': {
      const next = { ...state, lastCall: { operation: e.operation, at: e.at, ok: false, errorCode: e.errorCode } }
      // A delete whose answer is unknown may have happened: remember it, so a later refusal of that key can be read.
      if (e.operation !== 'DeleteAccessKey' || !e.accessKeyId || !e.userName || DEFINITE_REFUSALS.has(e.errorCode)) return next
      const k = key(e.accessKeyId, e.userName)
      if (k.status === 'deleted') return next
      return { ...next, keys: { ...state.keys, [k.accessKeyId]: { ...k, deleteSentAt: e.at, deleteSentBy: e.signerKeyId } } }
    }
    case 'aws.key-use-reconciled':
      return {
        ...state,
        lastReconciliation: {
          ...(e.coveredFrom ? { coveredFrom: e.coveredFrom } : {}),
          ...(e.coveredTo ? { coveredTo: e.coveredTo } : {}),
          uses: e.uses,
          flaggedCount: e.flaggedCount,
        },
      }
    case 'aws.evidence-recorded': {
      const k = key(e.accessKeyId, e.userName)
      switch (e.step) {
        case 'deactivate':
          return withKey({ ...k, status: 'inactive', deactivatedAt: e.performedAt, via: 'offline' })
        case 'delete':
          return withKey({ ...k, status: 'deleted', deactivatedAt: k.deactivatedAt ?? e.performedAt, deletedAt: e.performedAt, via: 'offline' })
        case 'create':
          return withKey({ ...k, status: 'active', replaces: e.replaces, createdAt: e.performedAt, via: 'offline' })
        case 'verify':
          return withKey({ ...k, verifiedAt: e.performedAt })
      }
      return state
    }
    default:
      return state
  }
}

export function foldAwsEvents(events: Iterable<{ type: string }>): AwsAftercareState {
  let state = emptyAwsState()
  for (const event of events) state = foldAwsEvent(state, event)
  return state
}

/** Where the revoke of a key stands: the obligations code reads this (met when 'deactivated' or 'deleted'). */
export function revokeProgress(state: AwsAftercareState, accessKeyId: string): 'not-started' | 'deactivated' | 'deleted' {
  const k = state.keys[accessKeyId]
  if (!k || k.status === 'active') return 'not-started'
  return k.status === 'inactive' ? 'deactivated' : 'deleted'
}

/** The key a rotation of `oldKeyId` created and that is still alive, if any. */
export function replacementOf(state: AwsAftercareState, oldKeyId: string): AwsKeyState | undefined {
  return Object.values(state.keys).find((k) => k.replaces === oldKeyId && k.status !== 'deleted')
}

// ---- one-line descriptions (the audit PDF's entry table spreads these in) ---------------------

type AwsSummaries = { [T in AwsEventType]: (event: Extract<AwsEvent, { type: T }>) => string }

const receipt = (e: { operation: string; requestId: string; signerKeyId: string }) =>
  `${e.operation} request ${e.requestId}, signed by ${e.signerKeyId}`

export const AWS_EVENT_SUMMARIES: AwsSummaries = {
  'aws.connected-mode': (e) => `Connected mode ${e.state} for aws ${e.purpose} (${e.endpoint}, key ${e.signerKeyId})`,
  'aws.keys-listed': (e) =>
    `AWS keys of ${e.userName}: ${e.keys.map((k) => `${k.accessKeyId} ${k.status}`).join(', ') || 'none'} (${receipt(e)})`,
  'aws.key-last-used': (e) =>
    `AWS key ${e.accessKeyId} last used ${e.lastUsedDate ? `${e.lastUsedDate} (${e.serviceName}, ${e.region})` : 'never'} (${receipt(e)})`,
  'aws.key-create-requested': (e) => `AWS key creation requested for ${e.userName}, replacing ${e.replaces}`,
  'aws.key-created': (e) => `AWS key ${e.accessKeyId} created for ${e.userName}, replacing ${e.replaces} (${receipt(e)})`,
  'aws.key-verified': (e) => `AWS key ${e.accessKeyId} proven to work as ${e.userArn} (${receipt(e)})`,
  'aws.key-deactivated': (e) => `AWS key ${e.accessKeyId} of ${e.userName} deactivated, ${e.reason} (${receipt(e)})`,
  'aws.key-deleted': (e) =>
    `AWS key ${e.accessKeyId} of ${e.userName} ${
      e.inferredFrom ? 'deleted (its own DeleteAccessKey went out, the answer was lost, and AWS now refuses it)' : e.alreadyGone ? 'found already deleted' : 'deleted'
    }, ${e.reason} (${receipt(e)})`,
  'aws.call-failed': (e) =>
    `AWS ${e.operation} failed: ${e.errorCode}${e.requestId ? `, request ${e.requestId}` : ''} (key ${e.signerKeyId})`,
  'aws.evidence-recorded': (e) =>
    `Offline evidence: ${e.step} of AWS key ${e.accessKeyId} (${e.userName}) performed ${e.performedAt}` +
    `${e.requestId ? `, request ${e.requestId}` : ''}${e.note ? ` — ${e.note}` : ''}`,
  'aws.key-use-reconciled': (e) =>
    `CloudTrail reconciled (${e.sources.records} records in ${e.sources.files} files${
      e.coveredFrom && e.coveredTo ? `, ${e.coveredFrom.slice(0, 10)} to ${e.coveredTo.slice(0, 10)}` : ''
    }): ${e.uses} uses of the break-glass key, ${e.flaggedCount === 0 ? 'none outside releases' : `${e.flaggedCount} outside releases`}`,
}
