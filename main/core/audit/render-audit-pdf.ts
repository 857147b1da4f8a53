// Renders the audit PDF (unsigned, with a signature placeholder): cover page, the readable
// sections in order, the full entry table, the running header and footer, and the log and
// summary as embedded files. export-audit-pdf.ts signs the result.
import PDFDocument from 'pdfkit'
import { pdfkitAddPlaceholder } from '@signpdf/placeholder-pdfkit'
import { groupForDisplay } from '../../../shared/share-format'
import { findFontDir, sheetFontFiles } from '../sheets/sheet-fonts'
import type { AuditModel } from './audit-model'
import { LOG_ATTACHMENT, SUMMARY_ATTACHMENT, periodText, type AuditSummary } from './audit-summary'
import { AuditWriter, COLOR, FONT, PAGE, type Fact } from './audit-writer'
import { custodySection } from './sections/custody-section'
import { drillsSection } from './sections/drills-section'
import { entryTableSection } from './sections/entry-table-section'
import { obligationsSection } from './sections/obligations-section'
import { releasesSection } from './sections/releases-section'
import { formatTime, type AuditSection } from './sections/section'
import { shareSetsSection } from './sections/share-sets-section'
import { vaultHistorySection } from './sections/vault-history-section'

/** The readable sections in order; a new section is one more renderer here. */
export const AUDIT_SECTIONS: readonly AuditSection[] = [
  releasesSection,
  drillsSection,
  custodySection,
  shareSetsSection,
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
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    bufferPages: true,
    compress: true,
    pdfVersion: '1.7',
    lang: 'en',
    displayTitle: true,
    info: {
      Title: `Custos audit export: ${model.vault.name}, ${periodText(summary.period, model.entries[0]?.time, model.entries.at(-1)?.time)}`,
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

  const writer = new AuditWriter(doc, {
    vaultName: model.vault.name,
    periodText: periodText(summary.period, model.entries[0]?.time, model.entries.at(-1)?.time),
    headText: `Head #${summary.log.entries} ${summary.log.headHash.slice(0, 16)}…`,
    generatedText: `generated ${formatTime(model.generatedAt)}`,
  })

  renderCover(writer, model, summary)
  const starts: { title: string; page: number; count: number }[] = []
  for (const section of AUDIT_SECTIONS) {
    const page = doc.bufferedPageRange().count
    section.render(writer, model)
    starts.push({ title: section.title, page: page + 1, count: section.count(model) })
  }
  renderContents(writer, starts)
  writer.finish()

  doc.file(Buffer.from(input.logJson), {
    name: LOG_ATTACHMENT,
    type: 'application/json',
    description: 'The complete logbook (every entry as hashed and signed); verify with "custos audit verify".',
    creationDate: generated,
    modifiedDate: generated,
    ...({ relationship: 'Source' } as object),
  })
  doc.file(Buffer.from(input.summaryJson), {
    name: SUMMARY_ATTACHMENT,
    type: 'application/json',
    description: 'The cover page figures in machine-readable form.',
    creationDate: generated,
    modifiedDate: generated,
    ...({ relationship: 'Data' } as object),
  })

  // The signature field sits on the cover page, invisible (zero-size widget).
  doc.switchToPage(0)
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
  doc.end()
  await ended
  return Buffer.concat(chunks)
}

const CONTENTS_TOP = 560

function renderCover(writer: AuditWriter, model: AuditModel, summary: AuditSummary): void {
  const { doc } = writer
  writer.newPage()
  doc.outline.addItem('Cover')
  doc.rect(0, 0, PAGE.width, 8).fillColor(COLOR.accent).fill()
  let y = PAGE.top + 4
  doc.font(FONT.bold).fontSize(9).fillColor(COLOR.accent)
  doc.text('LOGBOOK AUDIT EXPORT', PAGE.left, y, { characterSpacing: 1.5, lineBreak: false })
  y += 16
  doc.font(FONT.bold).fontSize(24).fillColor(COLOR.ink)
  doc.text(model.vault.name, PAGE.left, y, { width: writer.width, height: 60, ellipsis: true })
  y += doc.heightOfString(model.vault.name, { width: writer.width }) > 40 ? 62 : 34
  doc.font(FONT.sans).fontSize(10).fillColor(COLOR.soft)
  doc.text(
    'A signed record of the break-glass vault\'s logbook for the period below. The complete log is embedded in this ' +
      'file (custos-logbook.json) so its hash chain and signatures can be re-verified from this document alone.',
    PAGE.left,
    y,
    { width: writer.width, lineGap: 1.5 },
  )
  writer.y = doc.y + 14

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
}

/** The contents block on the cover, written last, once every section's first page is known. */
function renderContents(writer: AuditWriter, starts: { title: string; page: number; count: number }[]): void {
  const { doc } = writer
  doc.switchToPage(0)
  let y = CONTENTS_TOP
  doc.font(FONT.bold).fontSize(11).fillColor(COLOR.ink).text('Contents', PAGE.left, y, { lineBreak: false })
  y += 16
  for (const s of starts) {
    doc.font(FONT.sans).fontSize(9.5).fillColor(COLOR.ink)
    doc.text(s.title, PAGE.left, y, { width: 300, lineBreak: false })
    doc.fillColor(COLOR.soft).text(`${s.count.toLocaleString('en-US')} ${s.count === 1 ? 'item' : 'items'}`, PAGE.left + 300, y, {
      width: 100,
      lineBreak: false,
    })
    doc.fillColor(COLOR.ink).text(`page ${s.page}`, PAGE.left + 400, y, { width: writer.width - 400, align: 'right', lineBreak: false })
    y += 14
  }
  y += 10
  const lines = [
    { text: 'How to verify this document', bold: true },
    { text: '1. Import the vault audit root (from "custos audit cert") into an NSS database, then run pdfsig: it must print "Signature is Valid.", "Total document signed" and "Certificate is Trusted.".' },
    { text: '2. "pdfdetach -saveall" extracts custos-logbook.json (the full log) and custos-audit-summary.json (these cover figures).' },
    { text: '3. "custos audit verify FILE.pdf --root audit-root.pem --checkpoint CHECKPOINT" checks the signature covers the whole file, re-verifies every entry and compares the cover figures and your checkpoints.' },
  ]
  const pad = 9
  doc.font(FONT.sans).fontSize(8.5)
  const heights = lines.map((l) => doc.font(l.bold ? FONT.bold : FONT.sans).heightOfString(l.text, { width: writer.width - 2 * pad }) + 3)
  const total = heights.reduce((a, b) => a + b, 0) + 2 * pad
  doc.rect(PAGE.left, y, writer.width, total).fillColor(COLOR.panel).fill()
  let ly = y + pad
  lines.forEach((l, i) => {
    doc.font(l.bold ? FONT.bold : FONT.sans).fontSize(8.5).fillColor(COLOR.ink)
    doc.text(l.text, PAGE.left + pad, ly, { width: writer.width - 2 * pad })
    ly += heights[i]!
  })
}
