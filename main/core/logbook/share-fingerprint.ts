// What the log records of a share instead of the share: a short hash of its payload text,
// enough to match a returned or presented sheet to its set.issued record.
import { createHash } from 'node:crypto'
import { base32Encode } from '../../../shared/base32'

/** base32 of SHA-256(UTF-8 payload text, trimmed)[0..10]: 16 characters, like a key fingerprint. */
export function shareFingerprint(payload: string): string {
  return base32Encode(createHash('sha256').update(payload.trim(), 'utf8').digest().subarray(0, 10))
}
