// The `custos` command line over main/core, for headless ceremonies and auditors.
// Every command accepts --json and ends with a documented exit code (exit-codes.ts).
import { Command, CommanderError } from 'commander'
import { registerCombine } from './commands/combine'
import { registerInit } from './commands/init'
import { registerInspect } from './commands/inspect'
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
  registerInspect(program, ctx)
  for (const command of program.commands) command.exitOverride()
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
