// What every command gets: where the vault is, the clock, and the terminal. Built once per
// run from flags, environment and the host so commands stay free of process globals.
import { resolveDataDir, systemClock, type Clock } from '../core/api'
import type { Io } from './output'

export interface CliContext {
  io: Io
  env: NodeJS.ProcessEnv
  clock: Clock
  dataDir(explicit: string | undefined): string
  /** The exit code the command ended with (set by each command's action). */
  exitCode: number
}

/** The shipped command always runs on the system clock; tests pass a pinned one (test/helpers/cli-test-entry.ts). */
export function createContext(io: Io, env: NodeJS.ProcessEnv, clock: Clock = systemClock): CliContext {
  return { io, env, clock, dataDir: (explicit) => resolveDataDir(explicit, env), exitCode: 0 }
}
