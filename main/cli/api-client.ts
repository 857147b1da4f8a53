// The CLI's one door into the backend: the same createApi + dispatch the app and the test
// host use, so input checks, state rules, logging and errors cannot drift between front ends.
import type { OperationInput, OperationName, OperationOutput } from '../../shared/api'
import { CustosError } from '../../shared/errors'
import { createApi, dispatch, type ApiDeps, type DesktopPort } from '../core/api'
import { cliDesktop, type CliDialogs } from './cli-desktop'
import type { CliContext } from './context'

export interface CliApi {
  readonly dataDir: string
  /** Runs one operation through dispatch; an error result is raised as the CustosError it describes. */
  call<K extends OperationName>(name: K, input: OperationInput<K>): Promise<OperationOutput<K>>
}

export interface CliApiOptions {
  /** --data-dir, else CUSTOS_DATA_DIR, else the platform's app-data folder. */
  dataDir?: string
  /** What stands in for the desktop's dialogs: e.g. a save "dialog" that answers with --pdf FILE. */
  desktop?: DesktopPort
  /** Extra dependencies (AWS endpoint override and the like). */
  deps?: Partial<Omit<ApiDeps, 'dataDir' | 'clock' | 'desktop'>>
}

export function cliApi(ctx: CliContext, options: CliApiOptions = {}): CliApi {
  const dataDir = ctx.dataDir(options.dataDir)
  const impl = createApi({ ...options.deps, dataDir, clock: ctx.clock, ...(options.desktop ? { desktop: options.desktop } : {}) })
  return {
    dataDir,
    async call(name, input) {
      const result = await dispatch(impl, name, input)
      if (!result.ok) throw new CustosError(result.error.code, result.error.message, result.error.details)
      return result.value as OperationOutput<typeof name>
    },
  }
}

export interface CliSession extends CliApi {
  /** What the save and open "dialogs" answer: set by the command from its flags before a call. */
  readonly dialogs: CliDialogs
}

/** cliApi with a desktop port whose dialogs the command fills in from its flags. */
export function cliSession(ctx: CliContext, dataDir: string | undefined): CliSession {
  const dialogs: CliDialogs = {}
  const api = cliApi(ctx, { ...(dataDir !== undefined ? { dataDir } : {}), desktop: cliDesktop(dialogs) })
  return { dataDir: api.dataDir, call: api.call, dialogs }
}

/** Refuses at once when the data dir holds no vault (before the command waits for stdin). */
export async function requireVault(api: CliApi): Promise<void> {
  const status = await api.call('vault.status', {})
  if (!status.initialized) {
    throw new CustosError('VAULT_NOT_FOUND', `No Custos vault in ${status.dataDir}.`, { dataDir: status.dataDir })
  }
}
