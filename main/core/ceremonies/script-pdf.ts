// Renders a ceremony script as a PDF to print and fill in by hand: numbered steps with boxes
// for initials and time, whom to call per share, the vault's public key as text and QR.
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import { groupForDisplay } from '../../../shared/share-format'
import { findFontDir, sheetFontFiles } from '../sheets/sheet-fonts'
import type { CeremonyScript, ScriptStep } from './ceremony-scripts'

const MARGIN = 50
const GREY = '#555555'

export async function renderScriptPdf(script: CeremonyScript): Promise<Buffer> {
  const fonts = sheetFontFiles(findFontDir())
  // bufferPages: "page N of M" needs the page count; a script is a few pages.
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: script.title, Creator: 'Custos' } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  doc.registerFont('body', fonts.sans)
  doc.registerFont('bold', fonts.sansBold)
  doc.registerFont('mono', fonts.mono)
  const width = doc.page.width - 2 * MARGIN
  const keepRoom = (height: number) => {
    if (doc.y + height > doc.page.height - MARGIN - 20) doc.addPage()
  }
  const h2 = (text: string) => {
    keepRoom(60)
    doc.moveDown(0.6).font('bold').fontSize(12).fillColor('black').text(text, MARGIN).moveDown(0.2)
  }
  const p = (text: string, size = 9.5) => doc.font('body').fontSize(size).fillColor('black').text(text, MARGIN, undefined, { width })

  doc.font('bold').fontSize(17).text(script.title)
  p(`${script.vaultName} · method ${script.method.name} (id ${script.method.methodId})${script.setId ? ` · set ${groupForDisplay(script.setId)}` : ''}`, 10)
  p(`Generated ${script.generatedAt.slice(0, 16).replace('T', ' ')} UTC from the vault's logbook. Date of this run: ____________  Reference (release, set or drill): ____________`)
  p(
    `Policy: ${script.method.policy.threshold} of ${script.method.policy.total} shares, ${script.method.policy.copies} cop${script.method.policy.copies === 1 ? 'y' : 'ies'} each; ` +
      `revoke within ${script.method.policy.revokeWithinHours} h, rotate and re-issue within ${script.method.policy.rotateWithinHours} h, ` +
      `review within ${script.method.policy.reviewWithinDays} days, drill every ${script.method.policy.drillEveryDays} days.`,
  )
  p(`Vault owner: ${script.method.ownerTeam}, ${script.ownerContacts}. Call back on this number; never on one a caller gives you.`)
  p('The vault machine is kept at: ______________________________________  Recovery kit kept at: ______________________________')

  await vaultKey(doc, script, width)
  if (script.kind !== 'destruction') whomToCall(script, h2, p)
  if (script.kind === 'destruction') destructionList(doc, script, h2, p, width)
  if (script.kind === 'custody-record') custodyRecord(doc, script, h2, p, width, keepRoom)

  h2('Steps')
  p('Do each step in order. Initial it and write the time only when its check passes; where a check fails, do what the step says and note it.', 8.5)
  doc.moveDown(0.3)
  for (const step of script.steps) drawStep(doc, step, width, keepRoom)

  if (script.kind === 'break-glass') {
    h2('If the vault machine is down')
    p(
      'The sheets recover the credential on any machine. Take the recovery kit (recover.html, saved with the sheets) or Custos on another machine, ' +
        'check the fingerprint above, and recover with a receipt: custos recover --fingerprint FINGERPRINT --receipt RECEIPT_FILE SHEET_FILE ... ' +
        'Later, import the receipt into the vault so the release is on the record: custos release import-receipt RECEIPT_FILE.',
    )
    h2('If too few custodians can be reached')
    p('Call the other holder of each share (table above). Never accept a photo, a scan or read-out groups sent from a distance. Escalate to the vault owner; the request stays open until a quorum is present in person.')
  }

  h2('Signatures')
  for (const role of script.signatures) {
    keepRoom(28)
    const y = doc.y + 14
    doc.font('body').fontSize(9).fillColor('black').text(role, MARGIN, y - 12)
    doc.moveTo(MARGIN + 110, y).lineTo(MARGIN + 290, y).strokeColor(GREY).stroke()
    doc.moveTo(MARGIN + 300, y).lineTo(MARGIN + 420, y).stroke()
    doc.moveTo(MARGIN + 430, y).lineTo(MARGIN + width, y).stroke()
    doc.fontSize(7).fillColor(GREY).text('name', MARGIN + 110, y + 2).text('signature', MARGIN + 300, y + 2).text('date', MARGIN + 430, y + 2)
    doc.y = y + 14
  }

  h2('Latest logbook checkpoint')
  p('Compare it with the checkpoint printed on the sheets and held by custodians: custos log verify --checkpoint FILE.', 8.5)
  doc.font('mono').fontSize(7).fillColor('black').text(script.checkpoint, MARGIN, undefined, { width })

  const range = doc.bufferedPageRange()
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i)
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc
      .font('body')
      .fontSize(7.5)
      .fillColor(GREY)
      .text(`${script.title} · page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 10, { width, align: 'center', lineBreak: false })
    doc.page.margins.bottom = bottom
  }
  doc.end()
  return done
}

async function vaultKey(doc: PDFKit.PDFDocument, script: CeremonyScript, width: number): Promise<void> {
  const qr = await QRCode.toBuffer(`custos-vault-key:${script.publicKey}`, { errorCorrectionLevel: 'M', margin: 1, scale: 3 })
  doc.moveDown(0.5)
  const top = doc.y
  doc.image(qr, MARGIN + width - 90, top, { width: 90 })
  doc.font('bold').fontSize(10).fillColor('black').text('Vault key: every genuine sheet carries this fingerprint', MARGIN, top, { width: width - 100 })
  doc.font('mono').fontSize(11).text(groupForDisplay(script.fingerprint), { width: width - 100 })
  doc.font('body').fontSize(8).fillColor(GREY).text('Public key (Ed25519, base64), to check sheets without the vault:', { width: width - 100 })
  doc.font('mono').fontSize(8).fillColor('black').text(script.publicKey, { width: width - 100 })
  doc.y = Math.max(doc.y, top + 95)
}

function whomToCall(script: CeremonyScript, h2: (t: string) => void, p: (t: string, s?: number) => void): void {
  h2(`Whom to call: ${script.method.policy.threshold} different shares are needed`)
  if (script.shares.length === 0) {
    p('This method has no active set yet: nobody holds a sheet.')
    return
  }
  for (const share of script.shares) {
    const options = share.holders
      .map((h) => `${h.name} (id ${h.custodianId}, copy ${h.copy}${h.bagSerial ? `, bag ${h.bagSerial}` : ''}): ${h.contact || 'no contact on record'}`)
      .join('  or  ')
    p(`Share ${share.index}: ${options}`)
  }
}

function destructionList(doc: PDFKit.PDFDocument, script: CeremonyScript, h2: (t: string) => void, p: (t: string, s?: number) => void, width: number): void {
  h2('Sheets to destroy')
  if (script.toDestroy.length === 0) {
    p('No sheet of a retired set is waiting to be destroyed.')
    return
  }
  for (const sheet of script.toDestroy) {
    p(`Set ${groupForDisplay(sheet.setId)}, sheet ${sheet.index}.${sheet.copy}, held by ${sheet.name} (id ${sheet.custodianId})${sheet.bagSerial ? `, bag ${sheet.bagSerial}` : ''}`)
    const y = doc.y + 12
    doc.moveTo(MARGIN + 10, y).lineTo(MARGIN + width / 3 - 10, y).strokeColor(GREY).stroke()
    doc.moveTo(MARGIN + width / 3, y).lineTo(MARGIN + (2 * width) / 3 - 10, y).stroke()
    doc.moveTo(MARGIN + (2 * width) / 3, y).lineTo(MARGIN + width, y).stroke()
    doc.fontSize(7).fillColor(GREY).text('destroyed by', MARGIN + 10, y + 2).text('witness', MARGIN + width / 3, y + 2).text('date and how', MARGIN + (2 * width) / 3, y + 2)
    doc.y = y + 14
  }
}

/** KSK-style custody lines per sheet: handed over by, received by, witness, date, then a reseal log. */
function custodyRecord(
  doc: PDFKit.PDFDocument,
  script: CeremonyScript,
  h2: (t: string) => void,
  p: (t: string, s?: number) => void,
  width: number,
  keepRoom: (h: number) => void,
): void {
  h2('Custody of each sheet')
  if (script.shares.length === 0) {
    p('This method has no set being issued or active: nobody holds a sheet yet.')
    return
  }
  const line = (x: number, y: number, w: number, label: string) => {
    doc.moveTo(x, y).lineTo(x + w, y).strokeColor(GREY).stroke()
    doc.font('body').fontSize(6.5).fillColor(GREY).text(label, x, y + 2, { width: w, lineBreak: false })
  }
  for (const share of script.shares) {
    for (const holder of share.holders) {
      keepRoom(150)
      p(`Sheet ${share.index}.${holder.copy} of set ${script.setId ? groupForDisplay(script.setId) : ''}: ${holder.name} (id ${holder.custodianId})${holder.bagSerial ? `, bag ${holder.bagSerial}` : ''}`, 9.5)
      let y = doc.y + 16
      const quarter = width / 4
      line(MARGIN, y, quarter - 8, 'handed over by')
      line(MARGIN + quarter, y, quarter - 8, 'received by')
      line(MARGIN + 2 * quarter, y, quarter - 8, 'witness')
      line(MARGIN + 3 * quarter, y, quarter - 8, 'date')
      y += 16
      doc.font('bold').fontSize(7.5).fillColor('black').text('Reseal log', MARGIN, y)
      y += 11
      for (let row = 0; row < 4; row++) {
        y += 14
        line(MARGIN, y, quarter * 1.2 - 8, 'date')
        line(MARGIN + quarter * 1.2, y, quarter * 1.6 - 8, 'new bag serial')
        line(MARGIN + quarter * 2.8, y, quarter * 1.2 - 8, 'initials')
      }
      doc.y = y + 16
      doc.x = MARGIN
    }
  }
}

function drawStep(doc: PDFKit.PDFDocument, step: ScriptStep, width: number, keepRoom: (h: number) => void): void {
  const textWidth = width - 120
  const lines = [
    { font: 'body', text: step.action },
    ...(step.app ? [{ font: 'body', text: `In the app: ${step.app}` }] : []),
    ...(step.cli ? [{ font: 'mono', text: step.cli }] : []),
    ...(step.check ? [{ font: 'body', text: `Check: ${step.check}` }] : []),
    ...(step.ifFails ? [{ font: 'body', text: `If it fails: ${step.ifFails}` }] : []),
  ]
  const height = 16 + lines.reduce((h, l) => h + doc.font(l.font).fontSize(l.font === 'mono' ? 7.5 : 8.5).heightOfString(l.text, { width: textWidth }) + 2, 0)
  keepRoom(height + 8)
  const top = doc.y
  doc.font('bold').fontSize(10).fillColor('black').text(`${step.n}.`, MARGIN, top, { width: 20 })
  doc.font('bold').fontSize(9).text(step.who, MARGIN + 22, top, { width: textWidth })
  let y = top + 13
  for (const line of lines) {
    doc.font(line.font).fontSize(line.font === 'mono' ? 7.5 : 8.5).fillColor(line.text.startsWith('If it fails') ? GREY : 'black')
    doc.text(line.text, MARGIN + 22, y, { width: textWidth })
    y = doc.y + 2
  }
  // Boxes for the initials and the time of whoever did the step.
  const boxX = MARGIN + width - 92
  doc.rect(boxX, top, 44, 26).strokeColor(GREY).stroke()
  doc.rect(boxX + 48, top, 44, 26).stroke()
  doc.font('body').fontSize(6).fillColor(GREY).text('initials', boxX + 2, top + 18).text('time', boxX + 50, top + 18)
  doc.y = Math.max(y, top + 30) + 6
  doc.x = MARGIN
}
