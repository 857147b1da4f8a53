// The Audit screen's operations: the signed PDF or the evidence bundle, the root certificate
// and verifying an export, each behind a desktop dialog. They write exactly what
// `custos audit export|cert|verify` write and check (main/core/audit/audit-files.ts, audit-checks.ts).
import { basename, extname } from 'node:path'
import type { Api } from '../../../shared/api'
import { CustosError } from '../../../shared/errors'
import { checkAuditPdf, readAuditFile, vaultTrustAnchors } from '../audit/audit-checks'
import { auditBundleName, auditPdfName, exportVaultAudit, parseAuditPeriod, writeAuditBundle, writeAuditPdf, writeAuditRootCert } from '../audit/audit-files'
import { AUDIT_ROOT_CERT_FILE } from '../audit/vault-certificates'
import type { DesktopPort } from '../desktop/desktop-port'
import { openVault } from '../vault/vault-store'
import type { ApiDeps } from './api-deps'

export type AuditOpName = 'audit.export' | 'audit.exportRootCert' | 'audit.verify'

function requireDesktop(deps: ApiDeps, what: string): DesktopPort {
  if (!deps.desktop) {
    throw new CustosError('USAGE', `${what} needs a desktop's file dialogs, and this Custos runs without one.`, { needs: 'desktop' })
  }
  return deps.desktop
}

export function auditOps(deps: ApiDeps): Pick<Api, AuditOpName> {
  return {
    'audit.export': async ({ kind, from, to }) => {
      const desktop = requireDesktop(deps, 'Exporting for auditors')
      // Refuse a bad period and a missing vault before asking where to save anything.
      const period = parseAuditPeriod({ from, to })
      openVault(deps.dataDir)
      const today = deps.clock.now().toISOString()
      const path = await desktop.showSaveDialog(
        kind === 'pdf'
          ? { title: 'Save the signed audit PDF', defaultName: auditPdfName(today), filters: [{ name: 'PDF', extensions: ['pdf'] }] }
          : { title: 'Save the audit bundle as a new folder', defaultName: auditBundleName(today) },
      )
      if (!path) return { saved: false }
      // Exported after the dialog, so the signing time and the checkpoint are of the moment of saving.
      const result = await exportVaultAudit(deps.dataDir, deps.clock, period)
      const s = result.summary
      const summary = { periodEntries: s.periodEntries.count, logEntries: s.log.entries, headHash: s.log.headHash, signerCertificateSha256: s.signer.certificateSha256 }
      if (kind === 'pdf') {
        const written = writeAuditPdf(path, result)
        return { saved: true, path: written.path, sha256: written.sha256, bytes: written.bytes, summary }
      }
      const bundle = writeAuditBundle(path, result)
      return { saved: true, path: bundle.dir, sha256: bundle.manifestSha256, files: bundle.files, summary }
    },
    'audit.exportRootCert': async () => {
      const desktop = requireDesktop(deps, 'Exporting the root certificate')
      openVault(deps.dataDir)
      const path = await desktop.showSaveDialog({
        title: 'Save the vault audit root certificate',
        defaultName: AUDIT_ROOT_CERT_FILE,
        filters: [{ name: 'PEM certificate', extensions: ['pem'] }],
      })
      if (!path) return { saved: false }
      const written = writeAuditRootCert(deps.dataDir, deps.clock, path)
      // The certificate's fingerprint, not the file's: it is what auditors compare by phone.
      return { saved: true, path: written.path, sha256: written.certificateSha256 }
    },
    'audit.verify': async () => {
      const desktop = requireDesktop(deps, 'Verifying an export')
      const paths = await desktop.showOpenDialog({
        title: 'Choose the audit PDF to verify (add root certificates or checkpoint notes you hold, if any)',
        filters: [{ name: 'Audit PDF, root certificate, checkpoint', extensions: ['pdf', 'pem', 'crt', 'txt'] }],
        multiple: true,
      })
      if (paths.length === 0) return { checked: false, ok: false, checks: [] }
      const pdfs = paths.filter((p) => extname(p).toLowerCase() === '.pdf')
      if (pdfs.length !== 1) {
        throw new CustosError(
          'USAGE',
          pdfs.length === 0
            ? `None of ${paths.map((p) => basename(p)).join(', ')} is a PDF. Choose the audit PDF (a .pdf file).`
            : `${pdfs.length} PDFs were chosen (${pdfs.map((p) => basename(p)).join(', ')}). Verify one audit PDF at a time.`,
        )
      }
      const path = pdfs[0]!
      const extra = paths.filter((p) => p !== path)
      const readText = (p: string) => readAuditFile(p).toString('utf8')
      const anchors = vaultTrustAnchors(deps.dataDir)
      const roots = [
        ...extra.filter((p) => /\.(pem|crt)$/i.test(p)).map((p) => ({ source: basename(p), pem: readText(p) })),
        ...anchors.roots.map((r) => ({ ...r, source: "this vault's audit root certificate" })),
      ]
      const checkpoints = extra.filter((p) => /\.txt$/i.test(p)).map((p) => ({ source: basename(p), text: readText(p) }))
      let pdf: Buffer
      try {
        pdf = readAuditFile(path)
      } catch (error) {
        if (error instanceof CustosError) return { checked: true, path, ok: false, checks: [{ name: 'File', ok: false, detail: error.message }], error: error.toInfo() }
        throw error
      }
      const result = checkAuditPdf({ pdf, roots, checkpoints, ...(anchors.vaultKey ? { vaultKey: anchors.vaultKey } : {}) })
      return {
        checked: true,
        path,
        ok: result.ok,
        checks: result.checks,
        ...(result.ok ? { report: result.report as unknown as Record<string, unknown> } : { error: result.error.toInfo() }),
      }
    },
  }
}
