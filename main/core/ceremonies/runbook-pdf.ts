// The printable runbook: what each method is for, who holds its sheets and how to reach
// them, and the release and drill steps, with the vault fingerprint and latest checkpoint.
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import { groupForDisplay } from '../../../shared/share-format'
import type { VaultState } from '../logbook'
import { findFontDir, sheetFontFiles } from '../sheets/sheet-fonts'
import { usageAlarm } from '../aws/usage-alarm'
import { holdersOf } from './ceremony-scripts'

export interface RunbookSpec {
  state: VaultState
  vaultName: string
  fingerprint: string
  /** The vault's Ed25519 public key, base64: checks sheets on a machine without the vault. */
  publicKey: string
  checkpoint: string
  generatedAt: Date
}

const RELEASE_STEPS = [
  'Open an incident ticket and confirm normal access really cannot be used.',
  'The operator records the request: custos release request (ticket, justification, business risk, why normal access fails, requester, resource owner, permitted use case, operator).',
  'Call the custodians listed for the method until K of them can present their sheets. Each checks that their bag serial matches and opens it.',
  'Each custodian presents their own sheet (camera, photo or typed groups): custos release grant --release ID --present CUSTODIAN_ID=SHEET ...',
  'Custos logs the release before showing anything, then shows the credential to the named operator only.',
  'Use the credential only for the permitted use case. Revoke it within the revoke deadline and record the evidence.',
  'Rotate the credential, run a new issuance ceremony, activate the new set and destroy every sheet of the old one.',
  'Hold the post-incident review and record it (custos review). Reseal every sheet in a new bag and record the new serials.',
]

const DRILL_STEPS = [
  'Schedule the drill (at least every 90 days) with K custodians.',
  'Each custodian brings their sealed sheet, checks the bag serial, opens it and presents it: custos drill run --method ID --present CUSTODIAN_ID=SHEET ...',
  'Custos checks the set opens without showing the credential and logs the result and each sheet\'s verification date.',
  'Reseal every sheet in a new bag and record the new serial (custos custody resealed).',
]

export async function renderRunbookPdf(spec: RunbookSpec): Promise<Buffer> {
  const fonts = sheetFontFiles(findFontDir())
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Break-glass runbook: ${spec.vaultName}`, Creator: 'Custos' } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  doc.registerFont('body', fonts.sans)
  doc.registerFont('bold', fonts.sansBold)
  doc.registerFont('mono', fonts.mono)
  const h1 = (t: string) => doc.font('bold').fontSize(18).text(t).moveDown(0.4)
  const h2 = (t: string) => doc.moveDown(0.6).font('bold').fontSize(13).text(t).moveDown(0.2)
  const p = (t: string) => doc.font('body').fontSize(10).text(t, { paragraphGap: 3 })
  const steps = (list: string[]) => list.forEach((s, i) => doc.font('body').fontSize(10).text(`${i + 1}. ${s}`, { indent: 0, paragraphGap: 3 }))

  const { state } = spec
  h1(`Break-glass runbook: ${spec.vaultName}`)
  p(`Generated ${spec.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC from the vault's logbook.`)
  p(`Vault key fingerprint: ${groupForDisplay(spec.fingerprint)} (every genuine sheet carries it).`)
  p('Vault public key (Ed25519, base64), to check sheets without the vault:')
  // On a line of its own, in the typed font: it is copied character by character.
  doc.font('mono').fontSize(10).text(spec.publicKey)
  // The same key as a QR code, so a recovery on another machine can scan it rather than type it.
  const qr = await QRCode.toBuffer(`custos-vault-key:${spec.publicKey}`, { errorCorrectionLevel: 'M', margin: 1, scale: 3 })
  doc.image(qr, { width: 80 })
  doc.moveDown(0.3)
  p('Ceremony scripts to print and fill in for each method: custos script print --method METHOD --kind break-glass|issuance|drill|destruction|custody-record --out FILE.')

  for (const method of Object.values(state.methods)) {
    h2(`Method: ${method.name}`)
    p(`Scope: ${method.scope}`)
    p(`Grants: ${method.access}`)
    p(`Owner team: ${method.ownerTeam}`)
    p(`Permitted use cases: ${method.useCases.join('; ')}`)
    const pol = method.policy
    p(`Policy: ${pol.threshold} of ${pol.total} shares needed, ${pol.copies} copies of each; revoke within ${pol.revokeWithinHours} h, ` +
      `rotate and re-issue within ${pol.rotateWithinHours} h, review within ${pol.reviewWithinDays} days, drill every ${pol.drillEveryDays} days.`)
    // The usage alarm of the method's AWS principal, when the log knows it (docs/aws.md, Usage alarm).
    let alarm: ReturnType<typeof usageAlarm> | undefined
    try {
      alarm = usageAlarm(state, { methodId: method.methodId })
    } catch {
      alarm = undefined
    }
    for (const rule of alarm?.rules ?? []) {
      p(`Usage alarm (EventBridge rule ${rule.name}, applied from a connected machine; custos aws alarm --method ${method.methodId} prints it with a CloudFormation form):`)
      doc.font('mono').fontSize(8).text(JSON.stringify(rule.eventPattern), { paragraphGap: 3 })
    }
    const custody = method.activeSetId ? state.custody[method.activeSetId] : undefined
    if (!custody) {
      p('No active set of sheets: this method cannot be used until an issuance ceremony is completed.')
      continue
    }
    p(`Active set: ${groupForDisplay(method.activeSetId!)}. Call holders of ${pol.threshold} different shares; one holder of each share is enough:`)
    for (const share of holdersOf(state, method.activeSetId!)) {
      const options = share.holders.map((h) => `${h.name} (id ${h.custodianId}, copy ${h.copy}): ${h.contact || 'no contact'}`).join('  or  ')
      doc.font('body').fontSize(10).text(`  Share ${share.index}: ${options}`)
    }
  }

  h2('Custodian roster')
  for (const c of Object.values(state.custodians).filter((x) => !x.retired)) p(`${c.name}, ${c.team}: ${c.contact}`)

  h2('Breaking the glass')
  steps(RELEASE_STEPS)
  h2('Drills')
  steps(DRILL_STEPS)
  h2('Latest logbook checkpoint')
  p('Compare it with the checkpoint printed on the sheets and held by custodians; Custos refuses a log that does not extend it.')
  doc.font('mono').fontSize(8).text(spec.checkpoint)
  doc.end()
  return done
}
