// custos audit: the signed PDF export of the logbook for auditors, its verification, and the
// vault's audit root certificate (what auditors import to trust the signature).
import { basename } from 'node:path'
import type { Command } from 'commander'
import { CustosError } from '../../../shared/errors'
import { checkAuditPdf, readAuditFile, vaultTrustAnchors } from '../../core/audit/audit-checks'
import { exportVaultAudit, parseAuditPeriod, RETENTION_YEARS, writeAuditBundle, writeAuditPdf, writeAuditRootCert } from '../../core/audit/audit-files'
import { AUDIT_ROOT_CERT_FILE } from '../../core/audit/vault-certificates'
import type { CliContext } from '../context'
import { readTextFile } from '../files'
import { runCommand } from '../output'

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
        const period = parseAuditPeriod({ from: opts.from, to: opts.to }, { from: '--from', to: '--to' })
        const result = await exportVaultAudit(ctx.dataDir(opts.dataDir), ctx.clock, period)
        const s = result.summary
        const facts =
          `${s.periodEntries.count} entries in the period, ${s.log.entries} in the embedded log; head ${s.log.headHash}\n` +
          `Signed by certificate SHA-256 ${s.signer.certificateSha256}\n`
        if (opts.out) {
          writeAuditPdf(opts.out, result)
          return {
            json: { out: opts.out, bytes: result.pdf.length, summary: s },
            text: `Wrote ${opts.out} (${result.pdf.length} bytes)\n${facts}Auditors verify it with "custos audit verify ${basename(opts.out)} --root ${AUDIT_ROOT_CERT_FILE}" or pdfsig.`,
          }
        }
        const dir = opts.bundle!
        const bundle = writeAuditBundle(dir, result)
        return {
          json: { bundle: dir, files: bundle.files, summary: s },
          text:
            `Wrote the audit bundle to ${dir}: ${bundle.files.join(', ')}\n${facts}` +
            `Store it on write-once media for the retention period (commonly ${RETENTION_YEARS} years).`,
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
        const pdf = readAuditFile(file)
        const anchors = vaultTrustAnchors(ctx.dataDir(opts.dataDir))
        const roots = [...opts.root.map((path) => ({ source: path, pem: readTextFile(path, 'root certificate') })), ...anchors.roots]
        const checkpoints = opts.checkpoint.map((path) => ({ source: path, text: readTextFile(path, 'checkpoint') }))
        const result = checkAuditPdf({ pdf, roots, checkpoints, ...(anchors.vaultKey ? { vaultKey: anchors.vaultKey } : {}) })
        if (!result.ok) throw result.error
        return {
          json: { ...result.report, checks: result.checks },
          text: [`${file}: VERIFIED`, ...result.checks.map((c) => `${c.name}: ${c.detail}`)].join('\n'),
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
        const cert = writeAuditRootCert(ctx.dataDir(opts.dataDir), ctx.clock, opts.out)
        return {
          json: { out: opts.out, sha256: cert.certificateSha256 },
          text:
            `Wrote the audit root certificate to ${opts.out}\nSHA-256: ${cert.certificateSha256}\n` +
            'Give it to auditors through a channel they trust and have them compare the SHA-256 by phone or in person. ' +
            `For pdfsig: certutil -A -n custos-root -t ",C," -i ${basename(opts.out)} -d sql:NSSDIR`,
        }
      })
    })
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}
