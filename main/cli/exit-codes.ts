// Distinct, documented exit codes (README "Exit codes"): scripts branch on these.
import type { ErrorCode } from '../../shared/errors'

export const EXIT = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  INVALID_INPUT: 3,
  SHARES_REFUSED: 4,
  VAULT: 5,
  VERIFY_FAILED: 6,
  REFUSED_BY_POLICY: 7,
  NETWORK: 8,
} as const

const byCode: Partial<Record<ErrorCode, number>> = {
  USAGE: EXIT.USAGE,
  BUNDLE_INVALID: EXIT.INVALID_INPUT,
  BUNDLE_TOO_LARGE: EXIT.INVALID_INPUT,
  POLICY_INVALID: EXIT.INVALID_INPUT,
  FILE_UNREADABLE: EXIT.INVALID_INPUT,
  OUTPUT_DIR_NOT_EMPTY: EXIT.INVALID_INPUT,
  TYPED_GROUP_INVALID: EXIT.INVALID_INPUT,
  VAULT_NOT_FOUND: EXIT.VAULT,
  VAULT_EXISTS: EXIT.VAULT,
  VAULT_KEY_UNREADABLE: EXIT.VAULT,
}

export function exitCodeFor(code: ErrorCode): number {
  if (code.startsWith('SHARE_') || code === 'NOT_ENOUGH_SHARES' || code === 'ENVELOPE_OPEN_FAILED') {
    return EXIT.SHARES_REFUSED
  }
  return byCode[code] ?? EXIT.INTERNAL
}
