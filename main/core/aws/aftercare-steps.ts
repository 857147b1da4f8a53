// The building blocks every aftercare flow shares: what a flow is given, and single IAM calls
// that leave their evidence (or their failure) in the logbook before the flow moves on.
import type { AwsEvent, KeyChangeReason } from '../../../shared/aws-events'
import type { AwsAccessKeyBundle } from '../../../shared/bundle'
import { CustosError } from '../../../shared/errors'
import type { Clock } from '../clock'
import type { AftercareLog } from './aftercare-log'
import { DEFAULT_IAM_ENDPOINT } from './allow-list'
import { AwsCallError, IamSession, type AwsCredential, type CallReceipt, type RetryPolicy } from './iam-client'

export interface AftercareDeps {
  log: AftercareLog
  clock: Clock
  /** IAM endpoint origin; https://iam.amazonaws.com unless overridden (tests, VPC endpoints). */
  endpoint?: string
  retry?: RetryPolicy
  /**
   * Asks the operator a yes/no question (--yes answers yes; a non-interactive run answers no).
   * `about` says what is at stake, so a caller with answers given up front (the app) can pick one.
   */
  confirm(question: string, about: ConfirmTopic): Promise<boolean>
  /** One human-readable line per step, as it happens. */
  progress?(line: string): void
  onConnectedChange?: (connected: boolean) => void
}

/** What a confirmation decides: deleting the key being revoked or rotated, or an inactive key to make room. */
export type ConfirmTopic = 'delete' | 'make-room'

/** The break-glass key the step is about. */
export interface AftercareTarget {
  userName: string
  accessKeyId: string
}

/** Who signs: the released key itself or the operator's own IAM credential. */
export type Signer = AwsCredential

export function signerFromBundle(bundle: AwsAccessKeyBundle): Signer {
  return { accessKeyId: bundle.accessKeyId, secretAccessKey: bundle.secretAccessKey }
}

export function endpointOf(deps: AftercareDeps): string {
  return deps.endpoint ?? DEFAULT_IAM_ENDPOINT
}

export function openSession(deps: AftercareDeps, signer: Signer): IamSession {
  return new IamSession(signer, endpointOf(deps), deps.clock, deps.retry)
}

type KeyEvent<T extends AwsEvent['type']> = Omit<Extract<AwsEvent, { type: T }>, keyof CallReceipt>

/** Deactivates a key and logs the receipt; NoSuchEntity is logged as "already gone". */
export async function deactivateKey(
  deps: AftercareDeps,
  session: IamSession,
  target: AftercareTarget,
  reason: KeyChangeReason,
): Promise<'deactivated' | 'already-gone'> {
  try {
    const { receipt } = await logged(deps, session, 'UpdateAccessKey', { UserName: target.userName, AccessKeyId: target.accessKeyId, Status: 'Inactive' }, target)
    deps.log.append(withReceipt<'aws.key-deactivated'>({ type: 'aws.key-deactivated', userName: target.userName, accessKeyId: target.accessKeyId, reason }, receipt))
    deps.progress?.(`Deactivated ${target.accessKeyId} (request ${receipt.requestId}).`)
    return 'deactivated'
  } catch (error) {
    if (error instanceof AwsCallError && error.code === 'AWS_NO_SUCH_KEY') {
      deps.log.append(goneEvent(target, reason, error))
      deps.progress?.(`${target.accessKeyId} no longer exists in AWS; nothing to deactivate.`)
      return 'already-gone'
    }
    throw error
  }
}

/** Deletes a key and logs the receipt; NoSuchEntity is logged as "already gone". */
export async function deleteKey(
  deps: AftercareDeps,
  session: IamSession,
  target: AftercareTarget,
  reason: KeyChangeReason,
): Promise<'deleted' | 'already-gone'> {
  try {
    const { receipt } = await logged(deps, session, 'DeleteAccessKey', { UserName: target.userName, AccessKeyId: target.accessKeyId }, target)
    deps.log.append(withReceipt<'aws.key-deleted'>({ type: 'aws.key-deleted', userName: target.userName, accessKeyId: target.accessKeyId, reason }, receipt))
    deps.progress?.(`Deleted ${target.accessKeyId} (request ${receipt.requestId}).`)
    return 'deleted'
  } catch (error) {
    if (error instanceof AwsCallError && error.code === 'AWS_NO_SUCH_KEY') {
      deps.log.append(goneEvent(target, reason, error))
      deps.progress?.(`${target.accessKeyId} no longer exists in AWS; nothing to delete.`)
      return 'already-gone'
    }
    // Already logged as deleted by selfDeletionOf.
    if (error instanceof SelfDeletedError && error.accessKeyId === target.accessKeyId) return 'deleted'
    throw error
  }
}

export interface ListedKey {
  accessKeyId: string
  status: 'Active' | 'Inactive'
  createDate: string
}

export async function listKeys(deps: AftercareDeps, session: IamSession, userName: string): Promise<ListedKey[]> {
  const { output, receipt } = await logged(deps, session, 'ListAccessKeys', { UserName: userName }, { userName })
  const keys: ListedKey[] = (output.AccessKeyMetadata ?? []).map((k) => ({
    accessKeyId: k.AccessKeyId ?? '',
    status: k.Status === 'Active' ? 'Active' : 'Inactive',
    createDate: (k.CreateDate ?? new Date(0)).toISOString(),
  }))
  deps.log.append(withReceipt<'aws.keys-listed'>({ type: 'aws.keys-listed', userName, keys }, receipt))
  return keys
}

/** Runs one call; a failure is logged as aws.call-failed before it is rethrown. */
export async function logged<O extends Parameters<IamSession['call']>[0]>(
  deps: AftercareDeps,
  session: IamSession,
  operation: O,
  input: Parameters<IamSession['call']>[1] & Parameters<IamSession['call']>[1],
  about: { userName?: string; accessKeyId?: string },
  options?: Parameters<IamSession['call']>[2],
) {
  try {
    return await session.call(operation, input as never, options)
  } catch (error) {
    if (error instanceof AwsCallError) {
      const f = error.failure
      deps.log.append({
        type: 'aws.call-failed',
        operation: f.operation,
        errorCode: f.errorCode.slice(0, 100),
        ...(f.requestId ? { requestId: f.requestId } : {}),
        at: f.at,
        signerKeyId: f.signerKeyId,
        endpoint: f.endpoint,
        ...(about.userName ? { userName: about.userName } : {}),
        ...(about.accessKeyId ? { accessKeyId: about.accessKeyId } : {}),
      })
      // A key deleting itself: a retry refused after a try that got no answer means the first try deleted it.
      const sentNow = operation === 'DeleteAccessKey' && about.accessKeyId === f.signerKeyId && f.earlierAttemptLost === true
      const inferred = selfDeletionOf(deps, error, sentNow, about.userName)
      if (inferred) throw inferred
    }
    throw error
  }
}

/**
 * A key that signed its own DeleteAccessKey, whose answer never came back, and that AWS now
 * refuses: the refusal is the evidence that the delete happened. Logged as aws.key-deleted
 * (inferredFrom 'refused-after-delete'), so log and IAM agree again; returns the error to raise.
 */
function selfDeletionOf(deps: AftercareDeps, error: AwsCallError, sentNow: boolean, userName: string | undefined): SelfDeletedError | undefined {
  if (error.code !== 'AWS_CREDENTIAL_REFUSED') return undefined
  const f = error.failure
  const aws = deps.log.state().aws
  const known = aws.keys[f.signerKeyId]
  if (known?.status === 'deleted') return undefined
  const sentBefore = Boolean(known?.deleteSentAt && known.deleteSentBy === f.signerKeyId)
  const owner = known?.userName ?? userName
  if (!(sentBefore || sentNow) || !owner) return undefined
  const k = { accessKeyId: f.signerKeyId, userName: owner, deleteSentAt: known?.deleteSentAt ?? f.at }
  deps.log.append({
    type: 'aws.key-deleted',
    operation: f.operation,
    requestId: f.requestId ?? 'none',
    at: f.at,
    signerKeyId: f.signerKeyId,
    endpoint: f.endpoint,
    userName: k.userName,
    accessKeyId: k.accessKeyId,
    reason: Object.values(aws.keys).some((o) => o.replaces === k.accessKeyId) ? 'rotate' : 'revoke',
    alreadyGone: true,
    inferredFrom: 'refused-after-delete',
  })
  deps.progress?.(
    `${k.accessKeyId} signed its own deletion at ${k.deleteSentAt} and the answer was lost; AWS now refuses it, so it is deleted. Recorded.`,
  )
  return new SelfDeletedError(k.accessKeyId, k.userName, k.deleteSentAt, f)
}

/** Raised when a call fails because its signer is the key this vault already deleted (see selfDeletionOf). */
export class SelfDeletedError extends AwsCallError {
  constructor(
    readonly accessKeyId: string,
    userName: string,
    sentAt: string,
    failure: AwsCallError['failure'],
  ) {
    super(
      'AWS_CREDENTIAL_REFUSED',
      `AWS refuses ${accessKeyId}: it signed its own deletion at ${sentAt}, the answer was lost, and this refusal shows the ` +
        `deletion happened. The logbook now records ${accessKeyId} as deleted. It cannot sign anything any more: to check ` +
        `${userName}'s keys, run the status with your own IAM credential on stdin (--user ${userName} --key-id ${accessKeyId}).`,
      failure,
      { accessKeyId, inferredDeleted: true },
    )
  }
}

export function withReceipt<T extends AwsEvent['type']>(event: KeyEvent<T>, receipt: CallReceipt): Extract<AwsEvent, { type: T }> {
  return { ...event, ...receipt } as unknown as Extract<AwsEvent, { type: T }>
}

function goneEvent(target: AftercareTarget, reason: KeyChangeReason, error: AwsCallError): AwsEvent {
  const f = error.failure
  return {
    type: 'aws.key-deleted',
    operation: f.operation,
    requestId: f.requestId ?? 'none',
    at: f.at,
    signerKeyId: f.signerKeyId,
    endpoint: f.endpoint,
    userName: target.userName,
    accessKeyId: target.accessKeyId,
    reason,
    alreadyGone: true,
  }
}

export function needsConfirmation(what: string, how: string, details: Record<string, unknown> = {}): CustosError {
  return new CustosError('AWS_STEP_NEEDS_CONFIRMATION', `${what} was not confirmed, so Custos stopped here. ${how}`, details)
}
