// Runs the real, compiled `custos` command (out/cli/custos.mjs, what bin/custos.js starts) as
// a child process, the way a person or a script would, with stdin, environment and exit code.
// `now` runs the test build instead, whose clock is pinned (the shipped one has no such knob).
import { spawn } from 'node:child_process'
import { builtCli } from './cli-build'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
  json<T = any>(): T
}

export interface CliRunOptions {
  input?: string
  env?: Record<string, string>
  cwd?: string
  /** Pins the clock (ISO time) through the test build (test/helpers/cli-test-entry.ts). */
  now?: string
  /**
   * Runs the shipped build instead of the test build. The test build is the same program plus
   * two test seams (a pinned clock when asked, a cheap key-sealing cost); use the shipped one
   * where those seams are what is tested.
   */
  shipped?: boolean
}

/** The file to start with node: the test build, or the shipped CLI when asked for. */
export async function cliEntry(options: { shipped?: boolean } = {}): Promise<string> {
  const built = await builtCli()
  return options.shipped ? built.shipped : built.test
}

/** The environment a CLI child gets: no data dir inherited from the developer's shell. */
export function cliEnv(options: CliRunOptions = {}): NodeJS.ProcessEnv {
  const { CUSTOS_FAKE_NOW: _inherited, ...inherited } = process.env
  const env: NodeJS.ProcessEnv = { ...inherited, CUSTOS_DATA_DIR: '', ...options.env }
  if (options.now !== undefined) env.CUSTOS_FAKE_NOW = options.now
  return env
}

export async function runCli(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  const entry = await cliEntry(options)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], {
      cwd: options.cwd,
      env: cliEnv(options),
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) =>
      resolve({
        code: code ?? -1,
        stdout,
        stderr,
        json: () => JSON.parse(stdout),
      }),
    )
    child.stdin.end(options.input ?? '')
  })
}
