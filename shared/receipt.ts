// The recovery receipt: what `custos recover` writes when a credential is recovered outside
// the vault. It is signed with the set's receipt key, derived from the data key, so only a
// quorum could sign it; anyone can check it with the set's receipt public key (on every
// format 2 sheet and in set.issued). Pure: a browser page can build and check it too.
import { sha256 } from '@noble/hashes/sha2'
import { z } from 'zod'
import { base32Encode } from './base32'
import { CustosError } from './errors'
import { verifyWithPublicKey } from './share-auth'
import { MAX_SHARES } from './share-format'

export const RECEIPT_FORMAT = 'custos.recovery-receipt'
export const RECEIPT_SIGNATURE_DOMAIN = 'custos.recovery-receipt.v1\n'

const Base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected base64')
const Line = (max: number) => z.string().trim().min(1).max(max)
const SetId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{8}$/)
const Fingerprint = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{16}$/)

/** The request a recovery answers: the same fields `release request` takes. */
export const RecoveryRequestFields = z.strictObject({
  incidentTicket: Line(120),
  justification: Line(2000),
  businessRisk: Line(2000),
  whyNotNormalAccess: Line(2000),
  requester: z.strictObject({ name: Line(120), team: Line(120), area: Line(120) }),
  resourceOwner: z.strictObject({ team: Line(120), contacts: Line(300) }),
  useCase: Line(200),
})
export type RecoveryRequestFields = z.infer<typeof RecoveryRequestFields>

export const ReceiptSheet = z.strictObject({
  index: z.number().int().min(1).max(MAX_SHARES),
  /** Format 2 sheets: the copy number the sheet carries. */
  copy: z.number().int().min(1).max(255).optional(),
  /** base32 SHA-256(payload text)[0..10], as in the logbook: which sheet, without the share. */
  sheetFingerprint: Fingerprint,
})

export const ReceiptBody = z.strictObject({
  format: z.literal(RECEIPT_FORMAT),
  version: z.literal(1),
  /** 16 base32 characters, random: what makes a receipt importable once only. */
  receiptId: Fingerprint,
  setId: SetId,
  /** Share format of the sheets: 2 (receipt key on the sheets) or 1 (no receipt key: the receipt proves nothing alone). */
  setVersion: z.union([z.literal(1), z.literal(2)]),
  vaultFingerprint: Fingerprint,
  /** Raw Ed25519 public key of the set's receipt key, base64 (HKDF from the data key). */
  receiptPublicKey: Base64,
  recoveredAt: z.string().datetime({ offset: true }),
  operator: Line(120),
  /** Why the vault itself could not be used. */
  reason: Line(500),
  request: RecoveryRequestFields,
  sheets: z.array(ReceiptSheet).min(1).max(16),
  /** "not-checked" when the operator chose --skip-authenticity for format 1 sheets. */
  authenticity: z.enum(['checked', 'not-checked']),
  tool: Line(120),
})
export type ReceiptBody = z.infer<typeof ReceiptBody>

export const RecoveryReceipt = ReceiptBody.extend({ signature: Base64 })
export type RecoveryReceipt = z.infer<typeof RecoveryReceipt>

/**
 * Canonical JSON (docs/FORMAT.md 3.2): members sorted by key, no white space, strings as
 * JSON.stringify writes them, integers only. The receipt's signature covers this form.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new CustosError('INTERNAL', 'Canonical JSON holds integers only.')
    return String(value === 0 ? 0 : value)
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  throw new CustosError('INTERNAL', `Canonical JSON cannot hold a ${typeof value}.`)
}

const utf8 = new TextEncoder()

/** The bytes the receipt key signs. */
export function receiptMessage(body: ReceiptBody): Uint8Array {
  return utf8.encode(RECEIPT_SIGNATURE_DOMAIN + canonicalJson(body))
}

/** hex SHA-256 of the signed bytes: names the receipt in the log. */
export function receiptHash(body: ReceiptBody): string {
  return [...sha256(receiptMessage(body))].map((b) => b.toString(16).padStart(2, '0')).join('')
}

export function newReceiptId(random: Uint8Array): string {
  return base32Encode(random.subarray(0, 10))
}

export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary)
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text)
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}

/** The receipt file's text: pretty JSON with the members in canonical order, and a newline. */
export function formatReceipt(receipt: RecoveryReceipt): string {
  return JSON.stringify(JSON.parse(canonicalJson(receipt)), null, 2) + '\n'
}

/**
 * Parses a receipt file and checks its signature against the receipt public key it names
 * (whether that key is the set's is the importer's check). Throws RECEIPT_INVALID.
 */
export function parseReceipt(text: string): { body: ReceiptBody; signature: Uint8Array } {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new CustosError('RECEIPT_INVALID', 'This file is not a Custos recovery receipt: it is not JSON. Give the receipt file custos recover wrote.')
  }
  const parsed = RecoveryReceipt.safeParse(json)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(receipt)'}: ${i.message}`)
    throw new CustosError(
      'RECEIPT_INVALID',
      `This file is not a valid Custos recovery receipt (${problems.slice(0, 3).join('; ')}). It was altered, or it is not a receipt.`,
      { problems },
    )
  }
  const { signature, ...body } = parsed.data
  const signatureBytes = fromBase64(signature)
  const publicKey = fromBase64(body.receiptPublicKey)
  if (publicKey.length !== 32 || signatureBytes.length !== 64 || !verifyWithPublicKey(publicKey, receiptMessage(body), signatureBytes)) {
    throw new CustosError(
      'RECEIPT_INVALID',
      `The receipt for set ${body.setId} does not verify: its signature does not match its content, so it was altered after recovery. ` +
        'Do not import it; find the original receipt file.',
      { setId: body.setId, receiptId: body.receiptId },
    )
  }
  return { body, signature: signatureBytes }
}
