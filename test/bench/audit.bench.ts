// Audit export benchmark: time and peak memory (RSS) to export a signed PDF (verify the log,
// render, embed, sign) at 1,000, 10,000 and 100,000 entries, then the time to verify it. Each
// export runs in a child process of its own, so its peak RSS is its own. One JSON line per size.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { VaultEvent } from '../../shared/events'
import { fixedClock } from '../../main/core/clock'
import { exportAuditPdf } from '../../main/core/audit/export-audit-pdf'
import { ensureAuditCertificates } from '../../main/core/audit/vault-certificates'
import { provenPassphrase } from '../../main/core/vault/passphrase'
import { verifyAuditPdf } from '../../main/core/audit/verify-audit-pdf'
import { openLogbook } from '../../main/core/logbook'
import { initVault, openVault } from '../../main/core/vault/vault-store'

const SIZES = [1_000, 10_000, 100_000]
const TARGET = { entries: 10_000, ms: 5_000, rssMb: 300 }
const START = '2026-01-05T09:00:00Z'
const mb = (kb: number) => Math.round(kb / 1024)

/** A log of `entries` entries mixing short and long texts, like a busy vault's roster and custody notes. */
function buildVault(dir: string, entries: number): void {
  const clock = fixedClock(START)
  const vault = initVault(dir, 'Bench vault (AWS 1234-5678-9012 production)', clock)
  const book = openLogbook(dir, vault.key, { clock })
  const event = (i: number): VaultEvent =>
    i % 10 === 0
      ? {
          type: 'custody.exception',
          kind: 'bag-serial-mismatch',
          detail: `Bag serial TEB-${1000 + (i % 97)} read at the quarterly check does not match the record; the custodian resealed it in a new bag witnessed by the security lead, entry ${i}.`,
        }
      : { type: 'roster.reviewed', reviewer: i % 3 === 0 ? 'Alice Martin-Okonkwo' : 'Lee Tanaka', note: `Roster review number ${i}${i % 4 === 0 ? ': every custodian reached by phone and still in post' : ''}` }
  for (let from = 1; from < entries; from += 5_000) {
    const count = Math.min(5_000, entries - from)
    book.appendAll('bench', Array.from({ length: count }, (_, k) => event(from + k)))
  }
  // Certificates are made once per vault (at init or first export): not part of an export's cost.
  ensureAuditCertificates(dir, { name: vault.info.name, fingerprint: vault.key.fingerprint, passphrase: () => provenPassphrase(vault.key) }, clock)
  book.close()
}

/** In the child: export once, report time and the process's peak RSS, then verify. */
async function child(dir: string): Promise<void> {
  const clock = fixedClock(START)
  // Unlocking the vault key (scrypt over the passphrase) is timed apart: it is the same for any log size.
  const u0 = performance.now()
  const vault = openVault(dir)
  const book = openLogbook(dir, vault.key, { clock, readOnly: true })
  const unlockMs = performance.now() - u0
  const baseKb = process.resourceUsage().maxRSS
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const out = await exportAuditPdf({ vault, logbook: book, clock })
  const exportMs = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  const peakKb = process.resourceUsage().maxRSS
  book.close()
  const t1 = performance.now()
  verifyAuditPdf({ pdf: out.pdf, roots: [{ source: 'root', pem: out.rootPem }] })
  const verifyMs = performance.now() - t1
  const pages = /\/Type \/Pages[\s\S]*?\/Count (\d+)/.exec(out.pdf.toString('latin1'))?.[1]
  process.stdout.write(
    JSON.stringify({
      exportMs: Math.round(exportMs),
      exportCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      unlockMs: Math.round(unlockMs),
      peakRssMb: mb(peakKb),
      rssBeforeExportMb: mb(baseKb),
      verifyMs: Math.round(verifyMs),
      pages: pages ? Number(pages) : undefined,
      pdfBytes: out.pdf.length,
      logJsonBytes: out.logJson.length,
    }) + '\n',
  )
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]!)
  const self = fileURLToPath(import.meta.url)
  // Scripts unlock the vault keys with a passphrase file; so does the bench (its children inherit it).
  let passphraseDir: string | undefined
  if (!process.env.CUSTOS_PASSPHRASE_FILE) {
    passphraseDir = mkdtempSync(join(tmpdir(), 'custos-bench-passphrase-'))
    writeFileSync(join(passphraseDir, 'passphrase'), 'bench passphrase for the audit export\n', { mode: 0o600 })
    process.env.CUSTOS_PASSPHRASE_FILE = join(passphraseDir, 'passphrase')
  }
  const only = process.env.AUDIT_BENCH_SIZES?.split(',').map(Number)
  for (const entries of only ?? SIZES) {
    const dir = mkdtempSync(join(tmpdir(), 'custos-audit-bench-'))
    try {
      const t = performance.now()
      buildVault(dir, entries)
      const setupMs = Math.round(performance.now() - t)
      const run = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', dir], { encoding: 'utf8', maxBuffer: 1 << 20 })
      if (run.status !== 0) throw new Error(`export child failed for ${entries} entries:\n${run.stderr}`)
      const figures = JSON.parse(run.stdout.trim().split('\n').at(-1)!)
      const target = entries === TARGET.entries ? { targetMs: TARGET.ms, targetRssMb: TARGET.rssMb } : {}
      const verdict =
        entries === TARGET.entries ? { withinTarget: figures.exportMs <= TARGET.ms && figures.peakRssMb <= TARGET.rssMb } : {}
      // The machine's load beside the wall time: on a shared build machine wall time grows with
      // it, while exportCpuMs (user + system time of the export) does not.
      const load1 = Math.round(loadavg()[0]! * 10) / 10
      process.stdout.write(JSON.stringify({ bench: 'audit.export', entries, ...figures, ...target, ...verdict, load1, setupMs }) + '\n')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  if (passphraseDir) rmSync(passphraseDir, { recursive: true, force: true })
}

await main()
