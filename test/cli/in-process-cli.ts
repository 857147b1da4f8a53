// Runs the `custos` command line in this test process through main(argv, env, host): the
// same program the compiled command runs, with stdin, stdout and stderr captured, and fast
// (no process start, no build). Spawn the real command only where a real process matters.
import { main } from '../../main/cli/index'
import { fixedClock } from '../../main/core/api'

export interface InProcessRun {
  code: number
  stdout: string
  stderr: string
  json<T = any>(): T
}

export interface InProcessOptions {
  input?: string
  env?: Record<string, string>
  /** Pins the clock (ISO time). */
  now?: string
  /** What the command believes about its terminal. */
  stdinTty?: boolean
  stdoutTty?: boolean
}

export async function custosInProcess(args: string[], options: InProcessOptions = {}): Promise<InProcessRun> {
  let stdout = ''
  let stderr = ''
  const code = await main(
    args,
    // The passphrase file every test process has (test/helpers/test-setup.ts), as scripts give it.
    { CUSTOS_DATA_DIR: '', HOME: process.env.HOME ?? '/tmp', CUSTOS_PASSPHRASE_FILE: process.env.CUSTOS_PASSPHRASE_FILE ?? '', ...options.env },
    {
    ...(options.now ? { clock: fixedClock(options.now) } : {}),
    io: {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      readStdin: async () => options.input ?? '',
      readStdinBytes: async () => Buffer.from(options.input ?? '', 'utf8'),
      isStdinTty: options.stdinTty ?? false,
      isStdoutTty: options.stdoutTty ?? false,
    },
  })
  return { code, stdout, stderr, json: () => JSON.parse(stdout) }
}
