// What every ceremony service works with: the open logbook (the only state), the vault key,
// the clock and who is acting. Services read state by folding the log, then append.
import type { z } from 'zod'
import { CustosError } from '../../../shared/errors'
import type { VaultEvent } from '../../../shared/events'
import type { Clock } from '../clock'
import type { Logbook, LogEntry, VaultState } from '../logbook'
import { sharedLogbook } from '../logbook/shared-logbook'
import { anchorVaultLog, openVault } from '../vault/vault-store'
import type { VaultKey } from '../vault/vault-key'

export interface CeremonyContext {
  log: Logbook
  key: VaultKey
  clock: Clock
  actor: string
  dataDir: string
}

/**
 * The vault and the process's shared logbook (verified and folded once, then advanced by
 * what is appended since), checked against the history the vault has seen.
 */
export function openCeremonyContext(dataDir: string, clock: Clock, actor: string): CeremonyContext & { close(): void } {
  const vault = openVault(dataDir)
  const log = sharedLogbook(dataDir, vault.key, { clock, ...(vault.info.logbook ? { anchor: vault.info.logbook } : {}) })
  if (!vault.info.logbook) {
    const anchor = log.anchor()
    if (anchor) anchorVaultLog(dataDir, anchor)
  }
  return { log, key: vault.key, clock, actor, dataDir, close: () => log.close() }
}

export function stateOf(ctx: CeremonyContext): VaultState {
  return ctx.log.state()
}

/** Appends events in one durable transaction; nothing they describe may happen before this returns. */
export function record(ctx: CeremonyContext, ...events: VaultEvent[]): LogEntry[] {
  return ctx.log.appendAll(ctx.actor, events)
}

/**
 * Checks and appends in one serialised step: `build` runs inside the write transaction against
 * the state at the head it appends to; it throws to refuse or returns the events to append.
 */
export function recordWith(ctx: CeremonyContext, build: (state: Readonly<VaultState>) => readonly VaultEvent[]): LogEntry[] {
  return ctx.log.appendWith(ctx.actor, build)
}

/** Validates a would-be event against its schema, naming every field that is wrong. */
export function validated<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`)
  throw new CustosError('INPUT_INVALID', `The ${what} is not valid:\n  ${issues.join('\n  ')}`, { issues })
}
