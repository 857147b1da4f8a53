// custos audit: the signed PDF export of the logbook for auditors, its verification, and the
// vault's audit root certificate (audit.export, audit.verify, audit.exportRootCert, whose
// save and open "dialogs" answer with the paths given on the command line).
import { basename, extname } from 'node:path'
import type { Command } from 'commander'
import { CustosError } from '../../../shared/errors'
import { AUDIT_ROOT_CERT_FILE, RETENTION_YEARS } from '../../core/api'
import { cliApi } from '../api-client'
import { cliDesktop, saveTo } from '../cli-desktop'
import type { CliContext } from '../context'
import { collect } from '../options'
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
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        if (!opts.out === !opts.bundle) {
          throw new CustosError('USAGE', 'Give exactly one of --out FILE.pdf or --bundle DIR.')
        }
        const target = (opts.out ?? opts.bundle)!
        const api = cliApi(ctx, { dataDir: opts.dataDir, desktop: saveTo(target) })
        const result = await api.call('audit.export', {
          kind: opts.out ? 'pdf' : 'bundle',
          ...(opts.from !== undefined ? { from: opts.from } : {}),
          ...(opts.to !== undefined ? { to: opts.to } : {}),
        })
        const s = result.summary!
        const facts =
          `${s.periodEntries} entries in the period, ${s.logEntries} in the embedded log; head ${s.headHash}\n` +
          `Signed by certificate SHA-256 ${s.signerCertificateSha256}\n`
        if (opts.out) {
          return {
            json: { out: opts.out, bytes: result.bytes, sha256: result.sha256, summary: s },
            text: `Wrote ${opts.out} (${result.bytes} bytes)\n${facts}Auditors verify it with "custos audit verify ${basename(opts.out)} --root ${AUDIT_ROOT_CERT_FILE}" or pdfsig.`,
          }
        }
        return {
          json: { bundle: opts.bundle, files: result.files, sha256: result.sha256, summary: s },
          text:
            `Wrote the audit bundle to ${opts.bundle}: ${(result.files ?? []).join(', ')}\n${facts}` +
            `Store it on write-once media for the retention period (commonly ${RETENTION_YEARS} years).`,
        }
      })
    })

  audit
    .command('verify')
    .description('check an audit PDF: signature over the whole file, embedded log, cover figures, checkpoints')
    .argument('<file>', 'the audit PDF')
    .option('--root <file>', 'the vault audit root certificate (PEM, .pem or .crt) you trust (repeatable)', collect, [] as string[])
    .option('--checkpoint <file>', 'a checkpoint note (.txt) the log must extend (repeatable)', collect, [] as string[])
    .option('--data-dir <dir>', 'a vault to check against (its root certificate and key); optional for auditors')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { root: string[]; checkpoint: string[]; dataDir?: string; json?: boolean }) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        // audit.verify sorts what its open dialog answers by kind: the PDF, certificates, notes.
        if (extname(file).toLowerCase() !== '.pdf') throw new CustosError('USAGE', `${file}: give the audit PDF (a .pdf file).`)
        for (const root of opts.root) if (!/\.(pem|crt)$/i.test(root)) throw new CustosError('USAGE', `--root ${root}: give the certificate as a .pem or .crt file.`)
        for (const cp of opts.checkpoint) if (!/\.txt$/i.test(cp)) throw new CustosError('USAGE', `--checkpoint ${cp}: give the checkpoint note as a .txt file.`)
        const desktop = cliDesktop({ open: () => [file, ...opts.root, ...opts.checkpoint] })
        const result = await cliApi(ctx, { dataDir: opts.dataDir, desktop }).call('audit.verify', {})
        if (!result.ok) {
          const error = result.error ?? { code: 'AUDIT_PDF_UNREADABLE' as const, message: result.checks.find((c) => !c.ok)?.detail ?? `${file} does not verify.` }
          throw new CustosError(error.code, error.message, error.details)
        }
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
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const cert = await cliApi(ctx, { dataDir: opts.dataDir, desktop: saveTo(opts.out) }).call('audit.exportRootCert', {})
        return {
          json: { out: opts.out, sha256: cert.sha256 },
          text:
            `Wrote the audit root certificate to ${opts.out}\nSHA-256: ${cert.sha256}\n` +
            'Give it to auditors through a channel they trust and have them compare the SHA-256 by phone or in person. ' +
            `For pdfsig: certutil -A -n custos-root -t ",C," -i ${basename(opts.out)} -d sql:NSSDIR`,
        }
      })
    })
}
