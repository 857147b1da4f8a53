// Contract schemas of the share operations that work on files and on sets outside a
// ceremony: splitting into share files (and printable sheets), and the verify-only check
// of printed sheets, which opens the set in memory and never returns the credential.
import { z } from 'zod'
import { CredentialBundle } from './bundle'
import { ErrorInfoSchema } from './error-info'

export const SplitToFilesInput = z.object({
  bundle: CredentialBundle,
  threshold: z.number().int(),
  total: z.number().int(),
  label: z.string().max(64).optional(),
  /** Also write printable sheets (a page per copy of each share) to a new PDF chosen in a save dialog. */
  sheets: z
    .object({
      copies: z.number().int().min(1).max(9).optional(),
      pageSize: z.enum(['A4', 'LETTER']).optional(),
      emergencyContact: z.string().max(120).optional(),
    })
    .optional(),
})

export const SplitToFilesOutput = z.object({
  /** False when the person cancelled a dialog (nothing was split, logged or written). */
  saved: z.boolean(),
  setId: z.string().optional(),
  threshold: z.number().optional(),
  total: z.number().optional(),
  label: z.string().optional(),
  folder: z.string().optional(),
  files: z.array(z.string()).optional(),
  /** The sheets PDF written: `pages` counts both sides (each sheet's face, then its custody record). */
  sheets: z.object({ path: z.string(), pages: z.number() }).optional(),
})

export const SheetsVerifyInput = z.object({
  setId: z.string().max(40),
  /** Copies printed of each share: then every copy must be among the scans. */
  copies: z.number().int().min(1).max(9).optional(),
  /** Each sheet's text as decoded from a scan, or why nothing could be read from that scan. */
  sheets: z
    .array(
      z.union([
        z.object({ source: z.string().min(1).max(200), payload: z.string().min(1).max(4000) }),
        z.object({ source: z.string().min(1).max(200), unread: ErrorInfoSchema }),
      ]),
    )
    .min(1)
    .max(200),
})

export const SheetsVerifyReport = z.object({
  setId: z.string(),
  ok: z.boolean(),
  threshold: z.number().optional(),
  total: z.number().optional(),
  sheets: z.array(z.object({ source: z.string(), index: z.number().optional(), ok: z.boolean(), problem: ErrorInfoSchema.optional() })),
  seen: z.array(z.object({ index: z.number(), copies: z.number() })),
  missingIndexes: z.array(z.number()),
  recombines: z.boolean(),
  problems: z.array(z.string()),
})

/** Verify-only recombination of any shares of one set: which ones open it; never the credential. */
export const SharesCheckInput = z.object({
  shares: z.array(z.object({ source: z.string().min(1).max(200), payload: z.string().min(1).max(4000) })).min(1).max(64),
})

export const SharesCheckOutput = z.object({
  setId: z.string(),
  threshold: z.number(),
  total: z.number(),
  label: z.string(),
  /** True: the shares opened the sealed credential in memory (it was not returned). */
  recombines: z.boolean(),
  used: z.array(z.object({ index: z.number(), source: z.string() })),
  notices: z.array(z.string()),
  rejected: z.array(z.object({ source: z.string(), error: ErrorInfoSchema })),
})
