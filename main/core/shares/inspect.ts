// Describes one share without revealing anything secret: which set, which index, K-of-N,
// and whether this vault's key vouches for it.
import { parsePayload, signedMessage } from '../../../shared/share-format'
import type { VaultPublicKey } from '../vault/vault-key'
import type { ShareInput } from './combine'

export interface ShareDescription {
  source: string
  setId: string
  index: number
  threshold: number
  total: number
  label: string
  vaultFingerprint: string
  signature: 'valid' | 'invalid' | 'other-vault' | 'not-checked'
}

export function inspectShare(input: ShareInput, vault: VaultPublicKey | undefined): ShareDescription {
  const share = parsePayload(input.payload, input.source)
  const { header } = share
  let signature: ShareDescription['signature'] = 'not-checked'
  if (vault) {
    if (header.vaultFingerprint !== vault.fingerprint) signature = 'other-vault'
    else signature = vault.verify(signedMessage(share), share.signature) ? 'valid' : 'invalid'
  }
  return {
    source: input.source,
    setId: header.setId,
    index: share.index,
    threshold: header.threshold,
    total: header.total,
    label: header.label,
    vaultFingerprint: header.vaultFingerprint,
    signature,
  }
}
