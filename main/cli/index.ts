// The `custos` command line over main/core, for headless ceremonies and auditors.
// Every command accepts --json and ends with a documented exit code (exit-codes.ts).
import { Command, CommanderError } from 'commander'
import { registerAudit } from './commands/audit'
import { registerAws } from './commands/aws'
import { registerCeremony } from './commands/ceremony'
import { registerCustodian } from './commands/custodian'
import { registerCustody } from './commands/custody'
import { registerDrill } from './commands/drill'
import { registerMethod } from './commands/method'
import { registerObligations } from './commands/obligations'
import { registerRelease } from './commands/release'
import { registerReview } from './commands/review'
import { registerRunbook } from './commands/runbook'
import { registerCombine } from './commands/combine'
import { registerInit } from './commands/init'
import { registerInspect } from './commands/inspect'
import { registerLog } from './commands/log'
import { registerSheets } from './commands/sheets'
import { registerSplit } from './commands/split'
import { createContext, type CliContext } from './context'
import { EXIT } from './exit-codes'
import { processIo, runCommand } from './output'

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('custos')
    .description('Custos: offline vault for break-glass credentials')
    .version('0.1.0')
    .showHelpAfterError('(run "custos --help" or "custos COMMAND --help" for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.stdout(s), writeErr: (s) => ctx.io.stderr(s) })
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
  registerDrill(program, ctx)
  registerReview(program, ctx)
  registerObligations(program, ctx)
  registerRunbook(program, ctx)
  registerAws(program, ctx)
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

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let ctx: CliContext
  try {
    ctx = createContext(processIo, env)
  } catch (error) {
    return runCommand(processIo, argv.includes('--json'), async () => {
      throw error
    })
  }
  try {
    await buildProgram(ctx).parseAsync(argv, { from: 'user' })
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE
    }
    throw error
  }
}

process.exitCode = await main(process.argv.slice(2), process.env)
