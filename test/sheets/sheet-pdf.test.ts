// The sheet PDF as a printer and a stranger see it: page sizes, embedded fonts, vector QR
// codes, the facts a custodian checks, and no words about the credential beyond the label.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CustosError } from '../../shared/errors'
import { groupForDisplay } from '../../shared/share-format'
import { splitBundle } from '../../main/core/shares/split'
import { qrSymbol } from '../../main/core/sheets/qr-symbol'
import { renderSheetsPdf } from '../../main/core/sheets/sheet-pdf'
import { generateVaultKey } from '../../main/core/vault/vault-key'
import { makeTempDir } from '../helpers/temp-dir'
import { BUNDLE, CHECKPOINT, ISSUED_AT, keepArtifact, pdftoppm } from './sheet-fixture'

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
  it('prints A4 and US Letter pages, one per copy of each share', async () => {
    const a4 = write('a4.pdf', await renderSheetsPdf({ payloads: labelledSheets, issuedAt: ISSUED_AT, copies: 2 }))
    const letter = write(
      'letter.pdf',
      await renderSheetsPdf({ payloads: labelled.payloads, issuedAt: ISSUED_AT, pageSize: 'LETTER' }),
    )
    expect(tool('pdfinfo', [a4])).toMatch(/Pages:\s+6[\s\S]*Page size:\s+595\.28 x 841\.89 pts \(A4\)/)
    expect(tool('pdfinfo', [letter])).toMatch(/Pages:\s+3[\s\S]*Page size:\s+612 x 792 pts \(letter\)/)
    keepArtifact(pdftoppm(letter, join(tmp.path, 'letter'), 100)[0]!, 'sheet-page-1-letter-100dpi.png')
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
    const page4 = tool('pdftotext', ['-f', '4', '-l', '4', '-layout', path, '-'])
    expect(page4).toContain('Share 2 of 3')
    expect(page4.replace(/\s+/g, '')).toContain('COPY2OF2')
    expect(page4).toContain('Any 2 different shares of this set recover it.')
    expect(page4).toContain('Payments prod')
    expect(page4).toContain(groupForDisplay(labelled.header.setId))
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
    expect(tool('pdftotext', ['-f', '3', '-l', '3', path, '-'])).not.toContain('Grace Hopper')
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
