// Audit export benchmark: time to export (verify the log, render, embed, sign) and verify a
// signed PDF for 1,000 and 10,000 entries, and the file sizes. One JSON object per line.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixedClock } from '../../main/core/clock'
import { exportAuditPdf } from '../../main/core/audit/export-audit-pdf'
import { ensureAuditCertificates } from '../../main/core/audit/vault-certificates'
import { verifyAuditPdf } from '../../main/core/audit/verify-audit-pdf'
import { openLogbook } from '../../main/core/logbook'
import { initVault } from '../../main/core/vault/vault-store'

for (const entries of [1_000, 10_000]) {
  const dir = mkdtempSync(join(tmpdir(), 'custos-audit-bench-'))
  try {
    const clock = fixedClock('2026-01-05T09:00:00Z')
    const vault = initVault(dir, 'Bench vault', clock)
    const book = openLogbook(dir, vault.key, { clock })
    book.appendAll(
      'bench',
      Array.from({ length: entries - 1 }, (_, i) => ({ type: 'roster.reviewed' as const, reviewer: 'Alice Martin', note: `Roster review number ${i}` })),
    )
    // Certificates are made once per vault (at init or first export): not part of an export's cost.
    const certs = ensureAuditCertificates(dir, { name: vault.info.name, fingerprint: vault.key.fingerprint }, clock)
    const t0 = performance.now()
    const out = await exportAuditPdf({ vault, logbook: book, clock })
    const exportMs = performance.now() - t0
    const t1 = performance.now()
    verifyAuditPdf({ pdf: out.pdf, roots: [{ source: 'root', pem: certs.rootPem }] })
    const verifyMs = performance.now() - t1
    console.log(
      JSON.stringify({
        bench: 'audit.export',
        entries: book.head().size,
        exportMs: Math.round(exportMs),
        verifyMs: Math.round(verifyMs),
        pdfBytes: out.pdf.length,
        logJsonBytes: out.logJson.length,
        targetMs: entries === 10_000 ? 5000 : undefined,
      }),
    )
    book.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
