// custos audit: the signed PDF export of the logbook for auditors, its verification, and the
// vault's audit root certificate (what auditors import to trust the signature).
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { Command } from 'commander'
import { CustosError } from '../../../shared/errors'
import { exportAuditPdf } from '../../core/audit/export-audit-pdf'
import { AUDIT_ROOT_CERT_FILE, ensureAuditCertificates } from '../../core/audit/vault-certificates'
import { verifyAuditPdf } from '../../core/audit/verify-audit-pdf'
import { openLogbook } from '../../core/logbook'
import { openVault, vaultExists } from '../../core/vault/vault-store'
import type { CliContext } from '../context'
import { prepareEmptyDir, readTextFile } from '../files'
import { runCommand } from '../output'

const RETENTION_YEARS = 7

export function registerAudit(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('signed logbook PDF for auditors: export, verify, root certificate')

  audit
    .command('export')
    .description('write the signed audit PDF (the full log embedded), or a bundle for write-once storage')
    .option('--out <file>', 'the PDF to write')
    .option('--bundle <dir>', 'an empty or new directory: PDF, JSON log, root certificate, checkpoint, SHA-256 manifest')
    .option('--from <date>', 'first day of the period (YYYY-MM-DD or ISO time, UTC)')
    .option('--to <date>', 'last day of the period, inclusive (YYYY-MM-DD or ISO time, UTC)')
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON')
    .action(async (opts: { out?: string; bundle?: string; from?: string; to?: string; dataDir?: string; json?: boolean }) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        if (!opts.out === !opts.bundle) {
          throw new CustosError('USAGE', 'Give exactly one of --out FILE.pdf or --bundle DIR.')
        }
        const period = { from: parseDate(opts.from, 'start', '--from'), to: parseDate(opts.to, 'end', '--to') }
        if (period.from && period.to && Date.parse(period.from) > Date.parse(period.to)) {
          throw new CustosError('USAGE', `--from ${opts.from} is after --to ${opts.to}.`)
        }
        const vault = openVault(ctx.dataDir(opts.dataDir))
        const book = openLogbook(vault.dataDir, vault.key, { clock: ctx.clock })
        try {
          const result = await exportAuditPdf({ vault, logbook: book, clock: ctx.clock, period })
          const s = result.summary
          const facts =
            `${s.periodEntries.count} entries in the period, ${s.log.entries} in the embedded log; head ${s.log.headHash}\n` +
            `Signed by certificate SHA-256 ${s.signer.certificateSha256}\n`
          if (opts.out) {
            writeFileSync(opts.out, result.pdf)
            return {
              json: { out: opts.out, bytes: result.pdf.length, summary: s },
              text: `Wrote ${opts.out} (${result.pdf.length} bytes)\n${facts}Auditors verify it with "custos audit verify ${basename(opts.out)} --root ${AUDIT_ROOT_CERT_FILE}" or pdfsig.`,
            }
          }
          const dir = opts.bundle!
          prepareEmptyDir(dir)
          const stamp = s.generatedAt.slice(0, 10)
          const files: [string, Buffer | string][] = [
            [`custos-audit-${stamp}.pdf`, result.pdf],
            ['custos-logbook.json', result.logJson],
            [AUDIT_ROOT_CERT_FILE, result.rootPem],
            ['checkpoint.txt', result.checkpointText],
            ['README.txt', bundleReadme(s.vault.name, stamp)],
          ]
          const lines: string[] = []
          for (const [name, data] of files) {
            writeFileSync(join(dir, name), data, { mode: 0o644, flag: 'wx' })
            lines.push(`${createHash('sha256').update(data).digest('hex')}  ${name}`)
          }
          writeFileSync(join(dir, 'SHA256SUMS'), lines.join('\n') + '\n', { mode: 0o644, flag: 'wx' })
          return {
            json: { bundle: dir, files: [...files.map(([n]) => n), 'SHA256SUMS'], summary: s },
            text:
              `Wrote the audit bundle to ${dir}: ${files.map(([n]) => n).join(', ')}, SHA256SUMS\n${facts}` +
              `Store it on write-once media for the retention period (commonly ${RETENTION_YEARS} years).`,
          }
        } finally {
          book.close()
        }
      })
    })

  audit
    .command('verify')
    .description('check an audit PDF: signature over the whole file, embedded log, cover figures, checkpoints')
    .argument('<file>', 'the audit PDF')
    .option('--root <file>', 'the vault audit root certificate (PEM) you trust (repeatable)', collect, [] as string[])
    .option('--checkpoint <file>', 'a checkpoint note the log must extend (repeatable)', collect, [] as string[])
    .option('--data-dir <dir>', 'a vault to check against (its root certificate and key); optional for auditors')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { root: string[]; checkpoint: string[]; dataDir?: string; json?: boolean }) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        let pdf: Buffer
        try {
          pdf = readFileSync(file)
        } catch (error) {
          throw new CustosError('FILE_UNREADABLE', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}.`)
        }
        const roots = opts.root.map((path) => ({ source: path, pem: readTextFile(path, 'root certificate') }))
        const checkpoints = opts.checkpoint.map((path) => ({ source: path, text: readTextFile(path, 'checkpoint') }))
        const dataDir = ctx.dataDir(opts.dataDir)
        let vaultKey
        if (vaultExists(dataDir)) {
          const vault = openVault(dataDir)
          vaultKey = vault.key
          if (existsSync(join(dataDir, AUDIT_ROOT_CERT_FILE))) {
            roots.push({ source: join(dataDir, AUDIT_ROOT_CERT_FILE), pem: readFileSync(join(dataDir, AUDIT_ROOT_CERT_FILE), 'utf8') })
          }
        }
        const r = verifyAuditPdf({ pdf, roots, vaultKey, checkpoints })
        const anchors = [
          r.trust.root && `root certificate ${r.trust.root}`,
          r.trust.vaultKey && 'this vault\'s key',
          r.trust.checkpoints > 0 && `${r.trust.checkpoints} checkpoint(s)`,
        ].filter(Boolean)
        return {
          json: { ...r },
          text: [
            `${file}: VERIFIED`,
            `Signature: valid CMS by "${r.signer.subject}", covering the whole file (${r.signedBytes} bytes)`,
            `Embedded log: ${r.log.entries} entries, every hash and signature checked; head ${r.log.headHash}`,
            `Cover figures: match the embedded log (${r.summary.periodEntries.count} entries in the period)`,
            ...r.checkpoints.map((c) => `Checkpoint: ${c.message}`),
            `Trusted through: ${anchors.join(', ')}`,
          ].join('\n'),
        }
      })
    })

  audit
    .command('cert')
    .description("write the vault's audit root certificate (PEM) for auditors to import")
    .requiredOption('--out <file>', 'where to write the certificate')
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON')
    .action(async (opts: { out: string; dataDir?: string; json?: boolean }) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const vault = openVault(ctx.dataDir(opts.dataDir))
        const certs = ensureAuditCertificates(vault.dataDir, { name: vault.info.name, fingerprint: vault.key.fingerprint }, ctx.clock)
        writeFileSync(opts.out, certs.rootPem, { mode: 0o644 })
        return {
          json: { out: opts.out, sha256: certs.rootSha256 },
          text:
            `Wrote the audit root certificate to ${opts.out}\nSHA-256: ${certs.rootSha256}\n` +
            'Give it to auditors through a channel they trust and have them compare the SHA-256 by phone or in person. ' +
            `For pdfsig: certutil -A -n custos-root -t ",C," -i ${basename(opts.out)} -d sql:NSSDIR`,
        }
      })
    })
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

/** YYYY-MM-DD means the whole UTC day (start or end); anything else must be an ISO time. */
function parseDate(value: string | undefined, edge: 'start' | 'end', flag: string): string | undefined {
  if (value === undefined) return undefined
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value)
  const iso = day ? `${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z` : value
  const t = Date.parse(iso)
  if (Number.isNaN(t)) throw new CustosError('USAGE', `${flag} "${value}" is not a date; use YYYY-MM-DD or an ISO time.`)
  return new Date(t).toISOString()
}

function bundleReadme(vaultName: string, stamp: string): string {
  return [
    `Custos audit bundle: vault "${vaultName}", exported ${stamp}`,
    '',
    `custos-audit-${stamp}.pdf  the signed audit export (the full logbook is embedded in it)`,
    'custos-logbook.json         the same logbook, as a separate file',
    `${AUDIT_ROOT_CERT_FILE}         the vault audit root certificate that issued the PDF's signing certificate`,
    'checkpoint.txt              a signed checkpoint of the log head at export time',
    'SHA256SUMS                  SHA-256 of every file above; check with "sha256sum -c SHA256SUMS"',
    '',
    `Keep this directory on write-once storage for the retention period (commonly ${RETENTION_YEARS} years).`,
    `Verify: custos audit verify custos-audit-${stamp}.pdf --root ${AUDIT_ROOT_CERT_FILE} --checkpoint OLDER-CHECKPOINT`,
    'The root certificate in this bundle proves nothing on its own: compare its SHA-256 with the one you received',
    'from the vault owner directly.',
    '',
  ].join('\n')
}
