// The files an audit export consists of, written the same way by `custos audit export` and
// by the desktop app's Audit screen: the signed PDF alone, or the bundle directory for
// write-once storage (PDF, JSON log, root certificate, checkpoint, README, SHA256SUMS).
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CustosError } from '../../../shared/errors'
import type { Clock } from '../clock'
import { openLogbook } from '../logbook'
import { openVault } from '../vault/vault-store'
import type { AuditPeriod } from './audit-model'
import { exportAuditPdf, type AuditExport } from './export-audit-pdf'
import { AUDIT_ROOT_CERT_FILE, ensureAuditCertificates, sha256Hex } from './vault-certificates'

import { RETENTION_YEARS } from './audit-names'
import { provenPassphrase } from '../vault/passphrase'

export { RETENTION_YEARS } from './audit-names'

/**
 * YYYY-MM-DD means the whole UTC day (its start for `from`, its end for `to`); anything else
 * must be an ISO time. `names` are the words the refusal uses (flags on the CLI).
 */
export function parseAuditPeriod(
  input: { from?: string; to?: string },
  names: { from: string; to: string } = { from: 'From', to: 'To' },
): AuditPeriod {
  const from = parseEdge(input.from, 'start', names.from)
  const to = parseEdge(input.to, 'end', names.to)
  if (from && to && Date.parse(from) > Date.parse(to)) {
    throw new CustosError('USAGE', `${names.from} ${input.from} is after ${names.to} ${input.to}; swap them or widen the period.`)
  }
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) }
}

function parseEdge(value: string | undefined, edge: 'start' | 'end', name: string): string | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value.trim())
  const iso = day ? `${value.trim()}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z` : value.trim()
  const t = Date.parse(iso)
  if (Number.isNaN(t)) throw new CustosError('USAGE', `${name} "${value}" is not a date; use YYYY-MM-DD or an ISO time.`)
  return new Date(t).toISOString()
}

/** Opens the vault and its logbook (read-only: an export changes nothing), exports, closes. */
export async function exportVaultAudit(dataDir: string, clock: Clock, period: AuditPeriod): Promise<AuditExport> {
  const vault = openVault(dataDir)
  const book = openLogbook(vault.dataDir, vault.key, { clock, readOnly: true })
  try {
    return await exportAuditPdf({ vault, logbook: book, clock, period })
  } finally {
    book.close()
  }
}

/** custos-audit-2026-05-02.pdf: the day (UTC) of the export's generation time, an ISO string. */
export function auditPdfName(generatedAt: string): string {
  return `custos-audit-${generatedAt.slice(0, 10)}.pdf`
}

export function auditBundleName(generatedAt: string): string {
  return `custos-audit-bundle-${generatedAt.slice(0, 10)}`
}

export interface WrittenFile {
  path: string
  bytes: number
  /** SHA-256 of the bytes written, lower-case hex (what sha256sum prints). */
  sha256: string
}

export function writeAuditPdf(path: string, result: AuditExport): WrittenFile {
  writeFileSync(path, result.pdf, { mode: 0o644 })
  return { path, bytes: result.pdf.length, sha256: sha256Hex(result.pdf) }
}

export interface WrittenBundle {
  dir: string
  /** File names in the order written; SHA256SUMS last. */
  files: string[]
  /** SHA-256 of SHA256SUMS, which names the SHA-256 of every other file. */
  manifestSha256: string
}

/** Writes the bundle into an empty or new directory; never overwrites a file (flag 'wx'). */
export function writeAuditBundle(dir: string, result: AuditExport): WrittenBundle {
  prepareBundleDir(dir)
  const s = result.summary
  const stamp = s.generatedAt.slice(0, 10)
  const files: [string, Buffer | string][] = [
    [auditPdfName(s.generatedAt), result.pdf],
    ['custos-logbook.json', result.logJson],
    [AUDIT_ROOT_CERT_FILE, result.rootPem],
    ['checkpoint.txt', result.checkpointText],
    ['README.txt', bundleReadme(s.vault.name, stamp)],
  ]
  const lines: string[] = []
  for (const [name, data] of files) {
    writeFileSync(join(dir, name), data, { mode: 0o644, flag: 'wx' })
    lines.push(`${sha256Hex(typeof data === 'string' ? Buffer.from(data, 'utf8') : data)}  ${name}`)
  }
  const manifest = lines.join('\n') + '\n'
  writeFileSync(join(dir, 'SHA256SUMS'), manifest, { mode: 0o644, flag: 'wx' })
  return { dir, files: [...files.map(([name]) => name), 'SHA256SUMS'], manifestSha256: sha256Hex(Buffer.from(manifest, 'utf8')) }
}

/**
 * Writes the vault's audit root certificate (PEM, made on first use) for auditors to import.
 * `certificateSha256` is the certificate's own fingerprint (SHA-256 of its DER, as openssl,
 * certutil and browsers show it): what auditors compare with the vault owner by phone.
 */
export function writeAuditRootCert(dataDir: string, clock: Clock, path: string): { path: string; certificateSha256: string } {
  const vault = openVault(dataDir)
  const certs = ensureAuditCertificates(vault.dataDir, { name: vault.info.name, fingerprint: vault.key.fingerprint, passphrase: () => provenPassphrase(vault.key) }, clock)
  writeFileSync(path, certs.rootPem, { mode: 0o644 })
  return { path, certificateSha256: certs.rootSha256 }
}

function prepareBundleDir(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) {
      throw new CustosError('OUTPUT_DIR_NOT_EMPTY', `${dir} is a file; the audit bundle needs an empty or new directory.`, { path: dir })
    }
    if (readdirSync(dir).length > 0) {
      throw new CustosError(
        'OUTPUT_DIR_NOT_EMPTY',
        `${dir} is not empty. Choose an empty or new directory for the audit bundle, so no earlier export is overwritten.`,
        { path: dir },
      )
    }
    return
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 })
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
