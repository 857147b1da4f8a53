// The IAM client Custos uses: the real @aws-sdk/client-iam, configured only from what Custos
// passes (credential, endpoint, region us-east-1), never from AWS_* variables or ~/.aws files.
import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
  type CreateAccessKeyCommandOutput,
  type DeleteAccessKeyCommandOutput,
  type GetAccessKeyLastUsedCommandOutput,
  type GetUserCommandOutput,
  type ListAccessKeysCommandOutput,
  type UpdateAccessKeyCommandOutput,
} from '@aws-sdk/client-iam'
import type { AwsOperation } from '../../../shared/aws-events'
import { CustosError } from '../../../shared/errors'
import type { Clock } from '../clock'
import { destinationFromEndpoint } from './allow-list'

/** IAM is a global service; its requests are signed for us-east-1 whatever region the operator is in. */
export const IAM_SIGNING_REGION = 'us-east-1'

export interface AwsCredential {
  accessKeyId: string
  secretAccessKey: string
}

export interface RetryPolicy {
  /** Total tries for a retryable failure (throttling, 5xx, a dropped connection). */
  attempts: number
  /** Wait before try number `attempt` (2, 3, ...). */
  delayMs(attempt: number): number
  sleep(ms: number): Promise<void>
}

export const defaultRetry: RetryPolicy = {
  attempts: 4,
  delayMs: (attempt) => Math.min(8_000, 500 * 2 ** (attempt - 2)) * (0.5 + Math.random() / 2),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}

interface Inputs {
  ListAccessKeys: { UserName: string }
  GetAccessKeyLastUsed: { AccessKeyId: string }
  CreateAccessKey: { UserName: string }
  GetUser: { UserName?: string }
  UpdateAccessKey: { UserName: string; AccessKeyId: string; Status: 'Active' | 'Inactive' }
  DeleteAccessKey: { UserName: string; AccessKeyId: string }
}
interface Outputs {
  ListAccessKeys: ListAccessKeysCommandOutput
  GetAccessKeyLastUsed: GetAccessKeyLastUsedCommandOutput
  CreateAccessKey: CreateAccessKeyCommandOutput
  GetUser: GetUserCommandOutput
  UpdateAccessKey: UpdateAccessKeyCommandOutput
  DeleteAccessKey: DeleteAccessKeyCommandOutput
}

export interface CallReceipt {
  operation: AwsOperation
  requestId: string
  at: string
  signerKeyId: string
  endpoint: string
}

/** What a failed call tells the log, alongside the CustosError the caller throws. */
export interface CallFailure {
  operation: AwsOperation
  errorCode: string
  requestId?: string
  at: string
  signerKeyId: string
  endpoint: string
  /** An earlier try of this same call got no answer at all (it may have been carried out). */
  earlierAttemptLost?: boolean
}

export class AwsCallError extends CustosError {
  constructor(
    code: ConstructorParameters<typeof CustosError>[0],
    message: string,
    readonly failure: CallFailure,
    details?: Record<string, unknown>,
  ) {
    super(code, message, { ...details, operation: failure.operation, awsErrorCode: failure.errorCode, requestId: failure.requestId })
  }
}

/** Builds the SDK client with every setting explicit, so nothing falls back to the environment. */
export function createIamClient(credential: AwsCredential, endpoint: string): IAMClient {
  destinationFromEndpoint(endpoint)
  // The SDK warns on stderr about Node versions it will drop in future releases; Custos pins its
  // SDK and ships its own runtime, so the warning only confuses the operator. The SDK reads this
  // switch when a client is built.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
  return new IAMClient({
    region: IAM_SIGNING_REGION,
    endpoint,
    // A plain object is used as-is; the default chain (env, ~/.aws, SSO, IMDS) is never consulted.
    credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey },
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    // Custos retries itself (see call()), so it can refuse to repeat a CreateAccessKey whose answer was lost.
    maxAttempts: 1,
    retryMode: 'standard',
    userAgentAppId: 'custos',
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000 },
  })
}

/** One signer talking to one endpoint; every call returns its receipt or throws an AwsCallError. */
export class IamSession {
  private readonly client: IAMClient

  constructor(
    readonly signer: AwsCredential,
    readonly endpoint: string,
    private readonly clock: Clock,
    private readonly retry: RetryPolicy = defaultRetry,
  ) {
    this.client = createIamClient(signer, endpoint)
  }

  get signerKeyId(): string {
    return this.signer.accessKeyId
  }

  withSigner(signer: AwsCredential): IamSession {
    return new IamSession(signer, this.endpoint, this.clock, this.retry)
  }

  close(): void {
    this.client.destroy()
  }

  async call<O extends AwsOperation>(
    operation: O,
    input: Inputs[O],
    options: { retryOn?: (code: string) => boolean } = {},
  ): Promise<{ output: Outputs[O]; receipt: CallReceipt }> {
    let lost = false
    for (let attempt = 1; ; attempt += 1) {
      try {
        const output = (await this.client.send(commandFor(operation, input) as never)) as Outputs[O]
        const requestId = output.$metadata.requestId ?? 'none'
        return { output, receipt: { operation, requestId, at: this.now(), signerKeyId: this.signerKeyId, endpoint: this.origin() } }
      } catch (error) {
        const code = errorCode(error)
        const retryable = isRetryable(operation, error, code) || Boolean(options.retryOn?.(code))
        if (retryable && attempt < this.retry.attempts) {
          lost ||= !(error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
          await this.retry.sleep(this.retry.delayMs(attempt + 1))
          continue
        }
        throw this.explain(operation, error, code, attempt, lost)
      }
    }
  }

  private now(): string {
    return this.clock.now().toISOString()
  }

  private origin(): string {
    return new URL(this.endpoint).origin
  }

  private explain(operation: AwsOperation, error: unknown, code: string, attempts: number, earlierAttemptLost = false): CustosError {
    if (error instanceof CustosError && error.code === 'NETWORK_BLOCKED') return error
    const meta = (error as { $metadata?: { requestId?: string; httpStatusCode?: number } }).$metadata
    const failure: CallFailure = {
      operation,
      errorCode: code,
      requestId: meta?.requestId,
      at: this.now(),
      signerKeyId: this.signerKeyId,
      endpoint: this.origin(),
      ...(earlierAttemptLost ? { earlierAttemptLost } : {}),
    }
    const key = this.signerKeyId
    const tried = attempts > 1 ? ` (tried ${attempts} times)` : ''
    switch (code) {
      case 'InvalidClientTokenId':
      case 'SignatureDoesNotMatch':
      case 'IncompleteSignature':
      case 'MissingAuthenticationToken':
      case 'ExpiredToken':
        return new AwsCallError(
          'AWS_CREDENTIAL_REFUSED',
          `AWS refused the credential ${key} for ${operation} (${code}): the key is inactive or deleted, or its secret ` +
            'is wrong. Give a working credential on stdin (the released key, the new key, or your own IAM key).',
          failure,
        )
      case 'AccessDenied':
        return new AwsCallError(
          'AWS_ACCESS_DENIED',
          `AWS denied iam:${operation} to ${key}${requestIdNote(failure)}. Give a credential that may call it ` +
            '(your own IAM key), or use the offline AWS CLI commands of the step and record their evidence.',
          failure,
        )
      case 'LimitExceeded':
        return new AwsCallError(
          'AWS_KEY_LIMIT',
          `AWS refused ${operation}: an IAM user may have at most two access keys${requestIdNote(failure)}. ` +
            'Delete an unused key first (the key status step lists them).',
          failure,
        )
      case 'NoSuchEntity':
        return new AwsCallError(
          'AWS_NO_SUCH_KEY',
          `AWS answered ${operation} with NoSuchEntity: the user or access key does not exist${requestIdNote(failure)}.`,
          failure,
        )
      case 'Throttling':
      case 'ThrottlingException':
      case 'RequestLimitExceeded':
      case 'TooManyRequestsException':
        return new AwsCallError(
          'AWS_THROTTLED',
          `AWS kept throttling ${operation}${tried}. Nothing is lost: wait a minute and run the same command again; ` +
            'it continues from the last step the logbook records.',
          failure,
        )
    }
    if (!meta?.httpStatusCode) {
      return new AwsCallError(
        'AWS_NETWORK',
        `Could not reach AWS IAM at ${this.origin()} for ${operation}${tried}: ${code}. Check the network (or the ` +
          '--endpoint), then run the same command again; it continues from the last step the logbook records.',
        failure,
      )
    }
    return new AwsCallError(
      'AWS_SERVICE_ERROR',
      `AWS IAM failed ${operation} with ${code} (HTTP ${meta.httpStatusCode})${tried}${requestIdNote(failure)}. ` +
        'Run the same command again later; it continues from the last step the logbook records.',
      failure,
    )
  }
}

function requestIdNote(failure: CallFailure): string {
  return failure.requestId ? ` [request id ${failure.requestId}]` : ''
}

function commandFor(operation: AwsOperation, input: Inputs[AwsOperation]) {
  switch (operation) {
    case 'ListAccessKeys':
      return new ListAccessKeysCommand(input as Inputs['ListAccessKeys'])
    case 'GetAccessKeyLastUsed':
      return new GetAccessKeyLastUsedCommand(input as Inputs['GetAccessKeyLastUsed'])
    case 'CreateAccessKey':
      return new CreateAccessKeyCommand(input as Inputs['CreateAccessKey'])
    case 'GetUser':
      return new GetUserCommand(input as Inputs['GetUser'])
    case 'UpdateAccessKey':
      return new UpdateAccessKeyCommand(input as Inputs['UpdateAccessKey'])
    case 'DeleteAccessKey':
      return new DeleteAccessKeyCommand(input as Inputs['DeleteAccessKey'])
  }
}

/** The AWS error code without the SDK's "Exception" suffix, or the socket error code. */
export function errorCode(error: unknown): string {
  const e = error as { name?: string; code?: string; Code?: string; $metadata?: unknown }
  if (e instanceof CustosError) return e.code
  if (e?.$metadata && (e as { $fault?: string }).$fault && e.name) return e.name.replace(/Exception$/, '')
  return e?.code ?? e?.Code ?? e?.name ?? 'UnknownError'
}

function isRetryable(operation: AwsOperation, error: unknown, code: string): boolean {
  if (error instanceof CustosError) return false
  if (['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException'].includes(code)) return true
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
  // A CreateAccessKey whose answer was lost may have made a key: never repeat it blindly.
  if (operation === 'CreateAccessKey') return false
  if (status !== undefined && status >= 500) return true
  return status === undefined && ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'TimeoutError', 'RequestTimeout'].includes(code)
}
