// Issuance of a rotated key, until the ceremony code takes over: split the new bundle into a
// new set, let the caller make the shares durable, then record set.issued naming the key id.
import type { AwsAccessKeyBundle } from '../../../shared/bundle'
import { setIssuedEvent } from '../logbook/record'
import { splitBundle, type SplitResult } from '../shares/split'
import type { VaultKey } from '../vault/vault-key'
import type { AftercareLog } from './aftercare-log'
import type { IssueNewKey } from './rotate-key'

export interface SplitIssuerOptions {
  log: AftercareLog
  vaultKey: VaultKey
  threshold: number
  total: number
  label?: string
  /** Makes the shares durable (files, printed sheets) and resolves only once they are. */
  deliver: (result: SplitResult) => Promise<void>
}

/** The one issuance hook of `rotate` (the lead's issuance ceremony replaces this function). */
export function splitIssuer(options: SplitIssuerOptions): IssueNewKey {
  return async (bundle: AwsAccessKeyBundle) => {
    const result = splitBundle({ bundle, threshold: options.threshold, total: options.total, label: options.label }, options.vaultKey)
    // Shares first, record second: a set.issued entry always names shares that exist.
    await options.deliver(result)
    const { header } = result
    options.log.append({ ...setIssuedEvent(header, result.payloads), awsAccessKeyId: bundle.accessKeyId })
    return { setId: header.setId }
  }
}
