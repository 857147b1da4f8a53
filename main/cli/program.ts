// The `custos` command line: every command maps its flags to operations of the API contract
// and runs them through the same dispatch the app uses (api-client.ts). Every command accepts
// --json and ends with a documented exit code (exit-codes.ts); bad usage is one line, exit 2.
import { Command, CommanderError } from 'commander'
import { toErrorInfo } from '../../shared/errors'
import { registerAudit } from './commands/audit'
import { registerAuditReconcile } from './commands/audit-reconcile'
import { registerAws } from './commands/aws'
import { registerCeremony } from './commands/ceremony'
import { registerCustodian } from './commands/custodian'
import { registerCustody } from './commands/custody'
import { registerDrill } from './commands/drill'
import { registerMethod } from './commands/method'
import { registerObligations } from './commands/obligations'
import { registerRelease } from './commands/release'
import { registerRecover } from './commands/recover'
import { registerReview } from './commands/review'
import { registerRunbook } from './commands/runbook'
import { registerScript } from './commands/script'
import { registerRecoveryKit } from './commands/recovery-kit'
import { registerCombine } from './commands/combine'
import { registerInit } from './commands/init'
import { registerInspect } from './commands/inspect'
import { registerLog } from './commands/log'
import { registerSheets } from './commands/sheets'
import { registerSplit } from './commands/split'
import { createContext, type CliContext } from './context'
import { EXIT } from './exit-codes'
import { setFontDir, setLogbookNativeBinding, setPassphraseSource, setRecoveryKitDir, type Clock } from '../core/api'
import { errorLine, oneLine, processIo, type Io } from './output'
import { cliPassphraseSource } from './passphrase-prompt'

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('custos')
    .description('Custos: offline vault for break-glass credentials')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout(s),
      writeErr: (s) => ctx.io.stderr(s),
      // Usage errors are one line, like every other refusal, with the way to the help.
      outputError: (s, write) => write(errorLine({ code: 'USAGE', message: `${oneLine(s.replace(/^error:\s*/, ''))} (see custos --help)` }) + '\n'),
    })
  registerInit(program, ctx)
  registerSplit(program, ctx)
  registerCombine(program, ctx)
  registerSheets(program, ctx)
  registerInspect(program, ctx)
  registerLog(program, ctx)
  registerAudit(program, ctx)
  registerMethod(program, ctx)
  registerCustodian(program, ctx)
  registerCeremony(program, ctx)
  registerCustody(program, ctx)
  registerRelease(program, ctx)
  registerRecover(program, ctx)
  registerDrill(program, ctx)
  registerReview(program, ctx)
  registerObligations(program, ctx)
  registerRunbook(program, ctx)
  registerScript(program, ctx)
  registerRecoveryKit(program, ctx)
  registerAws(program, ctx)
  registerAuditReconcile(program, ctx)
  // Usage errors in any subcommand become exit code 2 instead of commander's process.exit.
  const override = (command: Command): void => {
    for (const sub of command.commands) {
      sub.exitOverride()
      override(sub)
    }
  }
  override(program)
  return program
}

/** What the process running the command line provides: the packaged app, a test, or nothing. */
export interface CliHost {
  /** A pinned clock (test builds walk deadlines across a year); default the system clock. */
  clock?: Clock
  /** better-sqlite3 built for the host's ABI (Electron's, in the packaged app). */
  nativeBinding?: string
  /** Where the fonts the sheet and audit PDFs embed live (the app's resources when packaged). */
  fontDir?: string
  /** Where the built recovery kit lives (the app's resources when packaged). */
  recoveryKitDir?: string
  /** The terminal; in-process tests capture it. Default the process's stdin, stdout and stderr. */
  io?: Io
}

/** Runs one command line; returns its exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv, host: CliHost = {}): Promise<number> {
  const io = host.io ?? processIo
  if (host.nativeBinding) setLogbookNativeBinding(host.nativeBinding)
  if (host.fontDir) setFontDir(host.fontDir)
  if (host.recoveryKitDir) setRecoveryKitDir(host.recoveryKitDir)
  const ctx = createContext(io, env, host.clock)
  setPassphraseSource(cliPassphraseSource(env, io))
  // Commands not yet converted may still report through process.exitCode.
  process.exitCode = undefined
  try {
    await buildProgram(ctx).parseAsync(argv, { from: 'user' })
    if (ctx.exitCode !== EXIT.OK) return ctx.exitCode
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE
    }
    // A bug: one line and exit 1, the stack only with CUSTOS_DEBUG=1.
    if (env.CUSTOS_DEBUG === '1') io.stderr(`${(error as Error)?.stack ?? String(error)}\n`)
    io.stderr(errorLine(toErrorInfo(error)) + '\n')
    return EXIT.INTERNAL
  } finally {
    setPassphraseSource(undefined)
    if (typeof process.exitCode === 'number') process.exitCode = undefined
  }
}
