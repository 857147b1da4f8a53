// Typed errors shared by every layer: a stable code a program can branch on and a
// message a person can act on. They cross IPC and HTTP as plain { code, message, details }.

export const ERROR_CODES = [
  // input and usage
  'USAGE',
  'BUNDLE_INVALID',
  'BUNDLE_TOO_LARGE',
  'POLICY_INVALID',
  'FILE_UNREADABLE',
  'OUTPUT_DIR_NOT_EMPTY',
  // vault identity
  'VAULT_NOT_FOUND',
  'VAULT_EXISTS',
  'VAULT_KEY_UNREADABLE',
  'PASSPHRASE_REQUIRED',
  'PASSPHRASE_WRONG',
  // a single share
  'SHARE_UNREADABLE',
  'SHARE_VERSION_UNSUPPORTED',
  'SHARE_TRUNCATED',
  'SHARE_CHECKSUM_MISMATCH',
  'SHARE_SIGNATURE_INVALID',
  'SHARE_FROM_OTHER_VAULT',
  'SHARE_INDEX_OUT_OF_RANGE',
  'SHARE_FIELD_INVALID',
  'SHARE_PUBLIC_KEY_NEEDED',
  'TYPED_GROUP_INVALID',
  'SHARE_IMAGE_UNREADABLE',
  'SHARE_QR_NOT_FOUND',
  // a set of shares
  'SHARE_FROM_OTHER_SET',
  'SHARE_HEADER_MISMATCH',
  'SHARE_INDEX_CONFLICT',
  'SHARE_ALREADY_PRESENTED',
  'NOT_ENOUGH_SHARES',
  'ENVELOPE_OPEN_FAILED',
  // recovery outside the vault and its receipt
  'RECEIPT_INVALID',
  'RECEIPT_FROM_OTHER_SET',
  'RECEIPT_ALREADY_IMPORTED',
  // desktop shell
  'NETWORK_BLOCKED',
  'IPC_SENDER_REFUSED',
  // audit export and verification
  'AUDIT_CERT_UNREADABLE',
  'AUDIT_PDF_UNREADABLE',
  'AUDIT_SIGNATURE_INVALID',
  'AUDIT_NOT_WHOLE_FILE',
  'AUDIT_SIGNER_UNTRUSTED',
  'AUDIT_LOG_INVALID',
  'AUDIT_SUMMARY_MISMATCH',
  'AUDIT_CHECKPOINT_MISMATCH',
  'AUDIT_NO_TRUST_ANCHOR',
  // AWS IAM aftercare
  'AWS_ENDPOINT_INVALID',
  'AWS_CREDENTIAL_REFUSED',
  'AWS_ACCESS_DENIED',
  'AWS_KEY_LIMIT',
  'AWS_NO_SUCH_KEY',
  'AWS_THROTTLED',
  'AWS_NETWORK',
  'AWS_SERVICE_ERROR',
  'AWS_STEP_NEEDS_CONFIRMATION',
  'AWS_SIGNER_UNUSABLE',
  'AWS_STATE_CONFLICT',
  // logbook
  'LOG_NOT_FOUND',
  'LOG_WRITE_FAILED',
  'LOG_VERIFY_FAILED',
  'CLOCK_WENT_BACKWARDS',
  'CHECKPOINT_INVALID',
  // ceremonies: methods, custodians, issuance, custody, releases, drills
  'INPUT_INVALID',
  'METHOD_NOT_FOUND',
  'METHOD_EXISTS',
  'CUSTODIAN_NOT_FOUND',
  'CUSTODIAN_EXISTS',
  'ASSIGNMENT_INVALID',
  'ISSUANCE_IN_PROGRESS',
  'SET_NOT_FOUND',
  'SET_NOT_READY',
  'SHEET_NOT_FOUND',
  'RELEASE_NOT_FOUND',
  'REQUEST_INCOMPLETE',
  'RELEASE_STATE',
  /** A credential is recovered in a vault only through a logged release (custos combine refuses). */
  'RECOVERY_NEEDS_RELEASE',
  'SHARE_FROM_RETIRED_SET',
  'SHARE_NOT_ACTIVE_SET',
  'SHEET_NOT_HELD_BY_PRESENTER',
  'OPERATOR_MAY_NOT_PRESENT',
  'NOT_A_TERMINAL',
  // anything we did not foresee
  'INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ErrorInfo {
  code: ErrorCode
  message: string
  /** Machine-readable context (share indexes, counts, set ids); never secret material. */
  details?: Record<string, unknown>
}

export class CustosError extends Error {
  readonly code: ErrorCode
  readonly details?: Record<string, unknown>

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message)
    this.name = 'CustosError'
    this.code = code
    this.details = details
  }

  toInfo(): ErrorInfo {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details }
  }
}

export function isCustosError(value: unknown): value is CustosError {
  return value instanceof CustosError
}

/** Turns anything thrown into an ErrorInfo without leaking stack traces or secrets. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (isCustosError(error)) return error.toInfo()
  return {
    code: 'INTERNAL',
    message:
      'Custos hit an unexpected problem and stopped before changing anything. ' +
      'Please report it with the steps that led here.',
  }
}

/** Exhaustiveness guard: the compiler flags every switch that misses a union member. */
export function assertNever(value: never, what = 'value'): never {
  throw new CustosError('INTERNAL', `Unhandled ${what}: ${JSON.stringify(value)}`)
}
