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
import { inPeriod, type AuditEntry, type AuditModel, type AuditObligationView, type AuditPeriod, type ReleaseStory } from './audit-model'
import { AuditSummary, LOG_ATTACHMENT } from './audit-summary'
import { createCmsSignature } from './cms-signature'
import { buildLogExport, serializeLogExport, type LogExport } from './log-export'
import { renderAuditPdf } from './render-audit-pdf'
import { ensureAuditCertificates, sha256Hex, type AuditCertificates } from './vault-certificates'

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

  const certs = ensureAuditCertificates(vault.dataDir, { name: vault.info.name, fingerprint: vault.key.fingerprint }, clock)
  const logExport = buildLogExport(logbook, genesisPublicKeyOf(logbook, vault), now)
  const logJson = serializeLogExport(logExport)
  const checkpoint = logbook.checkpoint()
  const period = input.period ?? {}
  const allEntries = logExport.entries.map(toAuditEntry)
  const entries = allEntries.filter((e) => inPeriod(e.time, period))
  const subject = new X509Certificate(certs.signerPem).subject.split('\n').find((l) => l.startsWith('CN='))?.slice(3) ?? 'Custos'

  const periodEnd = period.to === undefined ? Infinity : Date.parse(period.to)
  const state = foldEvents(allEntries.filter((e) => Date.parse(e.time) <= periodEnd).map(foldable))
  const model: AuditModel = {
    vault: { name: vault.info.name, fingerprint: vault.key.fingerprint },
    methods: input.methods ?? Object.values(state.methods).map((m) => `${m.name} (${m.scope})`),
    period,
    allEntries,
    entries,
    state,
    head: { size: logExport.size, hash: logExport.headHash },
    latestCheckpoint: { size: checkpoint.size, headHash: checkpoint.hash, time: now.toISOString(), text: checkpoint.text },
    signer: { certificateSha256: certs.signerSha256, rootCertificateSha256: certs.rootSha256, subject },
    generatedAt: now.toISOString(),
    obligations: input.obligations ?? openObligations(foldEvents(allEntries.map(foldable)), now),
    releases: input.releases,
  }
  const summary = summaryOf(model, logExport, logJson)
  const summaryJson = Buffer.from(JSON.stringify(summary, null, 2) + '\n', 'utf8')
  const unsigned = await renderAuditPdf({ model, summary, logJson, summaryJson, fontDir: input.fontDir })
  const pdf = await new SignPdf().sign(unsigned, new VaultCmsSigner(certs), now)
  return { pdf, logJson, summary, rootPem: certs.rootPem, checkpointText: checkpoint.text }
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
      count: model.entries.length,
      firstSeq: model.entries[0]?.seq ?? null,
      lastSeq: model.entries.at(-1)?.seq ?? null,
    },
    latestCheckpoint: model.latestCheckpoint
      ? { size: model.latestCheckpoint.size, headHash: model.latestCheckpoint.headHash, time: model.latestCheckpoint.time ?? null }
      : null,
    signer: model.signer,
  })
}

function foldable(e: AuditEntry): FoldableEntry {
  return { seq: e.seq, time: e.time, actor: e.actor, event: { ...e.payload, type: e.type } as VaultEvent }
}

/** Obligations open at export time, over the whole log (not only the period). */
function openObligations(state: VaultState, now: Date): AuditObligationView[] {
  return vaultObligations(state, now).map((o) => ({ kind: o.title, description: o.detail, dueAt: o.dueAt, status: o.status }))
}

export function toAuditEntry(row: LogExport['entries'][number]): AuditEntry {
  let payload: Record<string, unknown> = {}
  try {
    const parsed: unknown = JSON.parse(row.payload)
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) payload = parsed as Record<string, unknown>
  } catch {
    // The verifier has already refused an unreadable payload; keep the table total anyway.
  }
  return { seq: row.seq, time: row.time, actor: row.actor, type: row.type, payload, hash: row.hash, prevHash: row.prevHash }
}

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
