// The logbook's typed events: every state Custos shows is a fold of these (main/core/logbook/
// vault-state.ts). Pure: zod schemas validate what is appended; secrets and shares never appear.
import { z } from 'zod'
import { AccessKeyId, AWS_EVENT_SCHEMAS } from './aws-events'
import { CEREMONY_EVENT_SCHEMAS } from './ceremony-events'

/** 16 base32 characters: the first 10 bytes of SHA-256 over something (a public key, a share payload). */
const Fingerprint = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{16}$/, 'expected a 16-character base32 fingerprint')
const SetId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{8}$/, 'expected an 8-character base32 set id')
const Base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected base64')

// To add an event: declare its schema here, add it to VaultEventSchema below, then let the
// compiler walk you to every switch that ends in assertNever (the fold first).

export const VaultCreatedEvent = z.strictObject({
  type: z.literal('vault.created'),
  name: z.string().min(1).max(200),
  /** The vault key's fingerprint, as printed on every sheet. */
  fingerprint: Fingerprint,
  /** Raw Ed25519 public key, base64: the key that signs the log from here on. */
  publicKey: Base64.optional(),
})

export const SetIssuedEvent = z.strictObject({
  type: z.literal('set.issued'),
  setId: SetId,
  threshold: z.number().int().min(1).max(255),
  total: z.number().int().min(1).max(255),
  label: z.string().max(200),
  vaultFingerprint: Fingerprint,
  /** The break-glass method this set protects, once methods exist. */
  methodId: z.string().min(1).max(100).optional(),
  /**
   * One per share, in index order: base32 of SHA-256(the share's QR payload text)[0..10].
   * Lets a returned or presented sheet be matched to this record; reveals nothing of the share.
   */
  shareFingerprints: z.array(Fingerprint).max(255).optional(),
  /** When the set holds an AWS access key made by `custos aws rotate`: its key id (never the secret). */
  awsAccessKeyId: AccessKeyId.optional(),
  /**
   * Share format 2: the set's receipt public key (raw Ed25519, base64), derived from the data key
   * (docs/FORMAT.md 2.9); a recovery receipt for this set must be signed by it.
   */
  receiptPublicKey: Base64.optional(),
})

export const LogKeyRotatedEvent = z.strictObject({
  type: z.literal('log.key-rotated'),
  previousFingerprint: Fingerprint,
  newFingerprint: Fingerprint,
  /** Raw Ed25519 public key of the new log key, base64. */
  newPublicKey: Base64,
  /** The new key's signature over the rotation statement (docs/FORMAT.md section 3), base64: proof it consents. */
  endorsement: Base64,
  reason: z.string().max(500).optional(),
})

export const VaultEventSchema = z.discriminatedUnion('type', [
  VaultCreatedEvent,
  SetIssuedEvent,
  LogKeyRotatedEvent,
  // AWS IAM aftercare (shared/aws-events.ts, docs/aws.md)
  ...AWS_EVENT_SCHEMAS,
  // Methods, custodians, issuance, custody, releases, drills, reviews (shared/ceremony-events.ts)
  ...CEREMONY_EVENT_SCHEMAS,
])

export type VaultEvent = z.infer<typeof VaultEventSchema>
export type VaultEventType = VaultEvent['type']
export type EventOf<T extends VaultEventType> = Extract<VaultEvent, { type: T }>

export const VAULT_EVENT_TYPES = VaultEventSchema.options.map((o) => o.shape.type.value) as VaultEventType[]

export function isVaultEventType(type: string): type is VaultEventType {
  return (VAULT_EVENT_TYPES as string[]).includes(type)
}
