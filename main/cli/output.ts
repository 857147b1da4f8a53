// How every command speaks: human text by default, one JSON document with --json, errors
// as { ok:false, error } on stdout (JSON) or one line on stderr, and a distinct exit code.
import { CustosError, toErrorInfo, type ErrorInfo } from '../../shared/errors'
import { exitCodeFor } from './exit-codes'
import { cliHint } from './cli-words'

export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  readStdin: () => Promise<string>
  /** Stdin as bytes: a secret is checked as UTF-8, never decoded with replacement characters. */
  readStdinBytes: () => Promise<Uint8Array>
  isStdinTty: boolean
  /** The credential is printed only to a terminal unless the person says --to-pipe. */
  isStdoutTty: boolean
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => Buffer.from(await readAllStdin()).toString('utf8'),
  readStdinBytes: readAllStdin,
  isStdinTty: Boolean(process.stdin.isTTY),
  isStdoutTty: Boolean(process.stdout.isTTY),
}

export interface CommandOutput {
  /** The --json document (ok:true is added). */
  json: Record<string, unknown>
  /** What a person reads on the terminal. */
  text: string
  /** A result that is not an error but that scripts must notice (a failed drill). Default 0. */
  exitCode?: number
}

/** One line a person reads: the core's message, the command line's hint for the code, the code. */
export function errorLine(info: ErrorInfo): string {
  const hint = cliHint(info)
  return `custos: ${oneLine(info.message)}${hint ? ` ${hint}` : ''} [${info.code}]`
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}

/** Runs one command body; returns the exit code. Never lets an exception escape with secrets in it. */
export async function runCommand(io: Io, json: boolean, body: () => Promise<CommandOutput>): Promise<number> {
  try {
    const out = await body()
    io.stdout(json ? JSON.stringify({ ok: true, ...out.json }, null, 2) + '\n' : out.text.endsWith('\n') ? out.text : out.text + '\n')
    return out.exitCode ?? 0
  } catch (error) {
    const info = toErrorInfo(error)
    if (!(error instanceof CustosError) && process.env.CUSTOS_DEBUG === '1') {
      io.stderr(`${(error as Error)?.stack ?? String(error)}\n`)
    }
    if (json) io.stdout(JSON.stringify({ ok: false, error: { ...info, ...(cliHint(info) ? { hint: cliHint(info) } : {}) } }, null, 2) + '\n')
    else io.stderr(errorLine(info) + '\n')
    return exitCodeFor(info.code)
  }
}

async function readAllStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
