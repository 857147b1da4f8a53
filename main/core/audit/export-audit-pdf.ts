// `custos audit export`: verifies the log, builds the model and the cover summary, renders the
// PDF with the log embedded, and signs it (CMS, adbe.pkcs7.detached) with the vault's audit
// signing certificate, so pdfsig and `custos audit verify` can both check it.
import { X509Certificate } from 'node:crypto'
import { SignPdf } from '@signpdf/signpdf'
import { Signer } from '@signpdf/utils'
import { CustosError } from '../../../shared/errors'
import type { Clock } from '../clock'
import { originFor } from '../logbook/entry-hash'
import { foldEvents, verifyFailure, type FoldableEntry, type Logbook, type VaultState } from '../logbook'
import { vaultObligations } from '../ceremonies/vault-obligations'
import type { VaultEvent } from '../../../shared/events'
import type { OpenVault } from '../vault/vault-store'
import { collectEntryNames, NAMING_EVENT_TYPES } from '../../../shared/entry-words'
import { entriesOf, inPeriod, toAuditEntry, type AuditModel, type AuditRow, type AuditObligationView, type AuditPeriod, type ReleaseStory } from './audit-model'
import { AuditSummary, LOG_ATTACHMENT } from './audit-summary'
import { createCmsSignature } from './cms-signature'
import { buildLogExport, serializeLogExport, type LogExport } from './log-export'
import { renderAuditPdf } from './render-audit-pdf'
import { ensureAuditCertificates, sha256Hex, type AuditCertificates } from './vault-certificates'
import { provenPassphrase } from '../vault/passphrase'

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
  const report = logbook.verify()
  if (!report.ok) throw verifyFailure(report, logbook.path)

  const certs = ensureAuditCertificates(vault.dataDir, { name: vault.info.name, fingerprint: vault.key.fingerprint, passphrase: () => provenPassphrase(vault.key) }, clock)
  // Rendered in a function of its own: the log's rows and the model are garbage by the time
  // the signature copies the PDF around (a 100,000-entry export keeps its peak lower).
  const { unsigned, logJson, summary, checkpointText } = await renderUnsigned(input, now, certs)
  const pdf = await new SignPdf().sign(unsigned, new VaultCmsSigner(certs), now)
  return { pdf, logJson, summary, rootPem: certs.rootPem, checkpointText }
}

async function renderUnsigned(
  input: ExportAuditInput,
  now: Date,
  certs: AuditCertificates,
): Promise<{ unsigned: Buffer; logJson: Buffer; summary: AuditSummary; checkpointText: string }> {
  const { vault, logbook } = input
  const logExport = buildLogExport(logbook, genesisPublicKeyOf(logbook, vault), now)
  const logJson = serializeLogExport(logExport)
  const checkpoint = logbook.checkpoint()
  const period = input.period ?? {}
  const rows = logExport.entries
  const subject = new X509Certificate(certs.signerPem).subject.split('\n').find((l) => l.startsWith('CN='))?.slice(3) ?? 'Custos'

  // Rows are parsed one at a time wherever they are read (the folds below, the sections, the
  // entry table): no parsed copy of the whole log is kept beside the stored rows.
  const periodEnd = period.to === undefined ? Infinity : Date.parse(period.to)
  const inside: AuditModel['periodEntries'] = { count: 0, firstSeq: null, lastSeq: null }
  for (const row of rows) {
    if (!inPeriod(row.time, period)) continue
    inside.count++
    inside.firstSeq ??= row.seq
    inside.firstTime ??= row.time
    inside.lastSeq = row.seq
    inside.lastTime = row.time
  }
  const state = foldEvents(foldable(rows, periodEnd))
  const names = collectEntryNames(entriesOf({ rows, period: {} }, { all: true, types: NAMING_TYPES }))
  const model: AuditModel = {
    vault: { name: vault.info.name, fingerprint: vault.key.fingerprint },
    methods: input.methods ?? Object.values(state.methods).map((m) => `${m.name} (${m.scope})`),
    period,
    rows,
    periodEntries: inside,
    state,
    names,
    head: { size: logExport.size, hash: logExport.headHash },
    latestCheckpoint: { size: checkpoint.size, headHash: checkpoint.hash, time: now.toISOString(), text: checkpoint.text },
    signer: { certificateSha256: certs.signerSha256, rootCertificateSha256: certs.rootSha256, subject },
    generatedAt: now.toISOString(),
    obligations: input.obligations ?? openObligations(period.to === undefined ? state : foldEvents(foldable(rows, Infinity)), now),
    releases: input.releases,
  }
  const summary = summaryOf(model, logExport, logJson)
  const summaryJson = Buffer.from(JSON.stringify(summary, null, 2) + '\n', 'utf8')
  const unsigned = await renderAuditPdf({ model, summary, logJson, summaryJson, fontDir: input.fontDir })
  return { unsigned, logJson, summary, checkpointText: checkpoint.text }
}

export function summaryOf(model: AuditModel, exp: LogExport, logJson: Buffer): AuditSummary {
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

/** The rows up to `end` as the fold reads them, parsed one at a time. */
function* foldable(rows: readonly AuditRow[], end: number): Generator<FoldableEntry> {
  for (const row of rows) {
    if (Date.parse(row.time) > end) continue
    const e = toAuditEntry(row)
    yield { seq: e.seq, time: e.time, actor: e.actor, event: { ...e.payload, type: e.type } as VaultEvent }
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
