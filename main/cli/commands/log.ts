// custos log: show the logbook, verify it (against checkpoints held elsewhere), and issue a
// signed checkpoint note to print or hand to custodians (log.entries, log.verify, log.checkpoint).
import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import type { z } from 'zod'
import { CustosError } from '../../../shared/errors'
import { isVaultEventType } from '../../../shared/events'
import type { LogEntryView, LogVerifyOutput, VerifyProblemKindSchema } from '../../../shared/log-api'
import { cliApi, type CliApi } from '../api-client'
import type { CliContext } from '../context'
import { readTextFile } from '../files'
import { collect, positiveNumber, wholeNumber } from '../options'
import { runCommand } from '../output'

type Entry = z.infer<typeof LogEntryView>
type VerifyReport = z.infer<typeof LogVerifyOutput>
const PAGE = 1000

export function registerLog(program: Command, ctx: CliContext): void {
  const log = program.command('log').description('the logbook: show, verify, checkpoint')

  log
    .command('show')
    .description('list logbook entries (works on a damaged log too: it opens read-only)')
    .option('--data-dir <dir>', 'vault directory')
    .option('--from <seq>', 'first entry number', positiveNumber)
    .option('--limit <n>', 'at most this many entries', wholeNumber)
    .option('--type <type>', 'only entries of this event type, e.g. set.issued')
    .option('--json', 'print JSON')
    .action(async (opts: { dataDir?: string; from?: number; limit?: number; type?: string; json?: boolean }) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        if (opts.type !== undefined && !isVaultEventType(opts.type)) {
          throw new CustosError('USAGE', `There is no event type "${opts.type}".`)
        }
        const api = cliApi(ctx, { dataDir: opts.dataDir })
        const { entries, size, headHash, origin } = await allEntries(api, opts.from, opts.limit ?? Number.MAX_SAFE_INTEGER, opts.type)
        const payloadOf = (e: Entry) => {
          const { type: _type, ...fields } = e.event
          return JSON.stringify(fields)
        }
        return {
          json: { origin, size, headHash, entries: entries.map((e) => ({ seq: e.seq, time: e.time, actor: e.actor, type: e.type, payload: payloadOf(e), hash: e.hash, signer: e.signer, event: e.event })) },
          text:
            entries.map((e) => `${String(e.seq).padStart(6)}  ${e.time}  ${e.actor}  ${e.type}  ${payloadOf(e)}`).join('\n') +
            (entries.length ? '\n' : '') +
            `${size} entries in ${origin}; head ${headHash}`,
        }
      })
    })

  log
    .command('verify')
    .description('check the hash chain, signatures and held checkpoints; exit 6 names the first bad entry')
    .option('--data-dir <dir>', 'vault directory')
    .option('--checkpoint <file>', 'a checkpoint note the log must extend (repeatable)', collect, [] as string[])
    .option('--full', 'also check every entry signature (about 0.1 ms per entry)')
    .option('--json', 'print JSON')
    .action(async (opts: { dataDir?: string; checkpoint: string[]; full?: boolean; json?: boolean }) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const checkpoints = opts.checkpoint.map((file) => readTextFile(file, 'checkpoint file'))
        const report = await cliApi(ctx, { dataDir: opts.dataDir }).call('log.verify', { checkpoints, full: Boolean(opts.full) })
        // The contract names checkpoints by position; the command line names them by file.
        report.checkpoints = report.checkpoints.map((c, i) => ({ ...c, source: opts.checkpoint[i] ?? c.source }))
        if (!report.ok) throw verifyError(report)
        return { json: { report }, text: describe(report) }
      })
    })

  log
    .command('checkpoint')
    .description('issue a signed checkpoint (origin, size, head hash) to print or hand to custodians; --remember keeps one held elsewhere')
    .option('--data-dir <dir>', 'vault directory')
    .option('--out <file>', 'also write the checkpoint note to this file')
    .option('--qr <file>', 'also write the note as an SVG QR code to this file')
    .option('--remember <file>', 'keep this checkpoint note (from a sheet or receipt) in the data directory: every later write refuses on a log that does not extend it (exit 6)')
    .option('--json', 'print JSON')
    .action(async (opts: { dataDir?: string; out?: string; qr?: string; remember?: string; json?: boolean }) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        if (opts.remember !== undefined) {
          if (opts.out || opts.qr) throw new CustosError('USAGE', '--remember keeps a checkpoint; it cannot be combined with --out or --qr (run "custos log checkpoint" again for a new one).')
          const kept = await cliApi(ctx, { dataDir: opts.dataDir }).call('log.rememberCheckpoint', { text: readTextFile(opts.remember, 'checkpoint file') })
          return {
            json: { remembered: kept },
            text: `Checkpoint kept: the log extends it (size ${kept.size}, ${kept.origin}). Every write now checks the log against it.\n(kept as ${kept.file})`,
          }
        }
        const cp = await cliApi(ctx, { dataDir: opts.dataDir }).call('log.checkpoint', {})
        // A checkpoint note is public (custodians hold it): written as a plain file.
        if (opts.out) writePublicFile(opts.out, cp.text)
        if (opts.qr) writePublicFile(opts.qr, cp.qrSvg)
        return {
          json: { origin: cp.origin, size: cp.size, hash: cp.hash, text: cp.text, ...(opts.out ? { file: opts.out } : {}) },
          text: cp.text + (opts.out ? `\n(written to ${opts.out})` : ''),
        }
      })
    })
}

/** Pages through log.entries (at most 1,000 a call) from `from`, keeping `limit` entries. */
async function allEntries(api: CliApi, from: number | undefined, limit: number, type: string | undefined) {
  const entries: Entry[] = []
  let next = from ?? 1
  let size = 0
  let headHash = ''
  let origin = ''
  for (;;) {
    const page = await api.call('log.entries', { fromSeq: next, limit: Math.min(PAGE, Math.max(1, limit - entries.length)), ...(type ? { type } : {}) })
    size = page.size
    headHash = page.headHash
    origin = page.origin ?? ''
    entries.push(...page.entries.slice(0, limit - entries.length))
    const last = page.entries.at(-1)
    if (!last || entries.length >= limit || page.entries.length < Math.min(PAGE, limit)) break
    next = last.seq + 1
  }
  return { entries, size, headHash, origin }
}

/** How each kind of damage reads after "entry N is". */
const KIND_WORDS: Record<z.infer<typeof VerifyProblemKindSchema>, string> = {
  modified: 'modified',
  gap: 'missing',
  'out-of-order': 'out of order',
  'bad-signature': 'not signed as written',
  'foreign-key': 'signed by a key that is not this vault\'s',
  malformed: 'malformed',
  truncated: 'cut off (the log is shorter than it was)',
  forked: 'rewritten (the log was rolled back)',
  'checkpoint-invalid': 'checked against an invalid checkpoint',
}

function verifyError(report: VerifyReport): CustosError {
  const p = report.problem!
  return new CustosError(
    'LOG_VERIFY_FAILED',
    (p.seq !== null ? `The logbook does not verify: entry ${p.seq} is ${KIND_WORDS[p.kind]}. ` : `The logbook does not verify (${p.kind}). `) +
      `${p.message} ` +
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

function writePublicFile(file: string, text: string): void {
  try {
    writeFileSync(file, text, { mode: 0o644 })
  } catch (error) {
    throw new CustosError('FILE_UNREADABLE', `Cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}. Check the path.`, { path: file })
  }
}
