// `Custos --cli ARGS…`: the installed app is also the `custos` command (the deb/AppImage
// launcher runs it so). index.ts checks argv before anything else and, for --cli, runs the
// compiled CLI in out/cli/ with Electron's better-sqlite3 build and the shipped fonts, then
// exits: no window, no single-instance lock, not even Electron's ready event.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { CliHost, main as cliMain } from '../cli/index'

export const CLI_FLAG = '--cli'

/** The command's arguments when started as `Custos --cli ARGS…`; undefined for the desktop app. */
export function cliArgsOf(argv: readonly string[], isPackaged: boolean): string[] | undefined {
  // Packaged: [Custos, ...args]; in development: [electron, appDir, ...args].
  const args = argv.slice(isPackaged ? 1 : 2)
  return args[0] === CLI_FLAG ? args.slice(1) : undefined
}

export interface CliInApp {
  /** The compiled CLI's folder, out/cli/ beside out/main/ (inside the asar when packaged). */
  cliDir: string
  host: Omit<CliHost, 'clock'>
}

/** Runs one command line through the compiled CLI's main() and returns its exit code. */
export async function runCliInApp(args: string[], env: NodeJS.ProcessEnv, where: CliInApp): Promise<number> {
  const cli = (await import(pathToFileURL(join(where.cliDir, 'index.mjs')).href)) as { main: typeof cliMain }
  // The host never passes a clock: the app's command line always runs on the system clock.
  return cli.main(args, env, { nativeBinding: where.host.nativeBinding, fontDir: where.host.fontDir })
}
