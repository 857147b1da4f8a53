// Renders the audit PDF (unsigned, with a signature placeholder): cover page, the readable
// sections in order, the full entry table, the running header and footer, and the log and
// summary as embedded files. export-audit-pdf.ts signs the result.
import { createHash } from 'node:crypto'
import { deflateSync } from 'node:zlib'
import PDFDocument from 'pdfkit'
import { pdfkitAddPlaceholder } from '@signpdf/placeholder-pdfkit'
import { groupForDisplay } from '../../../shared/share-format'
import { findFontDir, sheetFontFiles } from '../sheets/sheet-fonts'
import type { AuditModel } from './audit-model'
import { LOG_ATTACHMENT, SUMMARY_ATTACHMENT, periodText, type AuditSummary } from './audit-summary'
import { CustosError } from '../../../shared/errors'
import { AuditWriter, COLOR, FONT, PAGE, type Fact, type SectionStart } from './audit-writer'
import { controlsSection } from './sections/controls-section'
import { custodySection } from './sections/custody-section'
import { drillsSection } from './sections/drills-section'
import { entryTableSection } from './sections/entry-table-section'
import { obligationsSection } from './sections/obligations-section'
import { releasesSection } from './sections/releases-section'
import { keyUseSection } from './sections/key-use-section'
import { formatTime, type AuditSection } from './sections/section'
import { shareSetsSection } from './sections/share-sets-section'
import { summarySection } from './sections/summary-section'
import { vaultHistorySection } from './sections/vault-history-section'

/** The readable sections in order; a new section is one more renderer here. */
export const AUDIT_SECTIONS: readonly AuditSection[] = [
  summarySection,
  controlsSection,
  releasesSection,
  drillsSection,
  keyUseSection,
  shareSetsSection,
  custodySection,
  obligationsSection,
  vaultHistorySection,
  entryTableSection,
]

/** Room for a CMS with an RSA-3072 signature and two certificates, with margin. */
export const SIGNATURE_PLACEHOLDER_BYTES = 8192

export interface RenderInput {
  model: AuditModel
  summary: AuditSummary
  logJson: Buffer
  summaryJson: Buffer
  fontDir?: string
}

export async function renderAuditPdf(input: RenderInput): Promise<Buffer> {
  const { model, summary } = input
  const generated = new Date(model.generatedAt)
  const period = periodText(summary.period, model.periodEntries.firstTime, model.periodEntries.lastTime)
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    // Every page is finished when it is left (the page count comes from the measuring pass),
    // so pdfkit writes pages out as it goes instead of holding them all.
    bufferPages: false,
    compress: true,
    pdfVersion: '1.7',
    lang: 'en',
    displayTitle: true,
    info: {
      Title: `Custos audit export: ${model.vault.name}, ${period}`,
      Author: 'Custos',
      Subject: `Signed logbook of vault ${model.vault.name} (key ${model.vault.fingerprint})`,
      Keywords: `custos; audit; logbook; head ${summary.log.headHash}`,
      Creator: 'Custos',
      Producer: 'Custos',
      CreationDate: generated,
      ModDate: generated,
    },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve)
    doc.on('error', reject)
  })

  const files = sheetFontFiles(input.fontDir ?? findFontDir())
  doc.registerFont(FONT.sans, files.sans)
  doc.registerFont(FONT.bold, files.sansBold)
  doc.registerFont(FONT.mono, files.mono)
  doc.registerFont(FONT.monoBold, files.monoBold)
  doc.font(FONT.sans)

  const frame = {
    vaultName: model.vault.name,
    periodText: period,
    headText: `Head #${summary.log.entries} ${summary.log.headHash}`,
    generatedText: `generated ${formatTime(model.generatedAt)}`,
  }
  // Pass 1 measures: page count and where each section starts. Pass 2 draws with both known.
  const measured = new AuditWriter(doc, frame, { draw: false })
  layout(measured, model, summary, [], () => {})
  const writer = new AuditWriter(doc, frame, { draw: true, totalPages: measured.page })
  layout(writer, model, summary, measured.sectionStarts, () => {
    // The signature field sits on the cover page, invisible (zero-size widget); added while
    // the cover is the current page, before it is written out.
    pdfkitAddPlaceholder({
      pdf: doc,
      pdfBuffer: Buffer.alloc(0),
      reason: `Custos audit export of vault ${model.vault.name}`,
      contactInfo: '',
      name: summary.signer.subject,
      location: 'Custos vault',
      signingTime: generated,
      signatureLength: SIGNATURE_PLACEHOLDER_BYTES,
      appName: 'Custos',
    })
  })
  writer.flush()
  if (writer.page !== measured.page) {
    throw new CustosError('INTERNAL', `The audit PDF layout came out at ${writer.page} pages after measuring ${measured.page}. Report this.`)
  }

  embedFile(doc, {
    name: LOG_ATTACHMENT,
    data: input.logJson,
    description: 'The complete logbook (every entry as hashed and signed); verify with "custos audit verify".',
    relationship: 'Source',
    date: generated,
  })
  embedFile(doc, {
    name: SUMMARY_ATTACHMENT,
    data: input.summaryJson,
    description: 'The cover page figures in machine-readable form.',
    relationship: 'Data',
    date: generated,
  })
  doc.end()
  await ended
  return Buffer.concat(chunks)
}

interface PdfkitDocInternals {
  ref(data: object): { compress: boolean; end(data?: Uint8Array): void }
  addNamedEmbeddedFile(name: string, ref: unknown): void
  _root: { data: { AF?: unknown[] } }
}

/**
 * An embedded JSON file, as pdfkit's doc.file() writes it (EmbeddedFile stream with size and
 * MD5, Filespec with AFRelationship, the /EmbeddedFiles name tree, the catalog's /AF), but
 * deflated and hashed by Node's native zlib and crypto: doc.file() copies the data twice and
 * hashes it in JavaScript, which for a 100,000-entry log (about 50 MB) costs seconds and
 * over 100 MB.
 */
function embedFile(
  pdf: PDFKit.PDFDocument,
  file: { name: string; data: Buffer; description: string; relationship: string; date: Date },
): void {
  const doc = pdf as unknown as PdfkitDocInternals
  const body = doc.ref({
    Type: 'EmbeddedFile',
    Subtype: 'application#2Fjson',
    Filter: 'FlateDecode',
    Params: {
      CreationDate: file.date,
      ModDate: file.date,
      CheckSum: new String(createHash('md5').update(file.data).digest('hex')),
      Size: file.data.byteLength,
    },
  })
  body.compress = false
  body.end(deflateSync(file.data))
  const spec = doc.ref({
    Type: 'Filespec',
    AFRelationship: file.relationship,
    F: new String(file.name),
    EF: { F: body },
    UF: new String(file.name),
    Desc: new String(file.description),
  })
  spec.end()
  doc.addNamedEmbeddedFile(file.name, spec)
  ;(doc._root.data.AF ??= []).push(spec)
}

/** The whole document, in order; run once to measure and once to draw. */
function layout(writer: AuditWriter, model: AuditModel, summary: AuditSummary, starts: SectionStart[], onCover: () => void): void {
  renderCover(writer, model, summary, starts)
  if (writer.drawing) onCover()
  for (const section of AUDIT_SECTIONS) section.render(writer, model)
}

function renderCover(writer: AuditWriter, model: AuditModel, summary: AuditSummary, starts: SectionStart[]): void {
  const { doc } = writer
  writer.newPage()
  if (writer.drawing) {
    doc.outline.addItem('Cover')
    writer.fillRect(0, 0, PAGE.width, 8, COLOR.accent)
  }
  writer.text('LOGBOOK AUDIT EXPORT', PAGE.left, writer.y + 4, { font: FONT.bold, size: 9, color: COLOR.accent })
  writer.y += 20
  writer.y += writer.wrapped(model.vault.name, PAGE.left, writer.y, writer.width, { font: FONT.bold, size: 22 }) + 6
  writer.y += writer.wrapped(
    "A signed record of the break-glass vault's logbook for the period below. The complete log is embedded in this " +
      'file (custos-logbook.json) so its hash chain and signatures can be re-verified from this document alone.',
    PAGE.left,
    writer.y,
    writer.width,
    { size: 10, color: COLOR.soft, gap: 1.5 },
  )
  writer.y += 12

  const cp = summary.latestCheckpoint
  const periodFirst = summary.periodEntries.firstSeq
  const facts: Fact[] = [
    ['Vault', summary.vault.name],
    ['Vault key fingerprint', groupForDisplay(summary.vault.fingerprint), { mono: true }],
    ['Break-glass methods', summary.methods.length > 0 ? summary.methods.join(', ') : 'none defined in the log'],
    [
      'Period covered',
      `${summary.period.from ? formatTime(summary.period.from) : 'from the first entry'} to ${summary.period.to ? formatTime(summary.period.to) : 'the head of the log'}`,
    ],
    [
      'Entries in the period',
      periodFirst === null
        ? '0'
        : `${summary.periodEntries.count.toLocaleString('en-US')} (#${periodFirst} to #${summary.periodEntries.lastSeq})`,
    ],
    ['Entries in the log', `${summary.log.entries.toLocaleString('en-US')} (all embedded and signed)`],
    ['Head hash', `${summary.log.headHash}`, { mono: true }],
    [
      'Latest checkpoint',
      cp ? `size ${cp.size}, head ${cp.headHash}${cp.time ? `, ${formatTime(cp.time)}` : ''}` : 'none',
      { mono: true },
    ],
    ['Signer certificate SHA-256', summary.signer.certificateSha256, { mono: true }],
    ['Vault audit root SHA-256', summary.signer.rootCertificateSha256, { mono: true }],
    ['Generated', formatTime(summary.generatedAt)],
  ]
  writer.facts(facts, 150)
  renderContents(writer, model, starts)
}

/** The contents block on the cover: each section's first page, known from the measuring pass. */
function renderContents(writer: AuditWriter, model: AuditModel, starts: SectionStart[]): void {
  writer.y += 6
  writer.text('Contents', PAGE.left, writer.y, { font: FONT.bold, size: 11 })
  writer.y += 16
  for (const section of AUDIT_SECTIONS) {
    const page = starts.find((s) => s.title === section.title)?.page
    const count = section.count(model)
    writer.text(section.title, PAGE.left, writer.y, { size: 9.5 })
    writer.text(`${count.toLocaleString('en-US')} ${count === 1 ? 'item' : 'items'}`, PAGE.left + 300, writer.y, { size: 9.5, color: COLOR.soft })
    writer.text(page ? `page ${page}` : '', PAGE.left + 400, writer.y, { size: 9.5, align: 'right', width: writer.width - 400 })
    writer.y += 14
  }
  writer.y += 8
  writer.panel([
    { text: 'How to verify this document', bold: true },
    { text: '1. Import the vault audit root (from "custos audit cert") into an NSS database, then run pdfsig: it must print "Signature is Valid.", "Total document signed" and "Certificate is Trusted.".' },
    { text: '2. "pdfdetach -saveall" extracts custos-logbook.json (the full log) and custos-audit-summary.json (these cover figures).' },
    { text: '3. "custos audit verify FILE.pdf --root audit-root.pem --checkpoint CHECKPOINT" checks the signature covers the whole file, re-verifies every entry and compares the cover figures and your checkpoints.' },
  ])
}
