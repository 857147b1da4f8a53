// Runs the real `custos` command (bin/custos.js through tsx) as a child process, the way
// a person or a script would, with stdin, environment and exit code.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const CUSTOS_BIN = fileURLToPath(new URL('../../bin/custos.js', import.meta.url))

export interface CliRun {
  code: number
  stdout: string
  stderr: string
  json<T = any>(): T
}

export function runCli(args: string[], options: { input?: string; env?: Record<string, string>; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CUSTOS_BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, CUSTOS_DATA_DIR: '', ...options.env },
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
