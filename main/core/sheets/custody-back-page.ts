// The back of every printed sheet: a paper custody record in the style of the root KSK
// ceremonies (handed over by, received by, witness, date, signatures) and a reseal log for
// the new bags that drills and inspections cause. Nothing on it is secret; a small Data
// Matrix names the sheet it belongs to so scanners set the page aside.
import { groupForDisplay, type SetHeader } from '../../../shared/share-format'
import type { MarkerSymbol } from './custody-marker'
import { FONT, INK, MARGIN_X, PANEL, RULE, SOFT, TOP, formatDate, rule } from './sheet-style'

export interface CustodyBackPage {
  header: SetHeader
  index: number
  copy: number
  copies: number
  custodian?: string
  bagSerial?: string
  /** The face's number among the sheets ("sheet 3 of 10"). */
  pageNumber: number
  pageCount: number
}

export interface CustodyBackFacts {
  issuedAt: Date
  vaultName?: string
  methodName?: string
  /** Who must hear of a lost or tampered sheet (the method's owner) and how to reach them. */
  owner?: string
  ownerContact?: string
}

/** Later handovers after the first: a custodian leaving, a safe moving, a sheet reassigned. */
const LATER_HANDOVERS = 4
const MAX_RESEALS = 12
/** Side of the marker's dark area in points: 2.2 pt modules keep it over 4 pixels at 150 dpi. */
const MARKER_MODULE = 2.2

/** "Tell the payments team (+44 20 7946 0000)": the sentence on both sides of the sheet. */
export function whomToTell(facts: Pick<CustodyBackFacts, 'owner' | 'ownerContact'>): string | undefined {
  const owner = facts.owner?.trim()
  const contact = facts.ownerContact?.trim()
  if (owner && contact) return `${owner} (${contact})`
  return contact || owner || undefined
}

export function drawCustodyBack(doc: PDFKit.PDFDocument, page: CustodyBackPage, facts: CustodyBackFacts, marker: MarkerSymbol): void {
  const { width: pageWidth, height: pageHeight } = doc.page
  const left = MARGIN_X
  const right = pageWidth - MARGIN_X
  const width = right - left
  const { header } = page
  let y = TOP

  doc.font(FONT.sansBold).fontSize(8.5).fillColor(SOFT)
  doc.text('CUSTOS  ·  CUSTODY RECORD', left, y, { characterSpacing: 1.2, lineBreak: false })
  doc.text(`BACK OF SHEET ${page.pageNumber} OF ${page.pageCount}`, left, y, { width, align: 'right', characterSpacing: 1.2, lineBreak: false })
  y += 16
  doc.font(FONT.sansBold).fontSize(18).fillColor(INK)
  doc.text(`Custody record: share ${page.index} of ${header.total}, copy ${page.copy} of ${page.copies}`, left, y, { width, lineBreak: false })
  y += 26

  const belongsTo = [facts.vaultName?.trim(), facts.methodName?.trim()].filter(Boolean).join('  ·  ')
  const about = [
    `Set ${groupForDisplay(header.setId)}`,
    ...(belongsTo ? [belongsTo] : []),
    ...(page.custodian ? [`custodian ${page.custodian}`] : []),
    `issued ${formatDate(facts.issuedAt)}`,
    ...(page.bagSerial ? [`first bag ${page.bagSerial}`] : []),
  ].join('  ·  ')
  doc.font(FONT.sans).fontSize(9.5).fillColor(INK).text(about, left, y, { width, lineGap: 1 })
  y = doc.y + 6
  doc.font(FONT.sans).fontSize(8.5).fillColor(SOFT)
  doc.text(
    'Nothing on this side is secret; the share is on the other side. This record stays with the sheet, sealed in the bag with it. Each time the sheet ' +
      'changes hands, or its bag is opened and the sheet sealed in a new one, fill in a line here before sealing; everyone named signs or initials.',
    left,
    y,
    { width, lineGap: 1 },
  )
  y = doc.y + 8

  // Whom to tell: named when the method names an owner; otherwise a line nobody can miss.
  const tell = whomToTell(facts)
  const hasContact = Boolean(facts.ownerContact?.trim())
  const panelTop = y
  const after = ' Do not use, copy or hand over the sheet until they say what to do.'
  const lostText = !tell
    ? 'Tell the vault owner the same day. No owner contact was given when this sheet was printed: write their name ' +
      'and telephone number on the line below now, before the sheet is sealed.'
    : hasContact
      ? `Tell ${tell} the same day.${after}`
      : `Tell ${tell} the same day.${after} No number to reach them was given when this sheet was printed: ` +
        'write it on the line below now, before the sheet is sealed.'
  doc.font(FONT.sans).fontSize(9)
  const lostHeight = doc.heightOfString(lostText, { width: width - 20, lineGap: 1 })
  const panelHeight = 22 + lostHeight + (hasContact ? 0 : 24)
  doc.roundedRect(left, panelTop, width, panelHeight, 4).fillColor(PANEL).fill()
  doc.font(FONT.sansBold).fontSize(9).fillColor(INK).text('Lost, damaged, or the bag tampered with?', left + 10, panelTop + 7, { lineBreak: false })
  doc.font(FONT.sans).fontSize(9).fillColor(INK).text(lostText, left + 10, panelTop + 19, { width: width - 20, lineGap: 1 })
  if (!hasContact) {
    const lineY = panelTop + 19 + lostHeight + 16
    doc.font(FONT.sans).fontSize(7).fillColor(SOFT).text(tell ? 'NUMBER' : 'OWNER AND NUMBER', left + 10, lineY - 8, { lineBreak: false })
    doc.lineWidth(0.8).strokeColor(SOFT).moveTo(left + 92, lineY).lineTo(right - 10, lineY).stroke()
  }
  y = panelTop + panelHeight + 12

  // Handovers: the first at issue, then room for later ones.
  doc.font(FONT.sansBold).fontSize(10.5).fillColor(INK).text('Handovers', left, y, { lineBreak: false })
  doc.font(FONT.sans).fontSize(8).fillColor(SOFT)
  doc.text('Name and signature in each box.', left + 80, y + 2, { lineBreak: false })
  y += 16
  y = table(doc, left, y, width, {
    columns: [
      { title: 'Date', share: 0.9 },
      { title: 'Handed over by', share: 1.6 },
      { title: 'Received by', share: 1.6 },
      { title: 'Witness', share: 1.6 },
      { title: 'Bag serial', share: 1.1 },
    ],
    rows: [['First handover (issue)'], ...Array.from({ length: LATER_HANDOVERS }, () => [])],
    rowHeight: 32,
  })
  y += 14

  // The reseal log fills the room left above the marker and footer.
  doc.font(FONT.sansBold).fontSize(10.5).fillColor(INK).text('Reseal log', left, y, { lineBreak: false })
  doc.font(FONT.sans).fontSize(8).fillColor(SOFT)
  doc.text('Each new bag (drill, inspection, damage): reason, both serials, initials of sealer and witness.', left + 80, y + 2, { lineBreak: false })
  y += 16
  const markerSide = marker.size * MARKER_MODULE
  const bottom = pageHeight - 40 - markerSide - 14
  const resealRowHeight = 21
  const rows = Math.max(3, Math.min(MAX_RESEALS, Math.floor((bottom - y - 16) / resealRowHeight)))
  table(doc, left, y, width, {
    columns: [
      { title: 'Date', share: 1 },
      { title: 'Reason', share: 1.9 },
      { title: 'Old bag serial', share: 1.3 },
      { title: 'New bag serial', share: 1.3 },
      { title: 'Initials', share: 0.75 },
      { title: 'Witness', share: 0.75 },
    ],
    rows: Array.from({ length: rows }, () => []),
    rowHeight: resealRowHeight,
  })

  // The marker, bottom right, with what it is for; the footer as on the face.
  const markerX = right - markerSide
  const markerY = pageHeight - 40 - markerSide - 4
  for (let my = 0; my < marker.size; my++) {
    for (let mx = 0; mx < marker.size; mx++) {
      if (marker.dark(mx, my)) doc.rect(markerX + mx * MARKER_MODULE, markerY + my * MARKER_MODULE, MARKER_MODULE, MARKER_MODULE)
    }
  }
  doc.fillColor(INK).fill('nonzero')
  doc.font(FONT.sans).fontSize(7).fillColor(SOFT)
  doc.text(
    'This code only tells Custos that this page is the custody record of the sheet named below, so a scan of it is set aside. It holds no secret.',
    left,
    markerY + markerSide / 2 - 8,
    { width: markerX - left - 16, align: 'right', lineGap: 0.5 },
  )
  doc.font(FONT.sans).fontSize(7).fillColor(SOFT)
  doc.text(
    `Set ${groupForDisplay(header.setId)}  ·  share ${page.index}/${header.total}  ·  copy ${page.copy}/${page.copies}  ·  custody record`,
    left,
    pageHeight - 30,
    { lineBreak: false },
  )
  doc.text(`Back of sheet ${page.pageNumber} of ${page.pageCount}`, left, pageHeight - 30, { width, align: 'right', lineBreak: false })
}

interface Table {
  columns: { title: string; share: number }[]
  /** Each row's pre-printed cells from the left; the rest are left blank to fill in by hand. */
  rows: string[][]
  rowHeight: number
}

/** A ruled table of boxes to write in; returns the y below it. */
function table(doc: PDFKit.PDFDocument, x: number, y: number, width: number, spec: Table): number {
  const total = spec.columns.reduce((sum, c) => sum + c.share, 0)
  const widths = spec.columns.map((c) => (c.share / total) * width)
  const headHeight = 14
  doc.rect(x, y, width, headHeight).fillColor(PANEL).fill()
  let cx = x
  spec.columns.forEach((column, i) => {
    doc.font(FONT.sansBold).fontSize(7).fillColor(SOFT)
    doc.text(column.title.toUpperCase(), cx + 4, y + 4, { width: widths[i]! - 8, lineBreak: false, ellipsis: true, characterSpacing: 0.4 })
    cx += widths[i]!
  })
  const bodyTop = y + headHeight
  spec.rows.forEach((cells, r) => {
    let tx = x
    cells.forEach((cell, i) => {
      doc.font(FONT.sans).fontSize(7).fillColor(SOFT).text(cell, tx + 4, bodyTop + r * spec.rowHeight + 3, { width: widths[i]! - 8, lineGap: 0 })
      tx += widths[i]!
    })
  })
  const height = headHeight + spec.rows.length * spec.rowHeight
  doc.lineWidth(0.6).strokeColor(RULE)
  doc.rect(x, y, width, height).stroke()
  for (let r = 0; r <= spec.rows.length; r++) rule(doc, x, x + width, bodyTop + r * spec.rowHeight)
  cx = x
  for (const w of widths.slice(0, -1)) {
    cx += w
    doc.moveTo(cx, y).lineTo(cx, y + height).stroke()
  }
  return y + height
}
