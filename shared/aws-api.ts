// Schemas of the AWS IAM aftercare operations in the API contract (shared/api.ts): the
// offline commands and evidence, and the connected steps the desktop app runs for a release.
import { z } from 'zod'
import { AwsAccessKeyBundle } from './bundle'
import { IssuanceStarted } from './workflow-api'

/** The break-glass key of a granted release; the user name comes from the log when it names it. */
const ReleaseTarget = z.object({
  releaseId: z.string(),
  /** The IAM user; defaults to the one the release recorded. */
  userName: z.string().optional(),
})

export const OfflineStepsInput = ReleaseTarget.extend({ purpose: z.enum(['status', 'revoke', 'rotate']) })

export const OfflineStepsView = z.object({
  target: z.object({ userName: z.string(), accessKeyId: z.string() }),
  steps: z.array(z.object({ title: z.string(), command: z.string(), record: z.string().optional() })),
})

/** Evidence of an AWS CLI step run elsewhere (the offline path): what AWS answered, typed in. */
export const AwsEvidenceInput = ReleaseTarget.extend({
  step: z.enum(['deactivate', 'delete']),
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
})

export const AwsRotateInput = ConnectedStepInput.extend({
  label: z.string().max(64).optional(),
  pageSize: z.enum(['A4', 'LETTER']).optional(),
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
  issued: IssuanceStarted.optional(),
})
