// Contract schemas of the logbook operations (log.entries, log.verify, log.checkpoint),
// kept beside shared/api.ts so the UI, the audit export and the CLI read one shape.
import { z } from 'zod'

export const LogEntriesInput = z.object({
  fromSeq: z.number().int().min(1).optional(),
  toSeq: z.number().int().min(1).optional(),
  type: z.string().max(64).optional(),
  newestFirst: z.boolean().optional(),
  limit: z.number().int().min(1).max(1000).default(200),
})

export const LogEntryView = z.object({
  seq: z.number(),
  time: z.string(),
  actor: z.string(),
  type: z.string(),
  /** The event as logged (its fields; never secrets: none are ever logged). */
  event: z.record(z.string(), z.unknown()),
  hash: z.string(),
  signer: z.string(),
})

export const LogEntriesOutput = z.object({
  /** The log's origin line ("custos.logbook/FINGERPRINT"), as checkpoints name it. */
  origin: z.string().optional(),
  size: z.number(),
  headHash: z.string(),
  entries: z.array(LogEntryView),
  /**
   * The computer account this Custos runs under: an entry whose actor is exactly this was
   * recorded with no person named, so readers say "this computer's account <name>".
   */
  account: z.string().optional(),
})

export const LogVerifyInput = z.object({
  /** Checkpoint notes held by custodians or printed on sheets, as text. */
  checkpoints: z.array(z.string().max(2000)).max(50).default([]),
  /** Check every entry's signature too (slower: about 0.1 ms per entry). */
  full: z.boolean().default(false),
})

export const VerifyProblemKindSchema = z.enum([
  'modified',
  'gap',
  'out-of-order',
  'bad-signature',
  'foreign-key',
  'malformed',
  'truncated',
  'forked',
  'checkpoint-invalid',
])

export const LogVerifyOutput = z.object({
  ok: z.boolean(),
  origin: z.string(),
  size: z.number(),
  headHash: z.string(),
  keyFingerprint: z.string(),
  signatures: z.enum(['head', 'all']),
  signaturesChecked: z.number(),
  problem: z.object({ seq: z.number().nullable(), kind: VerifyProblemKindSchema, message: z.string() }).optional(),
  checkpoints: z.array(
    z.object({
      source: z.string(),
      size: z.number().nullable(),
      status: z.enum(['consistent', 'truncated', 'forked', 'invalid']),
      message: z.string(),
    }),
  ),
})

export const LogCheckpointOutput = z.object({
  origin: z.string(),
  size: z.number(),
  /** Hex head hash at `size`. */
  hash: z.string(),
  /** The signed note to print, hand out and type back in. */
  text: z.string(),
  /** The note as an SVG QR code. */
  qrSvg: z.string(),
})

export const LogRememberCheckpointInput = z.object({
  /** A checkpoint note (as "custos log checkpoint" printed it) that later writes must extend. */
  text: z.string().min(1).max(2000),
})

export const LogRememberCheckpointOutput = z.object({
  origin: z.string(),
  size: z.number(),
  hash: z.string(),
  /** Where the data directory keeps it (checkpoints/). */
  file: z.string(),
})
