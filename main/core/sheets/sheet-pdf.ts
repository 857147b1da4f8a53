// Printable share sheets: one sheet per copy of each share, with the QR code (vector,
// level H), the typed fallback in a monospace font, the set's facts and plain instructions
// on its face, and its paper custody record on the back (the next page, for duplex printing).
import PDFDocument from 'pdfkit'
import { CustosError } from '../../../shared/errors'
import { groupForDisplay, parsePayload } from '../../../shared/share-format'
import { formatTypedLines, setLineCount } from '../../../shared/typed-groups'
import { QUIET_ZONE_MODULES, addQrToPath, qrSymbol } from './qr-symbol'
import { findFontDir, sheetFontFiles } from './sheet-fonts'
import { drawCustodyBack, whomToTell, type CustodyBackPage } from './custody-back-page'
import { custodyMarkerSymbol, type MarkerSymbol } from './custody-marker'
import { FONT, INK, MARGIN_X, PANEL, RULE, SOFT, TOP, formatDate, rule } from './sheet-style'

export type SheetPageSize = 'A4' | 'LETTER'

export interface SheetCustodian {
  /** Share index (1..N). */
  index: number
  /** Copy number (1..copies); omitted means every copy of that share. */
  copy?: number
  name: string
}

export interface SheetSpec {
  /** One payload per share of ONE set, as split returns them ("CUSTOS:..."). */
  payloads: string[]
  /** Printed as the issue date; also pins the PDF's dates so output is reproducible. */
  issuedAt: Date
  pageSize?: SheetPageSize
  /** Copies printed of each share (default 1); every copy gets its own page. */
  copies?: number
  custodians?: SheetCustodian[]
  /** The latest logbook checkpoint as a short text (size and head hash), if one exists. */
  checkpoint?: string
  /** Whom a custodian calls in an emergency (name and number), printed in the instructions. */
  emergencyContact?: string
  /** Pre-printed tamper-evident bag serials; left as a blank field to fill in by hand otherwise. */
  bagSerials?: { index: number; copy: number; serial: string }[]
  /**
   * Which vault and break-glass method the sheet belongs to, printed among the facts so a
   * custodian with two bags can tell them apart; leave both out for anonymous sheets.
   */
  vaultName?: string
  methodName?: string
  /** The method's owner (a team or person), named as whom to tell of a lost or tampered sheet. */
  owner?: string
  /** How to reach the owner; the emergency contact stands in when none is given. */
  ownerContact?: string
  /**
   * Each sheet's back page, its custody record (default true): the PDF then has two pages per
   * sheet, face then back, for duplex printing. Off only for callers that want faces alone.
   */
  custodyBacks?: boolean
  /** Where DejaVu*.ttf live; found next to the source or app by default. */
  fontDir?: string
}

export const MAX_COPIES = 9
/** A signed note is 4 to 6 lines; anything longer is not a checkpoint and is cut. */
const MAX_CHECKPOINT_LINES = 8

/** Side of the QR symbol's dark area in points: 2.6 pt modules at version 20, over 5 pixels at 150 dpi. */
const QR_SIDE = 252

/** Where a sheet's QR symbol (without quiet zone) sits on the page, in points from the top left. */
export function sheetQrBox(hasLabel: boolean, symbolSize: number): { x: number; y: number; side: number; quiet: number } {
  const quiet = (QUIET_ZONE_MODULES * QR_SIDE) / symbolSize
  const top = TOP + 16 + 34 + (hasLabel ? 18 : 0) + 14
  return { x: MARGIN_X, y: top + quiet, side: QR_SIDE, quiet }
}


/** A face carries the share; the rest it shares with its custody back. */
interface Page extends CustodyBackPage {
  payload: string
}

/**
 * Renders every sheet of one set into one PDF; sheets run share 1 copy 1, share 1 copy 2, ...
 * With custody backs (the default) page 2k-1 is sheet k's face and page 2k its back.
 */
export async function renderSheetsPdf(spec: SheetSpec): Promise<Buffer> {
  const pages = planPages(spec)
  const backs = spec.custodyBacks ?? true
  const markers: MarkerSymbol[] = []
  if (backs) for (const page of pages) markers.push(await custodyMarkerSymbol({ setId: page.header.setId, index: page.index, copy: page.copy }))
  const contact = spec.ownerContact?.trim() || spec.emergencyContact?.trim() || undefined
  const facts = {
    issuedAt: spec.issuedAt,
    ...(spec.vaultName ? { vaultName: spec.vaultName } : {}),
    ...(spec.methodName ? { methodName: spec.methodName } : {}),
    ...(spec.owner ? { owner: spec.owner } : {}),
    ...(contact ? { ownerContact: contact } : {}),
  }
  const fontDir = spec.fontDir ?? findFontDir()
  const doc = new PDFDocument({
    size: spec.pageSize ?? 'A4',
    margin: 0,
    autoFirstPage: false,
    compress: true,
    info: {
      Title: `Custos share sheets, set ${pages[0]!.header.setId}`,
      Creator: 'Custos',
      Producer: 'Custos',
      CreationDate: spec.issuedAt,
      ModDate: spec.issuedAt,
    },
  })
  const files = sheetFontFiles(fontDir)
  doc.registerFont(FONT.sans, files.sans)
  doc.registerFont(FONT.sansBold, files.sansBold)
  doc.registerFont(FONT.mono, files.mono)
  doc.registerFont(FONT.monoBold, files.monoBold)

  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  // pdfkit adds a page by itself when text runs past the bottom: that would put a face where a
  // back belongs, so any page beyond the plan is a layout bug, refused rather than printed.
  let added = 0
  doc.on('pageAdded', () => void added++)
  pages.forEach((page, i) => {
    doc.addPage()
    drawPage(doc, page, spec, backs ? faceTell(whomToTell(facts)) : undefined)
    if (backs) {
      doc.addPage()
      drawCustodyBack(doc, page, facts, markers[i]!)
    }
  })
  if (added !== pages.length * (backs ? 2 : 1)) {
    throw new CustosError('INTERNAL', `The sheets PDF of set ${pages[0]!.header.setId} did not lay out one page per side (${added} pages). Shorten the label or contacts.`)
  }
  doc.end()
  return done
}

/** The face has room for a short "tell ..."; a long owner and contact is named in full on the back only. */
const FACE_TELL_MAX = 100

function faceTell(tell: string | undefined): string {
  if (!tell) return 'the vault owner'
  return tell.length <= FACE_TELL_MAX ? tell : 'the owner named on the custody record overleaf'
}

function planPages(spec: SheetSpec): Page[] {
  if (spec.payloads.length === 0) throw new CustosError('USAGE', 'There are no shares to print.')
  const copies = spec.copies ?? 1
  if (!Number.isInteger(copies) || copies < 1 || copies > MAX_COPIES) {
    throw new CustosError('USAGE', `Print between 1 and ${MAX_COPIES} copies of each share; got ${copies}.`, { copies })
  }
  const shares = spec.payloads.map((payload, i) => ({ payload, share: parsePayload(payload, `Share ${i + 1}`) }))
  const setId = shares[0]!.share.header.setId
  const stranger = shares.find((s) => s.share.header.setId !== setId)
  if (stranger) {
    throw new CustosError(
      'SHARE_FROM_OTHER_SET',
      `Sheets print one set at a time; share ${stranger.share.index} belongs to set ${stranger.share.header.setId}, not ${setId}.`,
    )
  }
  // Format 2 sheets carry their copy number (signed), so each copy's page prints its own
  // payload; format 1 payloads are the same on every copy and are repeated.
  const indexes = [...new Set(shares.map((s) => s.share.index))].sort((a, b) => a - b)
  const pageCount = indexes.length * copies
  const pages: Page[] = []
  for (const index of indexes) {
    const ofIndex = shares.filter((s) => s.share.index === index)
    for (let copy = 1; copy <= copies; copy++) {
      const carried = ofIndex.find((s) => s.share.copy === copy)
      const sheet = carried ?? ofIndex.find((s) => s.share.copy === undefined)
      if (!sheet) {
        throw new CustosError(
          'USAGE',
          `Share ${index} copy ${copy} of set ${setId} was not given: each copy of a format 2 share is its own signed sheet. ` +
            'Split again with the number of copies to print.',
          { index, copy },
        )
      }
      const { payload, share } = sheet
      const custodian = spec.custodians?.find((c) => c.index === share.index && (c.copy === undefined || c.copy === copy))
      const bag = spec.bagSerials?.find((b) => b.index === share.index && b.copy === copy)
      pages.push({
        payload,
        header: share.header,
        index: share.index,
        copy,
        copies,
        custodian: custodian?.name.trim() || undefined,
        bagSerial: bag?.serial.trim() || undefined,
        pageNumber: pages.length + 1,
        pageCount,
      })
    }
  }
  return pages
}

/** `tell` is whom the custody record overleaf names; undefined when the sheet has no back. */
function drawPage(doc: PDFKit.PDFDocument, page: Page, spec: SheetSpec, tell: string | undefined): void {
  const { width: pageWidth, height: pageHeight } = doc.page
  const left = MARGIN_X
  const right = pageWidth - MARGIN_X
  const width = right - left
  const { header } = page
  const symbol = qrSymbol(page.payload)
  let y = TOP

  // Heading: what the paper is, which share, how many are needed.
  doc.font(FONT.sansBold).fontSize(8.5).fillColor(SOFT)
  doc.text('CUSTOS  ·  EMERGENCY ACCESS SHARE', left, y, { characterSpacing: 1.2, lineBreak: false })
  doc.text(`COPY ${page.copy} OF ${page.copies}`, left, y, { width, align: 'right', characterSpacing: 1.2, lineBreak: false })
  y += 16
  doc.font(FONT.sansBold).fontSize(24).fillColor(INK)
  doc.text(`Share ${page.index} of ${header.total}`, left, y, { lineBreak: false })
  doc.font(FONT.sans).fontSize(11).fillColor(SOFT)
  doc.text(`Any ${header.threshold} different shares of this set recover it.`, left, y + 10, {
    width,
    align: 'right',
    lineBreak: false,
  })
  y += 34
  if (header.label) {
    // Only what the vault owner chose to print; Custos adds no description of the credential.
    doc.font(FONT.sans).fontSize(11).fillColor(INK)
    doc.text(header.label, left, y, { width, lineBreak: false, ellipsis: true })
    y += 18
  }
  rule(doc, left, right, y)
  y += 14
  const box = sheetQrBox(Boolean(header.label), symbol.size)
  if (Math.abs(box.y - (y + box.quiet)) > 0.01) throw new CustosError('INTERNAL', 'Sheet layout and sheetQrBox disagree.')

  // The QR code and, beside it, the facts a custodian or operator checks.
  // The dark modules align with the text margin; the quiet zone lies in the page margin.
  const qrSide = QR_SIDE
  const moduleSize = qrSide / symbol.size
  const quiet = box.quiet
  addQrToPath(doc, symbol, left, y + quiet, moduleSize)
  doc.fillColor(INK).fill('nonzero')

  const factsX = left + qrSide + quiet + 12
  const factsWidth = right - factsX
  let fy = y + 4
  const fact = (label: string, value: string, mono = true, valueSize = 10.5): void => {
    doc.font(FONT.sansBold).fontSize(7).fillColor(SOFT)
    doc.text(label.toUpperCase(), factsX, fy, { characterSpacing: 0.8, lineBreak: false })
    if (value) {
      doc.font(mono ? FONT.mono : FONT.sans).fontSize(valueSize).fillColor(INK)
      doc.text(value, factsX, fy + 10, { width: factsWidth, lineGap: 1 })
      fy = doc.y + 8
    } else {
      // Left blank to be written in by hand.
      doc.lineWidth(0.6).strokeColor(RULE).moveTo(factsX, fy + 24).lineTo(right, fy + 24).stroke()
      fy += 34
    }
  }
  fact('Set', groupForDisplay(header.setId))
  fact('Share', `${page.index} of ${header.total}  ·  ${header.threshold} needed`, false)
  fact('Copy', `${page.copy} of ${page.copies}`, false)
  fact('Custodian', page.custodian ?? '', false)
  fact('Issued', formatDate(spec.issuedAt), false)
  const belongsTo = [spec.vaultName?.trim(), spec.methodName?.trim()].filter(Boolean).join('  ·  ')
  if (belongsTo) fact('Vault  ·  method', belongsTo, false, 9)
  fact('Vault key fingerprint', groupForDisplay(header.vaultFingerprint))
  // The bag serial is written by hand when the sheet is sealed, unless it was known before printing.
  doc.font(FONT.sansBold).fontSize(7).fillColor(SOFT)
  doc.text('TAMPER-EVIDENT BAG SERIAL', factsX, fy, { characterSpacing: 0.8, lineBreak: false })
  doc.lineWidth(0.8).strokeColor(RULE).roundedRect(factsX, fy + 11, factsWidth, 22, 3).stroke()
  if (page.bagSerial) {
    doc.font(FONT.mono).fontSize(11).fillColor(INK).text(page.bagSerial, factsX + 6, fy + 16, { lineBreak: false })
  }
  y += qrSide + 2 * quiet + 4

  // Typed fallback, two columns of numbered lines.
  rule(doc, left, right, y)
  y += 10
  doc.font(FONT.sansBold).fontSize(10.5).fillColor(INK)
  doc.text('Typed share', left, y, { lineBreak: false })
  const lines = formatTypedLines(page.payload)
  // Format 2: the leading lines hold only the set header and sealed credential, the same on
  // every sheet of the set; they are marked, and typed entry asks for them once per set.
  const setLines = setLineCount(page.payload)
  doc.font(FONT.sans).fontSize(8).fillColor(SOFT)
  doc.text(
    'If the QR code cannot be read, type these groups into Custos; the last character of each group is a check, ' +
      'so Custos points at a typo. The letters I, L, O and U never occur.' +
      (setLines > 0
        ? ` Lines 01-${String(setLines).padStart(2, '0')} (barred) are the same on every sheet of this set: type them once.`
        : ''),
    left + 78,
    y + 1,
    { width: width - 78, lineGap: 0.5 },
  )
  y = Math.max(doc.y, y + 14) + 8
  // Plain-language instructions for whoever holds the paper.
  const instructions: [string, string][] = [
    [
      'What this is',
      `One of ${header.total} shares of an emergency credential kept with Custos. Any ${header.threshold} different ` +
        'shares of this set together recover it; fewer reveal nothing.',
    ],
    [
      'Keep it',
      'Sealed in its tamper-evident bag, in a safe. Never read out, send, photograph or copy the groups or QR code ' +
        'for anyone; show the sheet only in person, at a release, drill or scan-back. Check any request by calling ' +
        'back the number in the runbook.',
    ],
    [
      'In an emergency',
      'When the operator asks, bring the sealed bag. Check the bag serial and the seal with the operator ' +
        'before opening it, then present this sheet to Custos.',
    ],
    ['Whom to call', spec.emergencyContact?.trim() || ''],
    [
      'Lost or opened?',
      tell
        ? `If the sheet is lost or damaged, or the bag was opened, tell ${tell} the same day. ` +
          'Record every handover and every new bag on the custody record overleaf.'
        : `If the sheet is lost or damaged, or the bag was opened, tell ${spec.emergencyContact?.trim() || 'the vault owner'} the same day.`,
    ],
  ]
  const perColumn = Math.ceil(lines.length / 2)
  const columnWidth = width / 2
  const monoSize = 9.2
  const labelWidth = 86
  const textWidth = width - labelWidth - 20
  // The densest layout that still fits the page above the footer: long payloads (format 2
  // carries two public keys) on US Letter get tighter typed lines and smaller instructions.
  const checkpointText = spec.checkpoint?.replace(/\r\n/g, '\n').trim()
  doc.font(FONT.mono).fontSize(6.8)
  const checkpointHeight =
    10 + (checkpointText ? doc.heightOfString(checkpointText.split('\n').slice(0, MAX_CHECKPOINT_LINES).join('\n'), { width, lineGap: 0.5 }) : 10)
  // Compact: without "What this is" (the heading says it) and "Whom to call" when "Lost or opened?" names the contact.
  const shown = (compact: boolean) =>
    compact ? instructions.filter(([label, text]) => label !== 'What this is' && !(label === 'Whom to call' && text)) : instructions
  const measure = (size: number, compact: boolean) => {
    doc.font(FONT.sans).fontSize(size)
    const heights = shown(compact).map(([, text]) => Math.max(11, doc.heightOfString(text || ' ', { width: textWidth, lineGap: 1 })))
    return { heights, panel: heights.reduce((a, b) => a + b + 5, 0) + 14 }
  }
  const room = pageHeight - 40 - y
  const layouts: [number, number, boolean][] = [
    [14.2, 8.6, false],
    [12.6, 8.6, false],
    [12.2, 8.0, false],
    [11.4, 7.6, false],
    [11.0, 7.6, true],
    [10.4, 7.2, true],
  ]
  let [lineHeight, textSize, compact] = layouts[layouts.length - 1]!
  for (const [lh, size, small] of layouts) {
    if (perColumn * lh + 8 + measure(size, small).panel + 12 + checkpointHeight <= room) {
      ;[lineHeight, textSize, compact] = [lh, size, small]
      break
    }
  }
  lines.forEach((line, i) => {
    const column = i < perColumn ? 0 : 1
    const row = column === 0 ? i : i - perColumn
    const x = left + column * (columnWidth + 6)
    if (i < setLines) doc.rect(x - 5, y + row * lineHeight - 1, 2, lineHeight - 2).fillColor(SOFT).fill()
    drawTypedLine(doc, line, x, y + row * lineHeight, monoSize)
  })
  y += perColumn * lineHeight + 8

  const { heights: rowHeights, panel: panelHeight } = measure(textSize, compact)
  doc.roundedRect(left, y, width, panelHeight, 4).fillColor(PANEL).fill()
  let iy = y + 9
  shown(compact).forEach(([label, text], i) => {
    doc.font(FONT.sansBold).fontSize(textSize).fillColor(INK).text(label, left + 10, iy, { width: labelWidth, lineBreak: false })
    if (text) {
      doc.font(FONT.sans).fontSize(textSize).fillColor(INK).text(text, left + 10 + labelWidth, iy, { width: textWidth, lineGap: 1 })
    } else {
      // A line to write the contact on when none was given at printing.
      doc.lineWidth(0.6).strokeColor(SOFT).moveTo(left + 10 + labelWidth, iy + 10).lineTo(left + 10 + labelWidth + 240, iy + 10).stroke()
    }
    iy += rowHeights[i]! + 5
  })
  y += panelHeight + 12

  // The logbook checkpoint at issue, verbatim: a custodian's copy lets an auditor detect a cut or rolled-back log.
  const checkpoint = spec.checkpoint?.replace(/\r\n/g, '\n').trim()
  doc.font(FONT.sansBold).fontSize(7).fillColor(SOFT)
  doc.text('LOGBOOK CHECKPOINT AT ISSUE', left, y, { characterSpacing: 0.8, lineBreak: false })
  y += 10
  if (checkpoint) {
    const noteLines = checkpoint.split('\n').slice(0, MAX_CHECKPOINT_LINES)
    doc.font(FONT.mono).fontSize(6.8).fillColor(INK)
    doc.text(noteLines.join('\n'), left, y, { width, lineGap: 0.5 })
  } else {
    doc.font(FONT.sans).fontSize(8).fillColor(SOFT).text('None recorded when this sheet was printed.', left, y, { lineBreak: false })
  }

  // Footer: enough to put a loose page back in order.
  doc.font(FONT.sans).fontSize(7).fillColor(SOFT)
  doc.text(
    `Set ${groupForDisplay(header.setId)}  ·  share ${page.index}/${header.total}  ·  copy ${page.copy}/${page.copies}  ·  ` +
      `Custos share format v${header.version}`,
    left,
    pageHeight - 30,
    { lineBreak: false },
  )
  doc.text(`Sheet ${page.pageNumber} of ${page.pageCount}${tell ? '  ·  custody record overleaf' : ''}`, left, pageHeight - 30, {
    width,
    align: 'right',
    lineBreak: false,
  })
}

function drawTypedLine(doc: PDFKit.PDFDocument, line: string, x: number, y: number, size: number): void {
  const [number, ...groups] = line.split(/\s+/)
  doc.font(FONT.mono).fontSize(size).fillColor(SOFT).text(number!, x, y, { lineBreak: false })
  const charWidth = doc.widthOfString('0')
  let gx = x + charWidth * number!.length + 9
  doc.font(FONT.monoBold).fontSize(size).fillColor(INK)
  for (const group of groups) {
    doc.text(group, gx, y, { lineBreak: false })
    gx += charWidth * group.length + 6.4
  }
}
