// The logbook operations of the API contract (shared/log-api.ts) over a vault's data dir.
// Read operations open the log read-only, so a broken log can still be inspected and reported.
import type { z } from 'zod'
import type { LogCheckpointOutput, LogRememberCheckpointOutput, LogEntriesInput, LogEntriesOutput, LogVerifyInput, LogVerifyOutput } from '../../../shared/log-api'
import { isVaultEventType } from '../../../shared/events'
import type { Clock } from '../clock'
import type { VaultKey } from '../vault/vault-key'
import { checkpointQrSvg, parseCheckpoint } from './checkpoint'
import { rememberCheckpoint } from './checkpoint-store'
import { CustosError } from '../../../shared/errors'
import { openLogbook, verifyFailure, type LogAnchor, type Logbook } from './logbook-store'
import { sharedLogbook } from './shared-logbook'
import { computerAccount } from './record'

function withLog<T>(dataDir: string, key: VaultKey, clock: Clock, readOnly: boolean, body: (log: Logbook) => T, anchor?: LogAnchor): T {
  const log = openLogbook(dataDir, key, { clock, readOnly, ...(anchor ? { anchor } : {}) })
  try {
    return body(log)
  } finally {
    log.close()
  }
}

export function logEntriesOp(dataDir: string, key: VaultKey, clock: Clock, input: z.output<typeof LogEntriesInput>): z.output<typeof LogEntriesOutput> {
  return withLog(dataDir, key, clock, true, (log) => {
    const head = log.head()
    const type = input.type
    const entries = log.entries({
      ...(input.fromSeq !== undefined ? { fromSeq: input.fromSeq } : {}),
      ...(input.toSeq !== undefined ? { toSeq: input.toSeq } : {}),
      ...(type !== undefined ? { type: isVaultEventType(type) ? type : [] } : {}),
      newestFirst: input.newestFirst ?? false,
      limit: input.limit,
    })
    return {
      origin: log.origin,
      size: head.size,
      headHash: head.hash,
      entries: entries.map((e) => ({
        seq: e.seq,
        time: e.time,
        actor: e.actor,
        type: e.type,
        event: e.event as unknown as Record<string, unknown>,
        hash: e.hash,
        signer: e.signer,
      })),
      ...(computerAccount() ? { account: computerAccount() } : {}),
    }
  })
}

/** The whole check, always from entry 1 (and against the vault's genesis and remembered head when `anchor` is given). */
export function logVerifyOp(
  dataDir: string,
  key: VaultKey,
  clock: Clock,
  input: z.output<typeof LogVerifyInput>,
  anchor?: LogAnchor,
): z.output<typeof LogVerifyOutput> {
  return withLog(
    dataDir,
    key,
    clock,
    true,
    (log) =>
      log.verify(
        input.checkpoints.map((text, i) => ({ source: `Checkpoint ${i + 1}`, text })),
        { signatures: input.full ? 'all' : 'head' },
      ),
    anchor,
  )
}

export async function logCheckpointOp(dataDir: string, key: VaultKey, clock: Clock): Promise<z.output<typeof LogCheckpointOutput>> {
  // A checkpoint vouches for the log: only a log that verifies gets one (read-write open verifies).
  const cp = sharedLogbook(dataDir, key, { clock }).checkpoint()
  return { origin: cp.origin, size: cp.size, hash: cp.hash, text: cp.text, qrSvg: await checkpointQrSvg(cp.text) }
}

/**
 * Keeps a checkpoint held elsewhere (a custodian's sheet or receipt) in checkpoints/. A note
 * that is not this vault's is refused and not kept; a genuine one is kept even when the log
 * fails it, so every later write refuses until the data directory is restored (LOG_VERIFY_FAILED).
 */
export function logRememberCheckpointOp(
  dataDir: string,
  key: VaultKey,
  clock: Clock,
  text: string,
  anchor?: LogAnchor,
): z.output<typeof LogRememberCheckpointOutput> {
  const cp = parseCheckpoint(text)
  // Read-only: a log that fails the checkpoint can still be checked against it (follows key rotations).
  const { report, path } = withLog(dataDir, key, clock, true, (log) => ({ report: log.verify([{ source: 'The checkpoint', text: cp.text }]), path: log.path }), anchor)
  const verdict = report.checkpoints[0]
  if (!verdict || verdict.status === 'invalid') {
    if (!report.ok && report.problem?.kind !== 'checkpoint-invalid') throw verifyFailure(report, path)
    throw new CustosError('CHECKPOINT_INVALID', `${verdict?.message ?? 'The checkpoint cannot be checked.'} Nothing was kept.`, { origin: cp.origin })
  }
  const file = rememberCheckpoint(dataDir, cp)
  if (!report.ok) {
    const p = report.problem!
    throw new CustosError(
      'LOG_VERIFY_FAILED',
      `The checkpoint was kept (${file}), but the logbook ${path} does not extend it${p.seq !== null ? ` at entry ${p.seq}` : ''} (${p.kind}): ${p.message} ` +
        'Custos refuses to record anything further. Restore the data directory from a backup that extends this checkpoint.',
      { seq: p.seq, kind: p.kind, path, file },
    )
  }
  return { origin: cp.origin, size: cp.size, hash: cp.hash, file }
}
