// custos log: show the logbook, verify it (against checkpoints held elsewhere), and issue a
// signed checkpoint note to print or hand to custodians.
import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { CustosError } from '../../../shared/errors'
import { isVaultEventType } from '../../../shared/events'
import { checkpointQrSvg } from '../../core/logbook/checkpoint'
import { openLogbook, type Logbook } from '../../core/logbook/logbook-store'
import type { VerifyReport } from '../../core/logbook/verify'
import { openVault } from '../../core/vault/vault-store'
import type { CliContext } from '../context'
import { readTextFile } from '../files'
import { runCommand } from '../output'
import { parseInteger } from './split'

export function registerLog(program: Command, ctx: CliContext): void {
  const log = program.command('log').description('the logbook: show, verify, checkpoint')

  log
    .command('show')
    .description('list logbook entries (works on a damaged log too: it opens read-only)')
    .option('--data-dir <dir>', 'vault directory')
    .option('--from <seq>', 'first entry number', parseInteger)
    .option('--limit <n>', 'at most this many entries', parseInteger)
    .option('--type <type>', 'only entries of this event type, e.g. set.issued')
    .option('--json', 'print JSON')
    .action(async (opts: { dataDir?: string; from?: number; limit?: number; type?: string; json?: boolean }) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () =>
        withLog(ctx, opts.dataDir, true, (book) => {
          if (opts.type !== undefined && !isVaultEventType(opts.type)) {
            throw new CustosError('USAGE', `There is no event type "${opts.type}".`)
          }
          const entries = book.rawEntries().filter(
            (e) => (opts.from === undefined || e.seq >= opts.from) && (opts.type === undefined || e.type === opts.type),
          ).slice(0, opts.limit ?? Number.MAX_SAFE_INTEGER)
          const head = book.head()
          return {
            json: {
              origin: book.origin,
              size: head.size,
              headHash: head.hash,
              entries: entries.map((e) => ({ ...e, event: parseEvent(e.type, e.payload) })),
            },
            text:
              entries.map((e) => `${String(e.seq).padStart(6)}  ${e.time}  ${e.actor}  ${e.type}  ${e.payload}`).join('\n') +
              (entries.length ? '\n' : '') +
              `${head.size} entries in ${book.origin}; head ${head.hash}`,
          }
        }),
      )
    })

  log
    .command('verify')
    .description('check the hash chain, signatures and held checkpoints; exit 6 names the first bad entry')
    .option('--data-dir <dir>', 'vault directory')
    .option('--checkpoint <file>', 'a checkpoint note the log must extend (repeatable)', collect, [] as string[])
    .option('--full', 'also check every entry signature (about 0.1 ms per entry)')
    .option('--json', 'print JSON')
    .action(async (opts: { dataDir?: string; checkpoint: string[]; full?: boolean; json?: boolean }) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const checkpoints = opts.checkpoint.map((file) => ({ source: file, text: readTextFile(file, 'checkpoint file') }))
        return withLog(ctx, opts.dataDir, true, (book) => {
          const report = book.verify(checkpoints, { signatures: opts.full ? 'all' : 'head' })
          if (!report.ok) throw verifyError(report)
          return { json: { report }, text: describe(report) }
        })
      })
    })

  log
    .command('checkpoint')
    .description('issue a signed checkpoint (origin, size, head hash) to print or hand to custodians')
    .option('--data-dir <dir>', 'vault directory')
    .option('--out <file>', 'also write the checkpoint note to this file')
    .option('--qr <file>', 'also write the note as an SVG QR code to this file')
    .option('--json', 'print JSON')
    .action(async (opts: { dataDir?: string; out?: string; qr?: string; json?: boolean }) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        // Read-write open: only a log that verifies gets a checkpoint vouching for it.
        const cp = withLog(ctx, opts.dataDir, false, (book) => book.checkpoint())
        if (opts.out) writeOutput(opts.out, cp.text)
        if (opts.qr) writeOutput(opts.qr, await checkpointQrSvg(cp.text))
        return {
          json: { origin: cp.origin, size: cp.size, hash: cp.hash, text: cp.text, ...(opts.out ? { file: opts.out } : {}) },
          text: cp.text + (opts.out ? `\n(written to ${opts.out})` : ''),
        }
      })
    })
}

function withLog<T>(ctx: CliContext, dataDir: string | undefined, readOnly: boolean, body: (book: Logbook) => T): T {
  const vault = openVault(ctx.dataDir(dataDir))
  const book = openLogbook(vault.dataDir, vault.key, { clock: ctx.clock, readOnly })
  try {
    return body(book)
  } finally {
    book.close()
  }
}

function verifyError(report: VerifyReport): CustosError {
  const p = report.problem!
  return new CustosError(
    'LOG_VERIFY_FAILED',
    `The logbook does not verify${p.seq !== null ? `: entry ${p.seq}` : ''} is ${p.kind}. ${p.message} ` +
      'Do not record anything further; restore the data directory from a backup that extends your latest checkpoint.',
    { seq: p.seq, kind: p.kind, report },
  )
}

function describe(report: VerifyReport): string {
  const lines = [
    `Logbook verifies: ${report.size} entries, head ${report.headHash}`,
    `Origin ${report.origin}, log key ${report.keyFingerprint}; ` +
      (report.signatures === 'all' ? `all ${report.signaturesChecked} signatures checked` : 'chain checked, head signature checked (use --full for every signature)'),
  ]
  for (const c of report.checkpoints) lines.push(`  ${c.message}`)
  if (report.checkpoints.length === 0) lines.push('No checkpoint given: a cut tail or a restored older copy cannot be ruled out (use --checkpoint FILE).')
  return lines.join('\n')
}

function parseEvent(type: string, payload: string): unknown {
  try {
    return { ...(JSON.parse(payload) as object), type }
  } catch {
    return null
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

function writeOutput(file: string, text: string): void {
  try {
    writeFileSync(file, text, { mode: 0o644 })
  } catch (error) {
    throw new CustosError('FILE_UNREADABLE', `Cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}. Check the path.`, { path: file })
  }
}
