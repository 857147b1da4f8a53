// Scan-back verification against an attack suite: sheets of another set or vault, a forged
// signature, a signed share that does not fit, missing and extra copies, unreadable images.
// The report must never carry the credential.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import QRCode from 'qrcode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatPayload, signedMessage, type Share } from '../../shared/share-format'
import { parsePayload } from '../../shared/share-format'
import { verifyScannedSheets, type ScannedImage } from '../../main/core/sheets/scan-back'
import { decodeQrFromImage } from '../../main/core/sheets/qr-decode'
import { shareInputsFromImage } from '../../main/core/sheets/image-shares'
import { generateVaultKey } from '../../main/core/vault/vault-key'
import { makeTempDir } from '../helpers/temp-dir'
import { BUNDLE, renderSet, type RenderedSet } from './sheet-fixture'

const tmp = makeTempDir('custos-scan-back-')
let set: RenderedSet
let images: ScannedImage[]

/** A QR image of any text, as a phone would photograph a bare code (no sheet around it). */
async function qrImage(name: string, text: string): Promise<ScannedImage> {
  const bytes = await QRCode.toBuffer(text, { errorCorrectionLevel: 'H', scale: 4 })
  return { source: name, bytes }
}

beforeAll(async () => {
  set = await renderSet(join(tmp.path, 'set'), { threshold: 2, total: 3, copies: 2 })
  images = set.pages.map((page, i) => ({ source: `sheet-${i + 1}.png`, bytes: readFileSync(page) }))
})
afterAll(() => tmp.cleanup())

function resign(share: Share, change: (s: Share) => Share, key = set.key): string {
  const changed = change(share)
  return formatPayload({ ...changed, signature: key.sign(signedMessage(changed)) })
}

describe('scan-back verification', () => {
  // First in the file, so the .wasm is loaded for the first time while fetch is unavailable.
  it('loads the decoder and reads a sheet without fetching anything from the network', async () => {
    const original = globalThis.fetch
    globalThis.fetch = (() => {
      throw new Error('network access attempted')
    }) as typeof fetch
    try {
      expect(await decodeQrFromImage(images[0]!.bytes)).toEqual([set.split.payloads[0]])
    } finally {
      globalThis.fetch = original
    }
  })

  it('confirms every printed sheet and copy, and that the set recombines', async () => {
    const report = await verifyScannedSheets({ vault: set.key, setId: set.split.header.setId, images, copies: 2 })
    expect(report.ok).toBe(true)
    expect(report.problems).toEqual([])
    expect(report.seen).toEqual([
      { index: 1, copies: 2, sources: ['sheet-1.png', 'sheet-2.png'] },
      { index: 2, copies: 2, sources: ['sheet-3.png', 'sheet-4.png'] },
      { index: 3, copies: 2, sources: ['sheet-5.png', 'sheet-6.png'] },
    ])
    expect(report.recombines).toBe(true)
    expect([report.threshold, report.total]).toEqual([2, 3])
  })

  it('never puts the credential in the report', async () => {
    const report = await verifyScannedSheets({ vault: set.key, setId: set.split.header.setId, images })
    const text = JSON.stringify(report)
    for (const secret of [BUNDLE.kind === 'aws-access-key' ? BUNDLE.secretAccessKey : '', 'AKIAIOSFODNN7EXAMPLE']) {
      expect(text).not.toContain(secret)
    }
  })

  it('accepts the set id as printed, with a hyphen and in lower case', async () => {
    const printed = `${set.split.header.setId.slice(0, 4)}-${set.split.header.setId.slice(4)}`.toLowerCase()
    expect((await verifyScannedSheets({ vault: set.key, setId: printed, images })).ok).toBe(true)
  })

  it('reports a missing share and a missing copy', async () => {
    const report = await verifyScannedSheets({
      vault: set.key,
      setId: set.split.header.setId,
      images: images.slice(0, 3),
      copies: 2,
    })
    expect(report.ok).toBe(false)
    expect(report.missingIndexes).toEqual([3])
    expect(report.recombines).toBe(true)
    // Format 2 sheets carry their copy number, so the report names exactly the sheets not scanned.
    expect(report.problems.join('\n')).toMatch(new RegExp(`Sheets 2\\.2, 3\\.1, 3\\.2 of set ${set.split.header.setId} were not scanned`))
  })

  it('refuses a sheet of another set and one of another vault, naming the image', async () => {
    const other = await renderSet(join(tmp.path, 'other'), { threshold: 2, total: 2, key: set.key })
    const foreignVault = await qrImage('stranger.png', set.split.payloads[0]!)
    const report = await verifyScannedSheets({
      vault: set.key,
      setId: set.split.header.setId,
      images: [...images, { source: 'old-set.png', bytes: readFileSync(other.pages[0]!) }],
    })
    expect(report.ok).toBe(false)
    const old = report.sheets.find((s) => s.source === 'old-set.png')!
    expect(old.problem?.code).toBe('SHARE_FROM_OTHER_SET')
    expect(old.problem?.message).toContain(other.split.header.setId)

    const strangerKey = generateVaultKey()
    const elsewhere = await verifyScannedSheets({ vault: strangerKey, setId: set.split.header.setId, images: [foreignVault] })
    expect(elsewhere.sheets[0]!.problem?.code).toBe('SHARE_FROM_OTHER_VAULT')
    expect(elsewhere.ok).toBe(false)
  })

  it('refuses a sheet whose share was altered after signing', async () => {
    const share = parsePayload(set.split.payloads[1]!)
    const value = share.value.slice()
    value[3] = value[3]! ^ 0x01
    const forged = formatPayload({ ...share, value })
    const report = await verifyScannedSheets({
      vault: set.key,
      setId: set.split.header.setId,
      images: [...images, await qrImage('forged.png', forged)],
    })
    expect(report.sheets.find((s) => s.source === 'forged.png')!.problem?.code).toBe('SHARE_SIGNATURE_INVALID')
    expect(report.ok).toBe(false)
  })

  it('finds a correctly signed share that does not fit the set', async () => {
    // A vault that signed a wrong share value (a bug, or a stolen key): only recombining shows it.
    const misfit = resign(parsePayload(set.split.payloads[2]!), (s) => {
      const value = s.value.slice()
      value[5] = value[5]! ^ 0x40
      return { ...s, value }
    })
    const report = await verifyScannedSheets({
      vault: set.key,
      setId: set.split.header.setId,
      images: [...images.slice(0, 4), await qrImage('misfit.png', misfit)],
    })
    expect(report.sheets.every((s) => s.ok)).toBe(true)
    expect(report.recombines).toBe(false)
    expect(report.ok).toBe(false)
    expect(report.problems.join('\n')).toMatch(/does not recombine/)
  })

  it('sets aside scans of the custody records on the backs, naming each sheet, and still passes', async () => {
    const backs = set.backs.map((page, i) => ({ source: `back-${i + 1}.png`, bytes: readFileSync(page) }))
    // A duplex scan: face, back, face, back, ...
    const both = images.flatMap((face, i) => [face, backs[i]!])
    const report = await verifyScannedSheets({ vault: set.key, setId: set.split.header.setId, images: both, copies: 2 })
    expect(report.ok).toBe(true)
    expect(report.sheets).toHaveLength(6)
    expect(report.custodyRecords).toEqual(
      [1, 1, 2, 2, 3, 3].map((index, i) => ({ source: `back-${i + 1}.png`, setId: set.split.header.setId, index, copy: (i % 2) + 1 })),
    )
    // Backs alone are not a scan-back: the person is told to scan the fronts.
    await expect(verifyScannedSheets({ vault: set.key, setId: set.split.header.setId, images: backs })).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringMatching(/custody record on the back of a sheet\. Scan the front/),
    })
  })

  it('reports an image without a QR code, a damaged image and a file that is no image', async () => {
    const blank = join(tmp.path, 'blank.png')
    execFileSync('convert', ['-size', '400x300', 'xc:white', blank])
    const page = readFileSync(set.pages[0]!)
    const report = await verifyScannedSheets({
      vault: set.key,
      setId: set.split.header.setId,
      images: [
        ...images,
        { source: 'blank.png', bytes: readFileSync(blank) },
        { source: 'cut.png', bytes: page.subarray(0, 4000) },
        { source: 'notes.txt', bytes: Buffer.from('hello') },
      ],
    })
    const codes = Object.fromEntries(report.sheets.filter((s) => !s.ok).map((s) => [s.source, s.problem?.code]))
    expect(codes).toEqual({
      'blank.png': 'SHARE_QR_NOT_FOUND',
      'cut.png': 'SHARE_IMAGE_UNREADABLE',
      'notes.txt': 'SHARE_IMAGE_UNREADABLE',
    })
    expect(report.ok).toBe(false)
  })

  it('rejects a QR code that is not a Custos share, naming the image', async () => {
    const image = await qrImage('wifi.png', 'WIFI:S:guest;T:WPA;P:hunter22;;')
    expect(await decodeQrFromImage(image.bytes)).toEqual(['WIFI:S:guest;T:WPA;P:hunter22;;'])
    const report = await verifyScannedSheets({ vault: set.key, setId: set.split.header.setId, images: [...images, image] })
    expect(report.sheets.find((s) => s.source === 'wifi.png')!.problem?.code).toBe('SHARE_UNREADABLE')
    expect(await shareInputsFromImage('wifi.png', image.bytes)).toEqual([{ source: 'wifi.png', payload: 'WIFI:S:guest;T:WPA;P:hunter22;;' }])
  })
})
