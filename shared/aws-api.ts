// Schemas of the AWS IAM aftercare operations in the API contract (shared/api.ts): the
// offline commands and evidence, and the connected steps the desktop app runs for a release.
import { z } from 'zod'
import { AccessKeyId, IamUserName } from './aws-events'
import { AwsAccessKeyBundle } from './bundle'
import { IssuanceStarted } from './workflow-api'

/**
 * The key a step is about: a granted release's key (releaseId), or a key named directly
 * (accessKeyId and userName; the command line's --key-id and --user). Left out, a connected
 * step acts on the key that signs it.
 */
const ReleaseTarget = z.object({
  releaseId: z.string().optional(),
  /** The IAM user; defaults to the one the release recorded, else the credential's. */
  userName: IamUserName.optional(),
  /** The access key; defaults to the release's, else the credential's. */
  accessKeyId: AccessKeyId.optional(),
})

export const OfflineStepsInput = ReleaseTarget.extend({ purpose: z.enum(['status', 'revoke', 'rotate']) })

export const OfflineStepsView = z.object({
  target: z.object({ userName: z.string(), accessKeyId: z.string() }),
  steps: z.array(z.object({ title: z.string(), command: z.string(), record: z.string().optional() })),
})

/** Evidence of an AWS CLI step run elsewhere (the offline path): what AWS answered, typed in. */
export const AwsEvidenceInput = ReleaseTarget.extend({
  step: z.enum(['deactivate', 'delete', 'verify']),
  /** Why the key was switched off; by default rotate when a replacement is issued, else revoke. */
  reason: z.enum(['revoke', 'rotate', 'orphan', 'make-room']).optional(),
  requestId: z.string().max(100).optional(),
  performedAt: z.string().optional(),
  note: z.string().max(500).optional(),
})

/** What a connected step is signed with: the released key (kept by the screen) or the operator's own. */
export const ConnectedStepInput = ReleaseTarget.extend({
  credential: AwsAccessKeyBundle,
  /** Delete after deactivating (revoke), or the old key after the new set is active (rotate). */
  confirmDelete: z.boolean().optional(),
  /** Make room when the user already has two keys, by deleting the inactive one. */
  confirmMakeRoom: z.boolean().optional(),
})

export const AwsKeyView = z.object({
  accessKeyId: z.string(),
  status: z.string(),
  createDate: z.string(),
  isTarget: z.boolean(),
})

export const AwsStatusView = z.object({
  userName: z.string(),
  /**
   * Signed by the key it reports on: AWS then records this check as the key's latest use, which
   * hides any earlier one. `note` says so; check again with another credential to see real use.
   */
  signedByTarget: z.boolean(),
  note: z.string().optional(),
  keys: z.array(AwsKeyView),
  target: z.object({
    accessKeyId: z.string(),
    exists: z.boolean(),
    status: z.string().optional(),
    lastUsed: z.object({ date: z.string().optional(), serviceName: z.string(), region: z.string() }).optional(),
  }),
})

export const AwsRevokeView = z.object({
  accessKeyId: z.string(),
  status: z.enum(['inactive', 'deleted']),
  done: z.array(z.string()),
  /** What happened, step by step. */
  progress: z.array(z.string()),
})

export const AwsRotateInput = ConnectedStepInput.extend({
  /** The method the new set protects; default: the release's. */
  methodId: z.string().optional(),
  label: z.string().max(64).optional(),
  pageSize: z.enum(['A4', 'LETTER']).optional(),
  emergencyContact: z.string().max(120).optional(),
  /**
   * Ask the desktop's save dialog for where the new set's sheets go before anything reaches AWS,
   * and write them there (0600) before the set is recorded. Otherwise they stay in memory for
   * issuance.savePdf / issuance.printPdf.
   */
  savePdf: z.boolean().optional(),
})

/**
 * Rotation runs in two visits: the first creates and proves the new key and starts its
 * issuance ceremony (issued: the new set's sheets); once that set is active, the next
 * visit deactivates and deletes the old key.
 */
export const AwsRotateView = z.object({
  oldKeyId: z.string(),
  newKeyId: z.string().optional(),
  setId: z.string().optional(),
  oldKeyStatus: z.enum(['active', 'inactive', 'deleted']),
  complete: z.boolean(),
  done: z.array(z.string()),
  /** What to do next, in a sentence (finish the new set's ceremony, confirm deletion...). */
  next: z.string(),
  /** Why it stopped short of complete. */
  waitingFor: z.enum(['ceremony', 'confirmation', 'other-signer']).optional(),
  issued: IssuanceStarted.optional(),
  /** Where the sheets were saved (savePdf). */
  savedPdf: z.string().optional(),
  /** What happened, step by step, as it happened. */
  progress: z.array(z.string()),
})

/** The offline path's creation: the key the operator made with the AWS CLI, issued as a new set. */
export const AwsRecordCreatedInput = z.object({
  userName: IamUserName,
  /** The key it replaces. */
  replaces: AccessKeyId,
  /** The new key, as pasted (never logged: it is split into the new set). */
  credential: AwsAccessKeyBundle,
  methodId: z.string(),
  label: z.string().max(64).optional(),
  pageSize: z.enum(['A4', 'LETTER']).optional(),
  emergencyContact: z.string().max(120).optional(),
  requestId: z.string().max(100).optional(),
  performedAt: z.string().optional(),
  note: z.string().max(500).optional(),
  /** As for aws.rotate: save the sheets through the save dialog before the set is recorded. */
  savePdf: z.boolean().optional(),
})

export const AwsRecordCreatedView = z.object({
  accessKeyId: z.string(),
  setId: z.string(),
  issued: IssuanceStarted,
  savedPdf: z.string().optional(),
})

/** `custos aws alarm`: EventBridge detection of any use of a method's break-glass principal. */
export const AwsAlarmInput = z.object({
  methodId: z.string().min(1),
  /** The IAM user, when the log does not name it yet. */
  userName: IamUserName.optional(),
  /** Limits the rules to one account. */
  accountId: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id').optional(),
})

export const AwsAlarmView = z.object({
  methodId: z.string(),
  methodName: z.string(),
  principals: z.object({ userNames: z.array(z.string()), accessKeyIds: z.array(z.string()), root: z.boolean() }),
  rules: z.array(z.object({ name: z.string(), description: z.string(), eventPattern: z.record(z.string(), z.unknown()) })),
  snsTopicArn: z.string(),
  /** The rules and their SNS target as JSON text. */
  eventbridge: z.string(),
  /** A CloudFormation template (JSON) with the SNS topic as a parameter. */
  cloudformation: z.string(),
  commands: z.array(z.string()),
  notes: z.array(z.string()),
})

/** `custos audit reconcile`: CloudTrail files (or folders, or lookup-events exports) read against the release windows. */
export const AwsReconcileInput = z.object({
  /** Files or folders; when absent, the desktop's open dialog asks for them. */
  paths: z.array(z.string().min(1)).max(100_000).optional(),
  /** More IAM user names and key ids to count as the break-glass principal than the log knows. */
  userNames: z.array(IamUserName).max(50).optional(),
  accessKeyIds: z.array(AccessKeyId).max(200).optional(),
})

export const FlaggedUseView = z.object({
  eventTime: z.string(),
  eventName: z.string(),
  eventSource: z.string(),
  principal: z.enum(['iam-user', 'root']),
  accessKeyId: z.string().optional(),
  userName: z.string().optional(),
  sourceIPAddress: z.string().optional(),
  errorCode: z.string().optional(),
  eventId: z.string().optional(),
  reason: z.enum(['outside-release', 'after-revoke']),
  releaseId: z.string().optional(),
  why: z.string(),
})

export const AwsReconcileView = z.object({
  /** False when the open dialog was cancelled (nothing read, nothing logged). */
  reconciled: z.boolean(),
  /** The logbook entry that records the result. */
  seq: z.number().optional(),
  files: z.number(),
  records: z.number(),
  digest: z.string().optional(),
  coveredFrom: z.string().optional(),
  coveredTo: z.string().optional(),
  principals: z.object({ userNames: z.array(z.string()), accessKeyIds: z.array(z.string()), root: z.boolean() }),
  uses: z.number(),
  insideReleases: z.number(),
  aftercareCalls: z.number(),
  /** Every use outside a release window, oldest first. */
  flagged: z.array(FlaggedUseView),
  releases: z.array(
    z.object({ releaseId: z.string(), grantedAt: z.string(), revokedAt: z.string().optional(), uses: z.number(), usesAfterRevoke: z.number() }),
  ),
})
