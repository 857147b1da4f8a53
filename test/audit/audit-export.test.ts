// The signed audit PDF against the real tools an auditor uses (pdfsig, pdfdetach, qpdf,
// certutil, pdftoppm) and against `custos audit verify`, including the attacks a verifier
// must catch: a flipped byte, an incremental update that swaps the embedded log, an export
// of an older copy of the log, a foreign signer.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inflateSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isCustosError } from '../../shared/errors'
import { exportAuditPdf, type AuditExport } from '../../main/core/audit/export-audit-pdf'
import { PdfDict, PdfReader, PdfRef } from '../../main/core/audit/pdf-reader'
import { AUDIT_ROOT_KEY_FILE, AUDIT_SIGNER_KEY_FILE } from '../../main/core/audit/vault-certificates'
import { verifyAuditPdf, type VerifyAuditInput } from '../../main/core/audit/verify-audit-pdf'
import { describeEntry, emptyEntryNames } from '../../shared/entry-words'
import { runCli } from '../helpers/run-cli'
import { makeAuditVault, type AuditFixture } from './audit-fixture'

const ARTIFACTS = join(__dirname, '..', 'artifacts', 'audit')
let work: string
let fx: AuditFixture
let exported: AuditExport
let pdfPath: string
let rootPath: string
let nssDir: string

function tool(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

function verifyError(input: VerifyAuditInput): { code: string; message: string } {
  try {
    verifyAuditPdf(input)
  } catch (error) {
    if (isCustosError(error)) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error('verification unexpectedly passed')
}

const roots = () => [{ source: 'audit-root-cert.pem', pem: exported.rootPem }]

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'custos-audit-test-'))
  fx = makeAuditVault()
  fx.clock.set('2026-04-20T09:00:00Z')
  exported = await exportAuditPdf({ vault: fx.vault, logbook: fx.book, clock: fx.clock })
  pdfPath = join(work, 'audit.pdf')
  rootPath = join(work, 'audit-root-cert.pem')
  writeFileSync(pdfPath, exported.pdf)
  writeFileSync(rootPath, exported.rootPem)
  nssDir = join(work, 'nss')
  mkdirSync(nssDir)
  tool('certutil', ['-N', '--empty-password', '-d', `sql:${nssDir}`])
  // ",C,": a CA trusted for e-mail/document signing, the usage pdfsig asks NSS to check.
  tool('certutil', ['-A', '-n', 'custos-root', '-t', ',C,', '-i', rootPath, '-d', `sql:${nssDir}`])
})

afterAll(() => {
  fx?.book.close()
  rmSync(work, { recursive: true, force: true })
})

describe('audit export, checked with standard tools', () => {
  it('pdfsig finds a valid signature over the whole document by a trusted certificate', () => {
    const out = tool('pdfsig', ['-nssdir', `sql:${nssDir}`, pdfPath])
    expect(out).toContain('Signature is Valid.')
    expect(out).toContain('Total document signed')
    expect(out).toContain('Certificate is Trusted.')
    expect(out).toContain('adbe.pkcs7.detached')
  })

  it('pdfdetach extracts the full log and the cover summary', () => {
    const dir = join(work, 'detached')
    mkdirSync(dir)
    tool('pdfdetach', ['-saveall', '-o', dir, pdfPath])
    expect(readdirSync(dir).sort()).toEqual(['custos-audit-summary.json', 'custos-logbook.json'])
    const log = JSON.parse(readFileSync(join(dir, 'custos-logbook.json'), 'utf8'))
    expect(log.format).toBe('custos-logbook-export')
    expect(log.entries).toHaveLength(fx.book.head().size)
    expect(log.headHash).toBe(fx.book.head().hash)
    const summary = JSON.parse(readFileSync(join(dir, 'custos-audit-summary.json'), 'utf8'))
    expect(summary.log.entries).toBe(log.entries.length)
  })

  it('qpdf --check finds no structural error', () => {
    const out = tool('qpdf', ['--check', pdfPath])
    expect(out).toContain('No syntax or stream encoding errors found')
  })

  it('shows the cover figures as text a person can read (pdftotext)', () => {
    const text = tool('pdftotext', ['-f', '1', '-l', '1', '-layout', pdfPath, '-'])
    expect(text).toContain('Payments prod (AWS 1234-5678-9012)')
    expect(text).toContain(exported.summary.log.headHash)
    expect(text).toContain('AWS root, payments')
    expect(text.replace(/\s+/g, '')).toContain(exported.summary.signer.certificateSha256.replace(/\s+/g, ''))
    const every = tool('pdftotext', ['-layout', pdfPath, '-'])
    const pages = every.split('\f').filter((p) => p.trim())
    for (const [i, page] of pages.entries()) {
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`)
      expect(page).toContain('Period: 2026-01-05 to 2026-04-17')
    }
  })

  it('keeps page images of the cover and the release narrative under test/artifacts/audit', () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    // Sections flow now, after a one-page period summary: find the narrative's page by its heading.
    const texts = tool('pdftotext', ['-layout', pdfPath, '-']).split('\f')
    const narrative = texts.findIndex((p) => /^\s*Break-glass releases\s*$/m.test(p)) + 1
    expect(narrative).toBeGreaterThan(1)
    tool('pdftoppm', ['-r', '110', '-png', '-f', '1', '-l', '1', pdfPath, join(ARTIFACTS, 'audit-cover-page')])
    tool('pdftoppm', ['-r', '110', '-png', '-f', String(narrative), '-l', String(narrative), pdfPath, join(ARTIFACTS, 'audit-narrative-page')])
    for (const [prefix, to] of [['audit-cover-page', 'audit-cover.png'], ['audit-narrative-page', 'audit-release-narrative.png']] as const) {
      const from = readdirSync(ARTIFACTS).find((f) => f.startsWith(`${prefix}-`))!
      renameSync(join(ARTIFACTS, from), join(ARTIFACTS, to))
      expect(statSync(join(ARTIFACTS, to)).size).toBeGreaterThan(20_000)
    }
    writeFileSync(join(ARTIFACTS, 'audit-export.pdf'), exported.pdf)
    const text = tool('pdftotext', ['-f', String(narrative), '-l', String(narrative + 1), pdfPath, '-'])
    for (const fact of ['INC-4821', 'Dana Kowalski', 'Dmitri Volkov', 'Met late by 3 h', 'Met on time', 'presented-by-other-custodian']) {
      expect(text).toContain(fact)
    }
  })

  it('custos audit verify accepts the untouched export', () => {
    const report = verifyAuditPdf({ pdf: exported.pdf, roots: roots(), vaultKey: fx.vault.key })
    expect(report.log.entries).toBe(fx.book.head().size)
    expect(report.log.signaturesChecked).toBe(fx.book.head().size)
    expect(report.trust.root).toBe('audit-root-cert.pem')
  })
})

describe('attacks on an export', () => {
  it('one byte flipped in the signed range: pdfsig reports a digest mismatch and verify fails', () => {
    const tampered = Buffer.from(exported.pdf)
    // A byte of page content after the signature value (pages are written as they finish, so
    // the signature dictionary comes early in the file): inside the signed range, never the hole.
    const [, , holeEnd] = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(exported.pdf.toString('latin1'))!.slice(1).map(Number)
    const at = holeEnd! + 3000
    tampered[at] = tampered[at]! ^ 0x01
    const path = join(work, 'flipped.pdf')
    writeFileSync(path, tampered)
    const out = tool('pdfsig', ['-nssdir', `sql:${nssDir}`, path])
    expect(out).toMatch(/Digest Mismatch/i)
    expect(out).not.toContain('Signature is Valid.')
    const error = verifyError({ pdf: tampered, roots: roots() })
    expect(error.code).toBe('AUDIT_SIGNATURE_INVALID')
    expect(error.message).toMatch(/changed after signing/)
  })

  it('an incremental update that swaps the embedded log: pdfsig still says valid, verify refuses', () => {
    const forged = appendLogReplacement(exported.pdf, (log) => {
      log.entries.pop()
      log.size = log.entries.length
      log.headHash = log.entries.at(-1).hash
      return log
    })
    const path = join(work, 'updated.pdf')
    writeFileSync(path, forged)
    // The attack works on standard tools: the signature still validates and the log is the new one.
    const out = tool('pdfsig', ['-nssdir', `sql:${nssDir}`, path])
    expect(out).toContain('Signature is Valid.')
    expect(out).not.toContain('Total document signed')
    const dir = join(work, 'updated-detached')
    mkdirSync(dir)
    tool('pdfdetach', ['-saveall', '-o', dir, path])
    expect(JSON.parse(readFileSync(join(dir, 'custos-logbook.json'), 'utf8')).entries).toHaveLength(fx.book.head().size - 1)
    // Custos does not fall for it.
    const error = verifyError({ pdf: forged, roots: roots(), vaultKey: fx.vault.key })
    expect(error.code).toBe('AUDIT_NOT_WHOLE_FILE')
    expect(error.message).toMatch(/bytes were added after signing \(1 incremental update\)/)
    expect(error.message).toMatch(/replace the embedded log/)
  })

  it('an export of an older copy of the log fails against a newer checkpoint', async () => {
    const older = exported.pdf
    fx.clock.set('2026-05-01T10:00:00Z')
    fx.book.append('owner', { type: 'roster.reviewed', reviewer: 'Lee Tanaka', note: 'Quarterly roster review' })
    const newer = fx.book.checkpoint().text
    const error = verifyError({ pdf: older, roots: roots(), checkpoints: [{ source: 'checkpoint-may.txt', text: newer }] })
    expect(error.code).toBe('AUDIT_CHECKPOINT_MISMATCH')
    expect(error.message).toMatch(/checkpoint-may\.txt shows \d+ entries but the log has only \d+/)
    // A fresh export extends that same checkpoint.
    const fresh = await exportAuditPdf({ vault: fx.vault, logbook: fx.book, clock: fx.clock })
    const report = verifyAuditPdf({ pdf: fresh.pdf, roots: roots(), checkpoints: [{ source: 'checkpoint-may.txt', text: newer }] })
    expect(report.checkpoints[0]?.status).toBe('consistent')
  })

  it("refuses an export signed by another vault's certificate", async () => {
    const other = makeAuditVault('Payments prod (AWS 1234-5678-9012)')
    try {
      const imitation = await exportAuditPdf({ vault: other.vault, logbook: other.book, clock: other.clock })
      const error = verifyError({ pdf: imitation.pdf, roots: roots() })
      expect(error.code).toBe('AUDIT_SIGNER_UNTRUSTED')
      expect(error.message).toMatch(/was not issued by audit-root-cert\.pem/)
    } finally {
      other.book.close()
    }
  })

  it('asks for a trust anchor when given none, after checking everything else', () => {
    const error = verifyError({ pdf: exported.pdf })
    expect(error.code).toBe('AUDIT_NO_TRUST_ANCHOR')
    // Front-end neutral words (the CLI adds its --root hint from the code): name what would vouch for it.
    expect(error.message).toMatch(/audit root certificate/)
    expect(error.message).not.toMatch(/custos |--root/)
  })

  it('refuses a file that is not a PDF or carries no signature', () => {
    expect(verifyError({ pdf: Buffer.from('hello'), roots: roots() }).code).toBe('AUDIT_PDF_UNREADABLE')
    const unsigned = Buffer.from(exported.pdf.toString('latin1').replace('/ByteRange', '/ByteRangX'), 'latin1')
    expect(verifyError({ pdf: unsigned, roots: roots() }).code).toBe('AUDIT_SIGNATURE_INVALID')
  })
})

describe('vault audit certificates and the CLI', () => {
  it('keeps the private keys readable by the owner only', () => {
    for (const file of [AUDIT_ROOT_KEY_FILE, AUDIT_SIGNER_KEY_FILE]) {
      expect(statSync(join(fx.dir, file)).mode & 0o777).toBe(0o600)
    }
  })

  it('exports a bundle with a SHA-256 manifest, the root, and verifies with exit 0; a tampered copy exits 6', async () => {
    const bundle = join(work, 'bundle')
    const exp = await runCli(['audit', 'export', '--bundle', bundle, '--from', '2026-01-01', '--to', '2026-04-30', '--data-dir', fx.dir, '--json'], {
      now: '2026-05-02T09:00:00Z',
    })
    expect(exp.code, exp.stderr + exp.stdout).toBe(0)
    const files = readdirSync(bundle).sort()
    expect(files).toEqual(['README.txt', 'SHA256SUMS', 'audit-root-cert.pem', 'checkpoint.txt', 'custos-audit-2026-05-02.pdf', 'custos-logbook.json'])
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: bundle, encoding: 'utf8' })).toMatch(/custos-audit-2026-05-02\.pdf: OK/)
    expect(readFileSync(join(bundle, 'audit-root-cert.pem'), 'utf8')).toBe(exported.rootPem)

    const cert = join(work, 'root-from-cli.pem')
    const certRun = await runCli(['audit', 'cert', '--out', cert, '--data-dir', fx.dir])
    expect(certRun.code).toBe(0)
    expect(readFileSync(cert, 'utf8')).toBe(exported.rootPem)

    const pdf = join(bundle, 'custos-audit-2026-05-02.pdf')
    const ok = await runCli(['audit', 'verify', pdf, '--root', cert, '--checkpoint', join(bundle, 'checkpoint.txt'), '--data-dir', join(work, 'no-vault')])
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toContain('VERIFIED')

    const tampered = readFileSync(pdf)
    // A byte inside the signed range (after the signature value, which now comes early in the file).
    const holeEnd = Number(/\/ByteRange \[\d+ \d+ (\d+)/.exec(tampered.toString('latin1'))![1])
    tampered[holeEnd + 3000] = tampered[holeEnd + 3000]! ^ 0x20
    writeFileSync(join(work, 'tampered.pdf'), tampered)
    const bad = await runCli(['audit', 'verify', join(work, 'tampered.pdf'), '--root', cert, '--data-dir', join(work, 'no-vault')])
    expect(bad.code).toBe(6)
    expect(bad.stderr).toMatch(/AUDIT_SIGNATURE_INVALID/)
  })
})

describe('entry table', () => {
  it('lists an event type this renderer does not know, with its fields', () => {
    const line = describeEntry(
      { type: 'future.event', payload: { widget: 'W-1', count: 3, nested: { ok: true } } },
      emptyEntryNames(),
    )
    expect(line).toBe('widget: W-1; count: 3; nested.ok: true')
  })
})

/**
 * Appends an incremental update that replaces the embedded log's stream (what an attacker
 * with a text editor and the PDF spec can do), leaving the signed revision untouched.
 */
function appendLogReplacement(pdf: Buffer, edit: (log: any) => any): Buffer {
  const reader = new PdfReader(pdf)
  const catalog = reader.dict(reader.trailer.get('Root'), 'catalog')
  const names = reader.dict(catalog.get('Names'), 'names')
  const tree = reader.dict(names.get('EmbeddedFiles'), 'embedded files')
  const leaf = reader.resolve(tree.get('Names')) as unknown[]
  const index = leaf.findIndex((v) => Buffer.isBuffer(v) && v.toString('latin1') === 'custos-logbook.json')
  const spec = reader.dict(leaf[index + 1] as PdfRef, 'filespec')
  const ref = (reader.dict(spec.get('EF'), 'EF') as PdfDict).get('F') as PdfRef
  const { stream } = reader.object(ref.num)
  const log = edit(JSON.parse(inflateSync(stream!.raw).toString('utf8')))
  const body = Buffer.from(JSON.stringify(log), 'utf8')
  const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(pdf.toString('latin1'))![1])
  const trailer = reader.trailer
  const rootRef = trailer.get('Root') as PdfRef
  const infoRef = trailer.get('Info') as PdfRef
  const base = pdf.length + 1
  const object = Buffer.concat([
    Buffer.from(`${ref.num} 0 obj\n<< /Type /EmbeddedFile /Subtype /application#2Fjson /Length ${body.length} /Params << /Size ${body.length} >> >>\nstream\n`, 'latin1'),
    body,
    Buffer.from('\nendstream\nendobj\n', 'latin1'),
  ])
  const xrefAt = base + object.length
  const xref =
    `xref\n0 1\n0000000000 65535 f \n${ref.num} 1\n${String(base).padStart(10, '0')} 00000 n \n` +
    `trailer\n<< /Size ${trailer.get('Size')} /Root ${rootRef.num} 0 R /Info ${infoRef.num} 0 R /Prev ${startxref} >>\n` +
    `startxref\n${xrefAt}\n%%EOF\n`
  return Buffer.concat([pdf, Buffer.from('\n', 'latin1'), object, Buffer.from(xref, 'latin1')])
}
