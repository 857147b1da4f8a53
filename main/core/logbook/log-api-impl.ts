// The logbook operations of the API contract (shared/log-api.ts) over a vault's data dir.
// Read operations open the log read-only, so a broken log can still be inspected and reported.
import type { z } from 'zod'
import type { LogCheckpointOutput, LogEntriesInput, LogEntriesOutput, LogVerifyInput, LogVerifyOutput } from '../../../shared/log-api'
import { isVaultEventType } from '../../../shared/events'
import type { Clock } from '../clock'
import type { VaultKey } from '../vault/vault-key'
import { checkpointQrSvg } from './checkpoint'
import { openLogbook, type LogAnchor, type Logbook } from './logbook-store'
import { sharedLogbook } from './shared-logbook'

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
