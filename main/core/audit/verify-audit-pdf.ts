// `custos audit verify`: everything an auditor needs to trust an export, checked in order:
// the CMS signature, that it covers the whole file (no incremental update after signing),
// the signer's chain to the vault root, the embedded log's chain and signatures, the cover
// figures against the log, and any checkpoints the auditor holds. Fails on the first problem.
import { X509Certificate } from 'node:crypto'
import { CustosError, type ErrorCode } from '../../../shared/errors'
import type { CheckpointInput, CheckpointVerdict } from '../logbook'
import type { VaultPublicKey } from '../vault/vault-key'
import { inPeriod } from './audit-model'
import { AuditSummary, LOG_ATTACHMENT, SUMMARY_ATTACHMENT } from './audit-summary'
import { checkCmsSignature, CmsError } from './cms-signature'
import { headKeyOf, parseLogExport, verifyLogExport } from './log-export'
import { PdfReadError, PdfReader } from './pdf-reader'
import { sha256Hex, vaultFingerprintOfCertificate } from './vault-certificates'

export interface VerifyAuditInput {
  pdf: Buffer
  /** Vault audit root certificates (PEM) the auditor trusts. */
  roots?: { source: string; pem: string }[]
  /** The vault key as the local vault knows it: the log's head key must be this one. */
  vaultKey?: VaultPublicKey
  checkpoints?: CheckpointInput[]
  /** Told each check as it passes, in order (audit-checks.ts turns them into check lines). */
  onCheck?: (name: AuditCheckName, detail: string) => void
}

/** The checks in the order they run; a failure names the check by its error code. */
export const AUDIT_CHECK_NAMES = ['File', 'Signature', 'Whole file', 'Signer', 'Embedded log', 'Checkpoint', 'Cover figures', 'Trusted through'] as const
export type AuditCheckName = (typeof AUDIT_CHECK_NAMES)[number]

export interface AuditVerifyReport {
  ok: true
  signer: { subject: string; certificateSha256: string; signingTime: string | null; vaultFingerprint: string }
  /** What tied the file to the vault: which anchors were given and passed. */
  trust: { root: string | null; vaultKey: boolean; checkpoints: number }
  signedBytes: number
  log: { entries: number; headHash: string; signaturesChecked: number; keyFingerprint: string }
  summary: AuditSummary
  checkpoints: CheckpointVerdict[]
}

function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new CustosError(code, message, details)
}

export function verifyAuditPdf(input: VerifyAuditInput): AuditVerifyReport {
  const pdf = input.pdf
  const passed = input.onCheck ?? (() => {})
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') fail('AUDIT_PDF_UNREADABLE', 'The file is not a PDF (it does not start with %PDF-).')

  // 1. The signature and what it covers.
  const range = findByteRange(pdf)
  const [start, holeStart, holeEnd, tailLength] = range
  if (start !== 0 || holeStart <= 0 || holeEnd <= holeStart || holeEnd + tailLength > pdf.length) {
    fail('AUDIT_SIGNATURE_INVALID', `The signature's byte range [${range.join(' ')}] does not describe this file.`)
  }
  const hole = pdf.subarray(holeStart, holeEnd).toString('latin1')
  if (!/^<[0-9a-fA-F]+>$/.test(hole)) {
    fail('AUDIT_SIGNATURE_INVALID', 'The gap in the signed range holds something other than the signature value.')
  }
  passed('File', `a PDF of ${pdf.length} bytes carrying a digital signature`)
  const signed = Buffer.concat([pdf.subarray(0, holeStart), pdf.subarray(holeEnd, holeEnd + tailLength)])
  const cmsDer = derPrefix(Buffer.from(hole.slice(1, -1), 'hex'))
  let cms
  try {
    cms = checkCmsSignature(cmsDer, signed)
  } catch (error) {
    if (error instanceof CmsError) fail('AUDIT_SIGNATURE_INVALID', `The PDF signature is not valid: ${error.message}.`)
    throw error
  }
  const signer = new X509Certificate(cms.signerCertPem)
  passed('Signature', `valid CMS signature by "${signer.subject.replace(/\n/g, ', ')}" over the signed bytes`)
  const signedEnd = holeEnd + tailLength
  if (signedEnd !== pdf.length) {
    const extra = pdf.length - signedEnd
    const updates = countEofMarkers(pdf.subarray(signedEnd))
    fail(
      'AUDIT_NOT_WHOLE_FILE',
      `The signature covers only the first ${signedEnd} bytes; ${extra} bytes were added after signing` +
        (updates > 0 ? ` (${updates} incremental update${updates > 1 ? 's' : ''})` : '') +
        '. An update can replace the embedded log or the pages while the signature still shows as valid, so this file ' +
        'cannot be trusted. Ask for the original export (its signature covers the whole file).',
      { signedBytes: signedEnd, fileBytes: pdf.length },
    )
  }

  passed('Whole file', `the signature covers all ${signedEnd} bytes: nothing was added after signing`)

  // 2. Who signed it.
  const certFingerprint = vaultFingerprintOfCertificate(cms.signerCertPem)
  if (!certFingerprint) {
    fail('AUDIT_SIGNER_UNTRUSTED', `The PDF was signed by "${signer.subject.replace(/\n/g, ', ')}", which is not a Custos vault audit certificate.`)
  }
  let trustedRoot: string | null = null
  const roots = input.roots ?? []
  if (roots.length > 0) {
    for (const root of roots) {
      let cert: X509Certificate
      try {
        cert = new X509Certificate(root.pem)
      } catch {
        fail('AUDIT_SIGNER_UNTRUSTED', `${root.source} is not a PEM certificate. Use the vault audit root certificate Custos exported.`, { source: root.source, reason: 'not-pem' })
      }
      if (signer.checkIssued(cert) && signer.verify(cert.publicKey)) {
        trustedRoot = root.source
        break
      }
    }
    if (!trustedRoot) {
      fail(
        'AUDIT_SIGNER_UNTRUSTED',
        `The signing certificate (vault key ${certFingerprint}) was not issued by ${roots.map((r) => r.source).join(' or ')}: ` +
          'this export was signed by another vault, or by someone imitating it.',
      )
    }
    if (cms.signingTime) {
      const t = cms.signingTime.getTime()
      if (t < Date.parse(signer.validFrom) - 86_400_000 || t > Date.parse(signer.validTo)) {
        fail('AUDIT_SIGNER_UNTRUSTED', `The signing time ${cms.signingTime.toISOString()} is outside the signing certificate's validity.`)
      }
    }
  }

  // 3. The embedded files (the whole file is signed, so they are what the vault signed).
  let files: Map<string, Buffer>
  try {
    files = new PdfReader(pdf).embeddedFiles()
  } catch (error) {
    if (error instanceof PdfReadError) fail('AUDIT_PDF_UNREADABLE', `The PDF's structure cannot be read: ${error.message}.`)
    throw error
  }
  const logBytes = files.get(LOG_ATTACHMENT)
  const summaryBytes = files.get(SUMMARY_ATTACHMENT)
  if (!logBytes) fail('AUDIT_LOG_INVALID', `The PDF has no embedded ${LOG_ATTACHMENT}: it is not a Custos audit export, or the log was removed.`)
  if (!summaryBytes) fail('AUDIT_SUMMARY_MISMATCH', `The PDF has no embedded ${SUMMARY_ATTACHMENT} (the cover figures).`)
  let summary: AuditSummary
  try {
    summary = AuditSummary.parse(JSON.parse(summaryBytes.toString('utf8')))
  } catch {
    fail('AUDIT_SUMMARY_MISMATCH', `The embedded ${SUMMARY_ATTACHMENT} is not a readable cover summary.`)
  }

  // 4. The log: its chain, every signature, rotations, checkpoints.
  const exp = parseLogExport(logBytes)
  const headKey = headKeyOf(exp)
  if (input.vaultKey && input.vaultKey.fingerprint !== headKey.fingerprint) {
    fail(
      'AUDIT_LOG_INVALID',
      `The embedded log is signed by key ${headKey.fingerprint}, but your vault's key is ${input.vaultKey.fingerprint}: ` +
        'this export is of another vault.',
    )
  }
  if (certFingerprint !== headKey.fingerprint) {
    fail(
      'AUDIT_SIGNER_UNTRUSTED',
      `The PDF was signed with the certificate of vault key ${certFingerprint}, but the embedded log's key is ${headKey.fingerprint}.`,
    )
  }
  passed(
    'Signer',
    `${trustedRoot ? `issued by the vault audit root ${trustedRoot}` : 'a Custos vault audit certificate'} for vault key ${certFingerprint}, the key that signed the log`,
  )
  const checkpoints = input.checkpoints ?? []
  const report = verifyLogExport(exp, input.vaultKey ?? headKey, checkpoints)
  if (!report.ok) {
    const p = report.problem!
    const checkpointKinds = ['truncated', 'forked', 'checkpoint-invalid']
    if (checkpointKinds.includes(p.kind)) {
      fail(
        'AUDIT_CHECKPOINT_MISMATCH',
        `The embedded log does not extend a checkpoint you hold: ${p.message} This export was made from an older or rewritten copy of the log.`,
        { seq: p.seq, kind: p.kind },
      )
    }
    fail('AUDIT_LOG_INVALID', `The embedded log does not verify${p.seq !== null ? ` at entry ${p.seq}` : ''} (${p.kind}): ${p.message}`, {
      seq: p.seq,
      kind: p.kind,
    })
  }

  passed('Embedded log', `${report.size} entries, every hash and signature checked; head ${report.headHash}`)
  for (const verdict of report.checkpoints) passed('Checkpoint', verdict.message)

  // 5. The cover figures against the log and the signature.
  const mismatch = (what: string, cover: unknown, actual: unknown) =>
    fail('AUDIT_SUMMARY_MISMATCH', `The cover page says ${what} is ${String(cover)}, but the ${actual === undefined ? 'file' : `embedded log gives ${String(actual)}`}.`, {
      what,
    })
  const logSha = sha256Hex(logBytes)
  if (summary.log.sha256 !== logSha) mismatch('the log file SHA-256', summary.log.sha256, logSha)
  if (summary.log.entries !== report.size) mismatch('the number of entries', summary.log.entries, report.size)
  if (summary.log.headHash !== report.headHash) mismatch('the head hash', summary.log.headHash, report.headHash)
  if (summary.vault.fingerprint !== certFingerprint) mismatch('the vault key fingerprint', summary.vault.fingerprint, certFingerprint)
  const period = { from: summary.period.from ?? undefined, to: summary.period.to ?? undefined }
  const inside = exp.entries.filter((e) => inPeriod(e.time, period))
  if (summary.periodEntries.count !== inside.length) mismatch('the number of entries in the period', summary.periodEntries.count, inside.length)
  if (summary.periodEntries.firstSeq !== (inside[0]?.seq ?? null)) mismatch('the first entry of the period', summary.periodEntries.firstSeq, inside[0]?.seq ?? null)
  if (summary.periodEntries.lastSeq !== (inside.at(-1)?.seq ?? null)) mismatch('the last entry of the period', summary.periodEntries.lastSeq, inside.at(-1)?.seq ?? null)
  if (summary.signer.certificateSha256 !== signer.fingerprint256) {
    fail('AUDIT_SUMMARY_MISMATCH', `The cover page names signer certificate ${summary.signer.certificateSha256}, but the PDF was signed by ${signer.fingerprint256}.`)
  }
  if (trustedRoot) {
    const root = new X509Certificate(roots.find((r) => r.source === trustedRoot)!.pem)
    if (summary.signer.rootCertificateSha256 !== root.fingerprint256) {
      fail('AUDIT_SUMMARY_MISMATCH', `The cover page names root certificate ${summary.signer.rootCertificateSha256}, but ${trustedRoot} is ${root.fingerprint256}.`)
    }
  }
  const cp = summary.latestCheckpoint
  if (cp) {
    const at = cp.size === 0 ? undefined : exp.entries[cp.size - 1]
    if (cp.size > exp.entries.length || (at && at.hash !== cp.headHash)) {
      fail('AUDIT_SUMMARY_MISMATCH', `The cover page's checkpoint (size ${cp.size}) does not match the embedded log.`)
    }
  }

  passed('Cover figures', `match the embedded log (${summary.periodEntries.count} entries in the period)`)

  // 6. Something outside the file must vouch for it.
  if (!trustedRoot && !input.vaultKey && checkpoints.length === 0) {
    fail(
      'AUDIT_NO_TRUST_ANCHOR',
      'The file is internally consistent (signature, whole-file coverage, log chain, cover figures), but nothing you ' +
        'hold ties it to your vault. Give the vault audit root certificate the vault exported, a checkpoint note you hold, ' +
        'or check it on the vault itself.',
    )
  }
  const anchors = [
    trustedRoot && `root certificate ${trustedRoot}`,
    input.vaultKey && "this vault's key",
    checkpoints.length > 0 && `${checkpoints.length} checkpoint(s)`,
  ].filter(Boolean)
  passed('Trusted through', anchors.join(', '))

  return {
    ok: true,
    signer: {
      subject: signer.subject.replace(/\n/g, ', '),
      certificateSha256: signer.fingerprint256,
      signingTime: cms.signingTime?.toISOString() ?? null,
      vaultFingerprint: certFingerprint,
    },
    trust: { root: trustedRoot, vaultKey: Boolean(input.vaultKey), checkpoints: checkpoints.length },
    signedBytes: signedEnd,
    log: { entries: report.size, headHash: report.headHash, signaturesChecked: report.signaturesChecked, keyFingerprint: report.keyFingerprint },
    summary,
    checkpoints: report.checkpoints,
  }
}

/** The first signature's /ByteRange (Custos exports carry exactly one signature). */
function findByteRange(pdf: Buffer): [number, number, number, number] {
  const text = pdf.toString('latin1')
  const match = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text)
  if (!match) {
    fail('AUDIT_SIGNATURE_INVALID', 'The PDF carries no readable digital signature (no /ByteRange); it is not a signed Custos export, or it was damaged.')
  }
  return [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])]
}

/** The signature value is zero-padded to the placeholder size: keep the DER object's own length. */
function derPrefix(bytes: Buffer): Buffer {
  if (bytes[0] !== 0x30 || bytes.length < 2) return bytes
  const first = bytes[1]!
  if (first < 0x80) return bytes.subarray(0, 2 + first)
  const n = first & 0x7f
  if (n > 4 || bytes.length < 2 + n) return bytes
  let length = 0
  for (let i = 0; i < n; i++) length = length * 256 + bytes[2 + i]!
  return bytes.subarray(0, Math.min(bytes.length, 2 + n + length))
}

function countEofMarkers(bytes: Buffer): number {
  return (bytes.toString('latin1').match(/%%EOF/g) ?? []).length
}
