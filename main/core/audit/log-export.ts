// The logbook as one JSON document (custos-logbook.json): every stored row exactly as hashed
// and signed, plus the origin and genesis key, so the chain re-verifies from this file alone
// with the logbook's own verifier (verifyEntries).
import { z } from 'zod'
import { CustosError } from '../../../shared/errors'
import { verifyEntries, type CheckpointInput, type StoredEntry, type VerifyReport } from '../logbook'
import { publicKeyFromRaw, type VaultPublicKey } from '../vault/vault-key'

export const LOG_EXPORT_FORMAT = 'custos-logbook-export'

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/)

export const StoredEntrySchema = z.strictObject({
  seq: z.number().int().positive(),
  time: z.string(),
  actor: z.string(),
  type: z.string(),
  /** Canonical JSON of the event without its type: the exact text that was hashed. */
  payload: z.string(),
  prevHash: Hex64,
  hash: Hex64,
  signer: z.string(),
  signature: z.string(),
})

export const LogExport = z.strictObject({
  format: z.literal(LOG_EXPORT_FORMAT),
  version: z.literal(1),
  origin: z.string(),
  genesisPublicKey: z.string(),
  exportedAt: z.string(),
  size: z.number().int().nonnegative(),
  headHash: Hex64,
  entries: z.array(StoredEntrySchema),
})
export type LogExport = z.infer<typeof LogExport>

/** The export without its entries: what custos-logbook.json says before the rows. */
export type LogExportHead = Omit<LogExport, 'entries'>

/**
 * custos-logbook.json written from rows as the logbook streams them, one entry per line
 * (readable in a text editor and diffable, still plain JSON): the rows are read once and
 * never held as objects, only as JSON text built in slices of a thousand lines. `onRow`
 * sees each row on its way through.
 */
export function serializeLogStream(head: LogExportHead, rows: Iterable<StoredEntry>, onRow?: (row: StoredEntry) => void): Buffer {
  const start = {
    format: head.format,
    version: head.version,
    origin: head.origin,
    genesisPublicKey: head.genesisPublicKey,
    exportedAt: head.exportedAt,
    size: head.size,
    headHash: head.headHash,
  }
  const parts: Buffer[] = [Buffer.from(`${JSON.stringify(start).slice(0, -1)},"entries":[\n`, 'utf8')]
  let lines: string[] = []
  let first = true
  const flush = () => {
    parts.push(Buffer.from((first ? '' : ',\n') + lines.join(',\n'), 'utf8'))
    first = false
    lines = []
  }
  for (const e of rows) {
    onRow?.(e)
    // The fields in the order of StoredEntrySchema, whatever order the row object has them in.
    const entry = { seq: e.seq, time: e.time, actor: e.actor, type: e.type, payload: e.payload, prevHash: e.prevHash, hash: e.hash, signer: e.signer, signature: e.signature }
    lines.push('    ' + JSON.stringify(entry))
    if (lines.length === 1000) flush()
  }
  if (lines.length > 0) flush()
  parts.push(Buffer.from('\n]}\n', 'utf8'))
  return Buffer.concat(parts)
}

export function parseLogExport(bytes: Uint8Array, what = 'The embedded log'): LogExport {
  let json: unknown
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'))
  } catch {
    throw new CustosError('AUDIT_LOG_INVALID', `${what} is not valid JSON.`)
  }
  const parsed = LogExport.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new CustosError('AUDIT_LOG_INVALID', `${what} is not a Custos logbook export (${issue?.path.join('.') || 'top level'}: ${issue?.message}).`)
  }
  return parsed.data
}

/** The log key in force after the last rotation: the key the export claims signs its head. */
export function headKeyOf(exp: LogExport): VaultPublicKey {
  let raw = exp.genesisPublicKey
  for (const entry of exp.entries) {
    if (entry.type !== 'log.key-rotated') continue
    try {
      const p = JSON.parse(entry.payload) as { newPublicKey?: unknown }
      if (typeof p.newPublicKey === 'string') raw = p.newPublicKey
    } catch {
      // verifyEntries reports the unreadable rotation precisely.
    }
  }
  try {
    return publicKeyFromRaw(Buffer.from(raw, 'base64'))
  } catch {
    throw new CustosError('AUDIT_LOG_INVALID', 'The embedded log names a log key that is not an Ed25519 public key.')
  }
}

/** Re-verifies an exported chain: every hash, every signature, rotations, and the given checkpoints. */
export function verifyLogExport(exp: LogExport, trustedKey: VaultPublicKey, checkpoints: readonly CheckpointInput[]): VerifyReport {
  if (exp.entries.length !== exp.size) {
    return {
      ok: false,
      origin: exp.origin,
      size: exp.entries.length,
      headHash: exp.headHash,
      keyFingerprint: trustedKey.fingerprint,
      signatures: 'all',
      signaturesChecked: 0,
      problem: { seq: null, kind: 'malformed', message: `The export says it holds ${exp.size} entries but lists ${exp.entries.length}.` },
      checkpoints: [],
    }
  }
  const report = verifyEntries({
    origin: exp.origin,
    genesisPublicKey: exp.genesisPublicKey,
    trustedKey,
    entries: exp.entries as StoredEntry[],
    checkpoints,
    signatures: 'all',
  })
  if (report.ok && report.headHash !== exp.headHash) {
    return {
      ...report,
      ok: false,
      problem: { seq: report.size, kind: 'modified', message: `The export's head hash does not match its last entry ${report.size}.` },
    }
  }
  return report
}
