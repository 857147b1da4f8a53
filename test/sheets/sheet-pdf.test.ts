// The sheet PDF as a printer and a stranger see it: page sizes, embedded fonts, vector QR
// codes, the facts a custodian checks, no words about the credential beyond the label, and
// the custody record on the back of every sheet.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CustosError } from '../../shared/errors'
import { groupForDisplay } from '../../shared/share-format'
import { splitBundle } from '../../main/core/shares/split'
import { readSheetImage } from '../../main/core/sheets/image-shares'
import { qrSymbol } from '../../main/core/sheets/qr-symbol'
import { renderSheetsPdf } from '../../main/core/sheets/sheet-pdf'
import { generateVaultKey } from '../../main/core/vault/vault-key'
import { makeTempDir } from '../helpers/temp-dir'
import { BUNDLE, CHECKPOINT, ISSUED_AT, keepArtifact, pdftoppm, zbarimg } from './sheet-fixture'

const tmp = makeTempDir('custos-sheet-pdf-')
afterAll(() => tmp.cleanup())
const key = generateVaultKey()
const labelled = splitBundle({ bundle: BUNDLE, threshold: 2, total: 3, label: 'Payments prod', copies: 2 }, key)
/** Every printed sheet of the labelled set, each copy with its own signed copy number. */
const labelledSheets = labelled.sheets.map((s) => s.payload)
const unlabelled = splitBundle({ bundle: BUNDLE, threshold: 2, total: 3 }, key)

function write(name: string, pdf: Buffer): string {
  const path = join(tmp.path, name)
  writeFileSync(path, pdf)
  return path
}
const tool = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' })

describe('sheet PDF', () => {
  it('prints A4 and US Letter sheets, one per copy of each share, each face followed by its custody record', async () => {
    const a4 = write('a4.pdf', await renderSheetsPdf({ payloads: labelledSheets, issuedAt: ISSUED_AT, copies: 2 }))
    const letter = write(
      'letter.pdf',
      await renderSheetsPdf({ payloads: labelled.payloads, issuedAt: ISSUED_AT, pageSize: 'LETTER' }),
    )
    // Two pages per sheet (face, then its custody record overleaf) for duplex printing.
    expect(tool('pdfinfo', [a4])).toMatch(/Pages:\s+12[\s\S]*Page size:\s+595\.28 x 841\.89 pts \(A4\)/)
    expect(tool('pdfinfo', [letter])).toMatch(/Pages:\s+6[\s\S]*Page size:\s+612 x 792 pts \(letter\)/)
    const letterPages = pdftoppm(letter, join(tmp.path, 'letter'), 100, 'all')
    keepArtifact(letterPages[0]!, 'sheet-page-1-letter-100dpi.png')
    keepArtifact(letterPages[1]!, 'sheet-custody-record-letter-100dpi.png')
    for (const page of [1, 3, 5]) expect(tool('pdftotext', ['-f', String(page), '-l', String(page), letter, '-'])).toContain('Typed share')
    for (const page of [2, 4, 6]) expect(tool('pdftotext', ['-f', String(page), '-l', String(page), letter, '-'])).toContain('Custody record: share')
  })

  it('embeds its fonts and draws the QR code as vectors, not an image', async () => {
    const path = write('fonts.pdf', await renderSheetsPdf({ payloads: labelled.payloads, issuedAt: ISSUED_AT }))
    const fonts = tool('pdffonts', [path]).split('\n').slice(2).filter(Boolean)
    expect(fonts.length).toBeGreaterThanOrEqual(3)
    for (const font of fonts) expect(font).toMatch(/DejaVuSans.*\byes\s+yes\b/)
    expect(fonts.some((f) => f.includes('DejaVuSansMono'))).toBe(true)
    expect(tool('pdfimages', ['-list', path]).split('\n').slice(2).filter(Boolean)).toEqual([])
  })

  it('encodes the payload in alphanumeric mode at error-correction level H', () => {
    const symbol = qrSymbol(labelled.payloads[0]!)
    // 572-odd characters at level H need version 20 or 21; byte mode would need version 24 or more.
    expect(symbol.version).toBeGreaterThanOrEqual(19)
    expect(symbol.version).toBeLessThanOrEqual(22)
    expect(() => qrSymbol('custos:lowercase')).toThrow(CustosError)
  })

  it('shows the set, share, copy, custodian, date, fingerprint, checkpoint, contact and bag serial field', async () => {
    const path = write(
      'facts.pdf',
      await renderSheetsPdf({
        payloads: labelledSheets,
        issuedAt: ISSUED_AT,
        copies: 2,
        custodians: [{ index: 2, copy: 2, name: 'Grace Hopper' }],
        checkpoint: CHECKPOINT,
        emergencyContact: 'Duty manager, +44 20 7946 0000',
        bagSerials: [{ index: 2, copy: 2, serial: 'TE-0042-A' }],
      }),
    )
    // Sheet 4 (share 2, copy 2) is on page 7: every sheet's face is followed by its custody record.
    const page4 = tool('pdftotext', ['-f', '7', '-l', '7', '-layout', path, '-'])
    expect(page4).toContain('Share 2 of 3')
    expect(page4.replace(/\s+/g, '')).toContain('COPY2OF2')
    expect(page4).toContain('Any 2 different shares of this set recover it.')
    expect(page4).toContain('Payments prod')
    expect(page4).toContain(groupForDisplay(labelled.header.setId))
    // The set id reads the same in the facts and the footer (issue 18): grouped, never run together.
    expect(page4).not.toContain(labelled.header.setId)
    expect(page4.replace(/\s+/g, ' ')).toContain(`Set ${groupForDisplay(labelled.header.setId)} · share 2/3 · copy 2/2`)
    expect(page4).toContain('Grace Hopper')
    expect(page4).toContain('2026-03-14 (14 March 2026)')
    expect(page4).toContain(groupForDisplay(key.fingerprint))
    expect(page4).toContain('q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq8=')
    expect(page4).toContain('Duty manager, +44 20 7946 0000')
    expect(page4.replace(/\s+/g, '')).toContain('TAMPER-EVIDENTBAGSERIAL')
    expect(page4).toContain('TE-0042-A')
    // The guard against social engineering (issue 18): never read out or send the groups; call back the runbook's number.
    expect(page4.replace(/\s+/g, ' ')).toMatch(/Never read out, send, photograph or copy the groups/)
    expect(page4.replace(/\s+/g, ' ')).toMatch(/calling back the number in the runbook/)
    expect(tool('pdftotext', ['-f', '5', '-l', '5', path, '-'])).not.toContain('Grace Hopper')
  })

  it('says nothing about what the credential unlocks unless the owner chose a label', async () => {
    const path = write('plain.pdf', await renderSheetsPdf({ payloads: unlabelled.payloads, issuedAt: ISSUED_AT }))
    // The typed groups are random Crockford base32 and may spell "AWS" by chance: leave them out.
    const text = tool('pdftotext', [path, '-']).replace(/\b[0-9A-HJKMNP-TV-Z]{4,6}\b/g, ' ')
    for (const word of ['AWS', 'IAM', 'access key', 'root', 'password', 'account', 'break-glass', 'AKIA', '1234567890']) {
      expect(text.toLowerCase()).not.toContain(word.toLowerCase())
    }
    expect(text).not.toContain('Payments prod')
  })

  it('prints the typed share groups so they read back to the payload', async () => {
    const path = write('typed.pdf', await renderSheetsPdf({ payloads: [labelled.payloads[0]!], issuedAt: ISSUED_AT }))
    const text = tool('pdftotext', ['-layout', path, '-'])
    const groups = [...text.matchAll(/\b[0-9A-Z]{6}\b/g)].map((m) => m[0])
    const body = labelled.payloads[0]!.slice('CUSTOS:'.length)
    const dataOfGroups = groups.filter((g) => body.includes(g.slice(0, 5))).length
    expect(dataOfGroups).toBeGreaterThan(100)
  })

  it('renders the same bytes for the same input, so sheets can be compared', async () => {
    const spec = { payloads: labelled.payloads, issuedAt: ISSUED_AT }
    expect((await renderSheetsPdf(spec)).equals(await renderSheetsPdf(spec))).toBe(true)
  })

  it('refuses to mix sets on one print run and an absurd number of copies', async () => {
    await expect(renderSheetsPdf({ payloads: [labelled.payloads[0]!, unlabelled.payloads[1]!], issuedAt: ISSUED_AT })).rejects.toMatchObject({
      code: 'SHARE_FROM_OTHER_SET',
    })
    await expect(renderSheetsPdf({ payloads: labelled.payloads, issuedAt: ISSUED_AT, copies: 0 })).rejects.toMatchObject({ code: 'USAGE' })
    await expect(renderSheetsPdf({ payloads: [], issuedAt: ISSUED_AT })).rejects.toMatchObject({ code: 'USAGE' })
  })
})

describe('custody record on the back of each sheet', () => {
  const groupsOf = (payload: string) => [...payload.slice('CUSTOS:'.length).matchAll(/.{5}/g)].map((m) => m[0])

  it('has handover and reseal lines to fill in, names whom to tell, and holds nothing secret', async () => {
    const path = write(
      'custody.pdf',
      await renderSheetsPdf({
        payloads: labelledSheets,
        issuedAt: ISSUED_AT,
        copies: 2,
        custodians: [{ index: 1, copy: 2, name: 'Grace Hopper' }],
        vaultName: 'Acme vault',
        methodName: 'AWS prod root',
        owner: 'Payments platform team',
        ownerContact: '+44 20 7946 0000',
        checkpoint: CHECKPOINT,
      }),
    )
    const face = tool('pdftotext', ['-f', '3', '-l', '3', path, '-']).replace(/\s+/g, ' ')
    expect(face).toContain('custody record overleaf')
    expect(face).toContain('tell Payments platform team (+44 20 7946 0000) the same day')
    const back = tool('pdftotext', ['-f', '4', '-l', '4', path, '-']).replace(/\s+/g, ' ')
    expect(back).toContain('Custody record: share 1 of 3, copy 2 of 2')
    expect(back).toContain(groupForDisplay(labelled.header.setId))
    expect(back).toContain('Acme vault · AWS prod root')
    expect(back).toContain('custodian Grace Hopper')
    expect(back).toContain('Tell Payments platform team (+44 20 7946 0000) the same day')
    for (const heading of ['HANDED OVER BY', 'RECEIVED BY', 'WITNESS', 'First handover (issue)', 'Reseal log', 'OLD BAG SERIAL', 'NEW BAG SERIAL', 'INITIALS']) {
      expect(back).toContain(heading)
    }
    expect(back).toContain('Nothing on this side is secret')
    // No group of the share, no checkpoint, no fingerprint: the back can be read by anyone handling the bag.
    const backCompact = back.replace(/\s+/g, '')
    for (const group of groupsOf(labelledSheets[1]!)) expect(backCompact).not.toContain(group)
    expect(back).not.toContain('q83vEjRWeJ')
    expect(back).not.toContain(groupForDisplay(key.fingerprint))
    // Nor a QR code: zbarimg (QR only) finds nothing on the rendered back.
    const [backPng] = pdftoppm(path, join(tmp.path, 'custody-back'), 150, 'all').slice(3, 4)
    expect(zbarimg(backPng!)).toEqual([])
  })

  it('says plainly where to write the owner when no contact was given', async () => {
    const path = write('no-owner.pdf', await renderSheetsPdf({ payloads: unlabelled.payloads, issuedAt: ISSUED_AT }))
    const back = tool('pdftotext', ['-f', '2', '-l', '2', path, '-']).replace(/\s+/g, ' ')
    expect(back).toContain('No owner contact was given when this sheet was printed: write their name and telephone number on the line below now')
    expect(back).toContain('OWNER AND NUMBER')
  })

  it('is recognised by its marker when scanned, and set aside by name rather than refused', async () => {
    const path = write('marker.pdf', await renderSheetsPdf({ payloads: unlabelled.payloads, issuedAt: ISSUED_AT }))
    const pages = pdftoppm(path, join(tmp.path, 'marker'), 150, 'all')
    expect(pages).toHaveLength(6)
    const face = await readSheetImage('face.png', readFileSync(pages[2]!))
    expect(face.inputs.map((i) => i.payload)).toEqual([unlabelled.payloads[1]])
    const back = await readSheetImage('back.png', readFileSync(pages[3]!))
    expect(back).toEqual({ inputs: [], custodyRecord: { setId: unlabelled.header.setId, index: 2, copy: 1 } })
    // A page with neither code (a blank scan) is still refused: only marked backs are set aside.
    const blank = join(tmp.path, 'blank.png')
    execFileSync('convert', ['-size', '600x800', 'xc:white', blank])
    await expect(readSheetImage('blank.png', readFileSync(blank))).rejects.toMatchObject({ code: 'SHARE_QR_NOT_FOUND' })
  })

  it('can be left out for a faces-only PDF', async () => {
    const path = write('faces.pdf', await renderSheetsPdf({ payloads: unlabelled.payloads, issuedAt: ISSUED_AT, custodyBacks: false }))
    expect(tool('pdfinfo', [path])).toMatch(/Pages:\s+3\b/)
    expect(tool('pdftotext', [path, '-'])).not.toContain('Custody record')
  })
})

describe('sheets with the longest texts the contract allows', () => {
  it('stay one face and one back per sheet on US Letter, naming a long owner in full on the back', async () => {
    const owner = 'O'.repeat(40) + ' platform team ' + 'o'.repeat(65)
    const contact = ('on-call +44 20 7946 0000, ' + 'x'.repeat(20) + '@example.com; ').repeat(5).slice(0, 300)
    const path = write(
      'longest.pdf',
      await renderSheetsPdf({
        payloads: labelledSheets,
        issuedAt: ISSUED_AT,
        copies: 2,
        pageSize: 'LETTER',
        checkpoint: CHECKPOINT,
        emergencyContact: 'E'.repeat(120),
        vaultName: 'V'.repeat(80),
        methodName: 'M'.repeat(80),
        owner,
        ownerContact: contact,
        custodians: [{ index: 1, name: 'C'.repeat(80) }],
      }),
    )
    expect(tool('pdfinfo', [path])).toMatch(/Pages:\s+12\b/)
    const face = tool('pdftotext', ['-f', '1', '-l', '1', path, '-']).replace(/\s+/g, ' ')
    expect(face).toContain('tell the owner named on the custody record overleaf the same day')
    // Compared without spaces and hyphens: pdftotext drops the hyphen where "on-call" wraps.
    const flat = (text: string) => text.replace(/[\s-]+/g, '')
    expect(flat(tool('pdftotext', ['-f', '2', '-l', '2', path, '-']))).toContain(flat(`Tell ${owner} (${contact.trim()})`))
  })
})
