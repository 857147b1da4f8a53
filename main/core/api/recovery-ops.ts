// Recovery outside the vault and its receipt, as contract operations: recovery.recover needs
// no vault (nothing under the data directory is read or made), recovery.importReceipt
// records a receipt in this vault's log as a release.
import type { Api } from '../../../shared/api'
import { formatReceipt, RecoveryRequestFields } from '../../../shared/receipt'
import { currentTotp } from '../ceremonies/totp'
import { recoverOutsideVault } from '../shares/recover-outside'
import { importReceipt } from '../shares/receipt-import'
import { validated } from '../ceremonies/ceremony-context'
import type { ApiDeps } from './api-deps'
import { requiredText, withCeremonies } from './workflow-context'
import { CustosError } from '../../../shared/errors'

export type RecoveryOpName = 'recovery.recover' | 'recovery.importReceipt'

const TOOL = 'custos 0.1.0'

export function recoveryOps(deps: ApiDeps): Pick<Api, RecoveryOpName> {
  return {
    'recovery.recover': async (input) => {
      let publicKey: Uint8Array | undefined
      if (input.publicKey !== undefined) {
        const text = input.publicKey.trim()
        if (!/^[A-Za-z0-9+/]{43}=$/.test(text)) {
          throw new CustosError('USAGE', 'The public key must be 44 characters of base64 (the raw 32-byte Ed25519 key), as printed on the runbook or in vault.json.')
        }
        publicKey = new Uint8Array(Buffer.from(text, 'base64'))
      }
      const result = recoverOutsideVault({
        inputs: input.sheets,
        fingerprint: input.fingerprint,
        ...(publicKey ? { publicKey } : {}),
        ...(input.skipAuthenticity ? { skipAuthenticity: true } : {}),
        operator: requiredText(input.operator, 120, 'the operator (who receives the credential)'),
        reason: requiredText(input.reason, 500, 'the reason the vault itself could not be used'),
        request: validated(RecoveryRequestFields, input.request, 'request'),
        now: deps.clock.now(),
        tool: TOOL,
      })
      const totp = result.bundle.kind === 'aws-root-login' && result.bundle.totpSeed ? currentTotp(result.bundle.totpSeed, deps.clock.now()) : undefined
      return { ...result, receiptText: formatReceipt(result.receipt), ...(totp ? { totp } : {}) }
    },
    'recovery.importReceipt': async ({ receipt }) => withCeremonies(deps, (ctx) => importReceipt(ctx, receipt)),
  }
}
