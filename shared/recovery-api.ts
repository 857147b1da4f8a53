// Schemas of the recovery operations in the API contract (shared/api.ts): recovering a
// credential without the vault from sheets and the vault fingerprint (no data directory is
// read or made), and importing the receipt of such a recovery into the vault as a release.
import { z } from 'zod'
import { CredentialBundle } from './bundle'
import { RecoveryReceipt, RecoveryRequestFields } from './receipt'

const ErrorInfoView = z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() })

export const RecoverInput = z.object({
  /** Share texts read from QR codes, files or typed groups, each with where it came from. */
  sheets: z.array(z.object({ source: z.string().min(1).max(200), payload: z.string().max(4000) })).min(1).max(64),
  /** The vault fingerprint as on the runbook (16 base32 characters; hyphens and spaces allowed). */
  fingerprint: z.string().min(1).max(40),
  /** Format 1 sheets: the vault's raw Ed25519 public key, base64 (runbook or vault.json). */
  publicKey: z.string().max(100).optional(),
  /** Format 1 sheets: recover without checking signatures; recorded in the receipt. */
  skipAuthenticity: z.boolean().optional(),
  operator: z.string(),
  /** Why the vault itself could not be used. */
  reason: z.string(),
  request: RecoveryRequestFields,
})

export const RecoveredView = z.object({
  bundle: CredentialBundle,
  setId: z.string(),
  threshold: z.number(),
  total: z.number(),
  label: z.string(),
  setVersion: z.number(),
  /** The sheets that opened the set: share index and, for format 2 sheets, the copy number they carry. */
  used: z.array(z.object({ index: z.number(), copy: z.number().optional(), source: z.string() })),
  notices: z.array(z.string()),
  rejected: z.array(z.object({ source: z.string(), error: ErrorInfoView })),
  warnings: z.array(z.string()),
  receipt: RecoveryReceipt,
  /** The receipt file's text (canonical member order), to save or show as a QR code. */
  receiptText: z.string(),
  /** Root logins with an MFA seed: the current code. */
  totp: z.object({ code: z.string(), secondsRemaining: z.number() }).optional(),
})

export const ImportReceiptInput = z.object({ receipt: z.string().min(1).max(100_000) })

export const ImportedReceiptView = z.object({
  releaseId: z.string(),
  setId: z.string(),
  receiptId: z.string(),
  operator: z.string(),
  recoveredAt: z.string(),
  /** True for format 2 sets: the receipt is signed by the set's receipt key, so a quorum was present. */
  quorumProven: z.boolean(),
  authenticityChecked: z.boolean(),
  /** Who the log says holds each presented sheet (by its copy number on format 2 sheets). */
  presented: z.array(z.object({ index: z.number(), copy: z.number().optional(), custodianId: z.string() })),
  revokeBy: z.string(),
  rotateBy: z.string(),
  reviewBy: z.string(),
  warnings: z.array(z.string()),
})
