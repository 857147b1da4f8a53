// How every command speaks: human text by default, one JSON document with --json, errors
// as { ok:false, error } on stdout (JSON) or a message on stderr, and a distinct exit code.
import { CustosError, toErrorInfo } from '../../shared/errors'
import { exitCodeFor } from './exit-codes'

export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  readStdin: () => Promise<string>
  isStdinTty: boolean
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  },
  isStdinTty: Boolean(process.stdin.isTTY),
}

export interface CommandOutput {
  /** The --json document (ok:true is added). */
  json: Record<string, unknown>
  /** What a person reads on the terminal. */
  text: string
  /** A result that is not an error but that scripts must notice (a failed drill). Default 0. */
  exitCode?: number
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
    if (json) io.stdout(JSON.stringify({ ok: false, error: info }, null, 2) + '\n')
    else io.stderr(`custos: ${info.message} [${info.code}]\n`)
    return exitCodeFor(info.code)
  }
}
