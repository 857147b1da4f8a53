// The cover page's figures in machine-readable form, embedded as custos-audit-summary.json
// inside the signed range. The cover is rendered from this same object, and `custos audit
// verify` recomputes every figure from the embedded log and compares.
import { z } from 'zod'

export const LOG_ATTACHMENT = 'custos-logbook.json'
export const SUMMARY_ATTACHMENT = 'custos-audit-summary.json'

export const AuditSummary = z.strictObject({
  format: z.literal('custos-audit-summary'),
  version: z.literal(1),
  vault: z.strictObject({ name: z.string(), fingerprint: z.string() }),
  methods: z.array(z.string()),
  generatedAt: z.string(),
  period: z.strictObject({ from: z.string().nullable(), to: z.string().nullable() }),
  log: z.strictObject({
    attachment: z.literal(LOG_ATTACHMENT),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** Entries in the embedded log (the whole chain). */
    entries: z.number().int().nonnegative(),
    headHash: z.string(),
  }),
  /** Entries shown in the readable sections and the table. */
  periodEntries: z.strictObject({
    count: z.number().int().nonnegative(),
    firstSeq: z.number().int().nullable(),
    lastSeq: z.number().int().nullable(),
  }),
  latestCheckpoint: z.strictObject({ size: z.number().int(), headHash: z.string(), time: z.string().nullable() }).nullable(),
  signer: z.strictObject({
    certificateSha256: z.string(),
    rootCertificateSha256: z.string(),
    subject: z.string(),
  }),
})
export type AuditSummary = z.infer<typeof AuditSummary>

export function periodText(period: AuditSummary['period'], firstTime?: string, lastTime?: string): string {
  const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : undefined)
  const from = day(period.from) ?? day(firstTime) ?? 'start'
  const to = day(period.to) ?? day(lastTime) ?? 'now'
  return `${from} to ${to}`
}
