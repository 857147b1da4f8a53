// `custos audit export`: verifies the log, builds the model and the cover summary, renders the
// PDF with the log embedded, and signs it (CMS, adbe.pkcs7.detached) with the vault's audit
// signing certificate, so pdfsig and `custos audit verify` can both check it.
import { X509Certificate } from 'node:crypto'
import { SignPdf } from '@signpdf/signpdf'
import { Signer } from '@signpdf/utils'
import { CustosError } from '../../../shared/errors'
import type { Clock } from '../clock'
import { originFor } from '../logbook/entry-hash'
import { applyEntry } from '../logbook/vault-state'
import { emptyVaultState, foldEvents, signCheckpoint, verifyFailure, type FoldableEntry, type Logbook, type SignedCheckpoint, type VaultState, type VerifyReport } from '../logbook'
import { vaultObligations } from '../ceremonies/vault-obligations'
import type { VaultEvent } from '../../../shared/events'
import type { OpenVault } from '../vault/vault-store'
import { collectEntryNames, NAMING_EVENT_TYPES } from '../../../shared/entry-words'
import { entriesOf, inPeriod, toAuditEntry, type AuditModel, type AuditRow, type AuditRows, type AuditObligationView, type AuditPeriod, type ReleaseStory } from './audit-model'
import { AuditSummary, LOG_ATTACHMENT } from './audit-summary'
import { createCmsSignature } from './cms-signature'
import { LOG_EXPORT_FORMAT, serializeLogStream, type LogExportHead } from './log-export'
import { renderAuditPdf } from './render-audit-pdf'
import { ensureAuditCertificates, sha256Hex, type AuditCertificates } from './vault-certificates'
import { provenPassphrase } from '../vault/passphrase'
import { computerAccount } from '../logbook/record'

export interface ExportAuditInput {
  vault: OpenVault
  logbook: Logbook
  clock: Clock
  period?: AuditPeriod
  /** Open obligations at export time, when the caller can compute them. */
  obligations?: AuditObligationView[]
  /** Release narratives, when the caller builds them (otherwise folded from the log). */
  releases?: ReleaseStory[]
  methods?: string[]
  fontDir?: string
}

export interface AuditExport {
  pdf: Buffer
  logJson: Buffer
  summary: AuditSummary
  rootPem: string
  checkpointText: string
}

/** A signer for @signpdf that builds the CMS with our own code (RSA via node:crypto). */
class VaultCmsSigner extends Signer {
  constructor(private readonly certs: AuditCertificates) {
    super()
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    return createCmsSignature(pdfBuffer, {
      signerCertPem: this.certs.signerPem,
      signerKeyPem: this.certs.signerKeyPem,
      chainPems: [this.certs.rootPem],
      signingTime: signingTime ?? new Date(),
    })
  }
}

export async function exportAuditPdf(input: ExportAuditInput): Promise<AuditExport> {
  const { vault, logbook, clock } = input
  const now = clock.now()
  // Chain everywhere plus the head signature (the logbook's default): proves every entry, fast.
  // The export then reads exactly this verified log, entries 1..size, streamed in passes: a
  // writer appending meanwhile changes nothing in it.
  const report = logbook.verify()
  if (!report.ok) throw verifyFailure(report, logbook.path)

  // The keys are unsealed (scrypt, 128 MiB each) before the log is streamed for the export,
  // so that memory is given back before the export's own peak.
  const certs = ensureAuditCertificates(vault.dataDir, { name: vault.info.name, fingerprint: vault.key.fingerprint, passphrase: () => provenPassphrase(vault.key) }, clock)
  const checkpoint = checkpointOf(logbook, vault, report)
  // Rendered in a function of its own: the folds and the model are garbage by the time the
  // PDF is signed (a 100,000-entry export keeps its peak lower).
  const { unsigned, logJson, summary } = await renderUnsigned(input, now, certs, report, checkpoint)
  const pdf = await new SignPdf().sign(unsigned, new VaultCmsSigner(certs), now)
  return { pdf, logJson, summary, rootPem: certs.rootPem, checkpointText: checkpoint.text }
}

/**
 * The signed checkpoint of the verified head. A read-only handle signs only what it verified
 * and folded itself (a second walk over the whole log); the verify above has just proved this
 * head under the vault key, so it is signed with that key directly.
 */
function checkpointOf(logbook: Logbook, vault: OpenVault, report: VerifyReport): SignedCheckpoint {
  if (!logbook.readOnly || report.keyFingerprint !== vault.key.fingerprint) return logbook.checkpoint()
  return signCheckpoint({ origin: logbook.origin, size: report.size, hash: report.headHash }, vault.key)
}

async function renderUnsigned(
  input: ExportAuditInput,
  now: Date,
  certs: AuditCertificates,
  verified: VerifyReport,
  checkpoint: SignedCheckpoint,
): Promise<{ unsigned: Buffer; logJson: Buffer; summary: AuditSummary }> {
  const { vault, logbook } = input
  const size = verified.size
  // Every pass streams the verified rows from the logbook afresh; the log is never held as rows.
  const rows: AuditRows = {
    all: () => logbook.iterateEntries({ toSeq: size }),
    ofTypes: (types) => logbook.iterateEntries({ toSeq: size, types }),
  }
  const period = input.period ?? {}
  const subject = new X509Certificate(certs.signerPem).subject.split('\n').find((l) => l.startsWith('CN='))?.slice(3) ?? 'Custos'

  // One pass writes the embedded log, counts the period's entries and folds the state up to
  // the end of the period.
  const periodEnd = period.to === undefined ? Infinity : Date.parse(period.to)
  const inside: AuditModel['periodEntries'] = { count: 0, firstSeq: null, lastSeq: null }
  const state = emptyVaultState()
  const chain = { seq: 0, hash: '' }
  const head: LogExportHead = {
    format: LOG_EXPORT_FORMAT,
    version: 1,
    origin: logbook.origin,
    genesisPublicKey: genesisPublicKeyOf(logbook, vault),
    exportedAt: now.toISOString(),
    size,
    headHash: verified.headHash,
  }
  const logJson = serializeLogStream(head, logbook.iterateEntries({ toSeq: size }), (row) => {
    // The rows embedded must be the verified chain: consecutive and linked (cheap to check here).
    if (row.seq !== chain.seq + 1 || (chain.seq > 0 && row.prevHash !== chain.hash)) throw changedUnderExport(logbook, row.seq)
    chain.seq = row.seq
    chain.hash = row.hash
    const entry = foldableEntry(row, periodEnd)
    if (entry) applyEntry(state, entry)
    if (!inPeriod(row.time, period)) return
    inside.count++
    inside.firstSeq ??= row.seq
    inside.firstTime ??= row.time
    inside.lastSeq = row.seq
    inside.lastTime = row.time
  })
  if (chain.seq !== size || (size > 0 && chain.hash !== verified.headHash)) throw changedUnderExport(logbook, chain.seq + 1)
  const names = collectEntryNames(entriesOf({ rows, period: {} }, { all: true, types: NAMING_TYPES }))
  const model: AuditModel = {
    vault: { name: vault.info.name, fingerprint: vault.key.fingerprint },
    methods: input.methods ?? Object.values(state.methods).map((m) => `${m.name} (${m.scope})`),
    period,
    rows,
    periodEntries: inside,
    state,
    names,
    account: computerAccount(),
    head: { size, hash: verified.headHash },
    latestCheckpoint: { size: checkpoint.size, headHash: checkpoint.hash, time: now.toISOString(), text: checkpoint.text },
    signer: { certificateSha256: certs.signerSha256, rootCertificateSha256: certs.rootSha256, subject },
    generatedAt: now.toISOString(),
    obligations: input.obligations ?? openObligations(period.to === undefined ? state : foldEvents(foldable(rows.all(), Infinity)), now),
    releases: input.releases,
  }
  const summary = summaryOf(model, head, logJson)
  const summaryJson = Buffer.from(JSON.stringify(summary, null, 2) + '\n', 'utf8')
  const unsigned = await renderAuditPdf({ model, summary, logJson, summaryJson, fontDir: input.fontDir })
  return { unsigned, logJson, summary }
}

function changedUnderExport(logbook: Logbook, seq: number): CustosError {
  return new CustosError(
    'LOG_VERIFY_FAILED',
    `The logbook ${logbook.path} changed at entry ${seq} while it was being exported (an entry already verified was rewritten). ` +
      'Nothing was written. Verify the logbook to see the damage.',
    { path: logbook.path, seq, kind: 'modified' },
  )
}

export function summaryOf(model: AuditModel, exp: Pick<LogExportHead, 'size' | 'headHash'>, logJson: Buffer): AuditSummary {
  return AuditSummary.parse({
    format: 'custos-audit-summary',
    version: 1,
    vault: model.vault,
    methods: model.methods,
    generatedAt: model.generatedAt,
    period: { from: model.period.from ?? null, to: model.period.to ?? null },
    log: { attachment: LOG_ATTACHMENT, sha256: sha256Hex(logJson), entries: exp.size, headHash: exp.headHash },
    periodEntries: {
      count: model.periodEntries.count,
      firstSeq: model.periodEntries.firstSeq,
      lastSeq: model.periodEntries.lastSeq,
    },
    latestCheckpoint: model.latestCheckpoint
      ? { size: model.latestCheckpoint.size, headHash: model.latestCheckpoint.headHash, time: model.latestCheckpoint.time ?? null }
      : null,
    signer: model.signer,
  })
}

/** A row as the fold reads it (parsed), or undefined when it is after `end`. */
function foldableEntry(row: AuditRow, end: number): FoldableEntry | undefined {
  if (end !== Infinity && Date.parse(row.time) > end) return undefined
  const e = toAuditEntry(row)
  return { seq: e.seq, time: e.time, actor: e.actor, event: { ...e.payload, type: e.type } as VaultEvent }
}

/** The rows up to `end` as the fold reads them, parsed one at a time. */
function* foldable(rows: Iterable<AuditRow>, end: number): Generator<FoldableEntry> {
  for (const row of rows) {
    const entry = foldableEntry(row, end)
    if (entry) yield entry
  }
}

const NAMING_TYPES: ReadonlySet<string> = new Set(NAMING_EVENT_TYPES)

/** Obligations open at export time, over the whole log (not only the period). */
function openObligations(state: VaultState, now: Date): AuditObligationView[] {
  return vaultObligations(state, now).map((o) => ({ kind: o.title, description: o.detail, dueAt: o.dueAt, status: o.status }))
}

export { toAuditEntry } from './audit-model'

/**
 * The key that signed entry 1. The logbook keeps it in its metadata; until its interface
 * exposes it, it is the key of the vault.created entry or, for a vault whose key never
 * rotated, the vault key itself (the origin names its fingerprint, so a wrong guess cannot pass).
 */
function genesisPublicKeyOf(logbook: Logbook, vault: OpenVault): string {
  const exposed = (logbook as unknown as { genesisPublicKey?: unknown }).genesisPublicKey
  if (typeof exposed === 'string' && exposed) return exposed
  const created = logbook.entries({ type: 'vault.created', limit: 1 })[0]
  const fromEvent = created?.event.type === 'vault.created' ? created.event.publicKey : undefined
  if (fromEvent) return fromEvent
  if (originFor(vault.key.fingerprint) === logbook.origin) return Buffer.from(vault.key.raw).toString('base64')
  throw new CustosError(
    'AUDIT_LOG_INVALID',
    'Custos cannot tell which key started this logbook, so the export could not be re-verified. Report this.',
  )
}
