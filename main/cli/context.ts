// What every command gets: where the vault is, the clock, and the terminal. Built once in
// index.ts from flags and environment so commands stay free of process globals.
import { fixedClock, systemClock, type Clock } from '../core/clock'
import { resolveDataDir } from '../core/vault/data-dir'
import { CustosError } from '../../shared/errors'
import type { Io } from './output'

export interface CliContext {
  io: Io
  env: NodeJS.ProcessEnv
  clock: Clock
  dataDir(explicit: string | undefined): string
}

export function createContext(io: Io, env: NodeJS.ProcessEnv): CliContext {
  return { io, env, clock: clockFromEnv(env), dataDir: (explicit) => resolveDataDir(explicit, env) }
}

/** CUSTOS_FAKE_NOW pins the clock for drills of deadlines and for scripted scenario tests. */
function clockFromEnv(env: NodeJS.ProcessEnv): Clock {
  const fake = env.CUSTOS_FAKE_NOW
  if (!fake) return systemClock
  if (Number.isNaN(new Date(fake).getTime())) {
    throw new CustosError('USAGE', `CUSTOS_FAKE_NOW="${fake}" is not a date; use an ISO time like 2026-01-31T09:00:00Z.`)
  }
  return fixedClock(fake)
}
