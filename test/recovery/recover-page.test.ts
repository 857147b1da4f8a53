// The standalone recovery page (recover.html from `custos recovery-kit`), opened from file://
// in Debian's Chromium with every network request refused and recorded: it recovers a real
// format 2 set from typed groups, sheet images and the fake camera, shows the credential and
// the MFA code otpauth computes, and its receipt imports into the vault as a release.
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Secret, TOTP } from 'otpauth'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createApi } from '../../main/core/api'
import { fixedClock } from '../../main/core/clock'
import { issueSheets } from '../../main/core/ceremonies/issue-sheets'
import { splitBundle } from '../../main/core/shares/split'
import { generateVaultKey } from '../../main/core/vault/vault-key'
import type { CredentialBundle } from '../../shared/bundle'
import { formatPayload, groupForDisplay, parsePayload } from '../../shared/share-format'
import { formatTypedLines } from '../../shared/typed-groups'
import { apiCaller } from '../helpers/api-call'
import { CHROMIUM_PATH } from '../helpers/chromium'
import { seedCustodians, seedMethod, withCeremonies } from '../helpers/ceremony-seed'
import { makeCameraVideo } from '../helpers/fake-camera'
import { runCli } from '../helpers/run-cli'
import { renderPdfPages } from '../helpers/sheet-images'
import { makeTempDir } from '../helpers/temp-dir'

const ROOT = join(import.meta.dirname, '..', '..')
const work = makeTempDir('custos-recover-page-')
const vaultDir = join(work.path, 'vault')
const kitDir = join(work.path, 'kit')
const clock = fixedClock(new Date('2026-03-14T09:00:00.000Z'))
const BUNDLE: CredentialBundle = {
  kind: 'aws-root-login',
  account: '123456789012',
  password: 'Root password for the payments account',
  totpSeed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
}

let fingerprint = ''
let setId = ''
/** Page images of share 1, 2 and 4 (one copy each, pages in share order). */
let pages: string[] = []
/** What a person reads under "Typed share" on those sheets, as printed (formatTypedLines of the QR text). */
let typedLines: string[][] = []

const BROWSER_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

interface OpenedPage {
  page: Page
  /** Every request that was not the page's own file (data: and blob: URLs are in-page, never the network). */
  refused: string[]
}

let browser: { context: BrowserContext; profile: ReturnType<typeof makeTempDir> } | undefined

async function launch(extraArgs: string[] = []): Promise<BrowserContext> {
  const profile = makeTempDir('custos-chromium-')
  const context = await chromium.launchPersistentContext(profile.path, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 860 },
    acceptDownloads: true,
    args: [...BROWSER_FLAGS, ...extraArgs],
  })
  browser = { context, profile }
  return context
}

async function openKit(context: BrowserContext): Promise<OpenedPage> {
  const refused: string[] = []
  const own = pathToFileURL(join(kitDir, 'recover.html')).href
  const local = (url: string) => url === own || url.startsWith('data:') || url.startsWith('blob:')
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (url === own) return route.continue()
    refused.push(url)
    return route.abort()
  })
  const page = await context.newPage()
  page.on('request', (request) => {
    if (!local(request.url()) && !refused.includes(request.url())) refused.push(request.url())
  })
  await page.goto(own)
  await page.waitForFunction(() => document.body.dataset.decoder === 'ready')
  return { page, refused }
}

afterEach(async () => {
  if (!browser) return
  await browser.context.close()
  browser.profile.cleanup()
  browser = undefined
})

/** Fills the request, recovers, and returns the receipt the page offers for download. */
async function recoverAndSaveReceipt(page: Page, file: string): Promise<void> {
  const fields: Record<string, string> = {
    operator: 'Erin Admin',
    reason: 'The vault laptop is in the repair shop',
    ticket: 'INC-9001',
    justification: 'Root MFA device lost during the outage',
    risk: 'Payments down',
    'why-not-normal': 'SSO is down',
    'requester-name': 'Dana Ops',
    'requester-team': 'SRE',
    'requester-area': 'Payments',
    'owner-team': 'Cloud platform',
    'owner-contacts': '+41 44 000 00 09',
    'use-case': 'Restore access after an SSO outage',
  }
  for (const [id, text] of Object.entries(fields)) await page.fill(`#${id}`, text)
  await page.click('#recover')
  await page.locator('#result').waitFor({ state: 'visible' })
  const download = page.waitForEvent('download')
  await page.click('#receipt-link')
  await (await download).saveAs(file)
}

/** The credential as the page shows it once each field is revealed. */
async function shownCredential(page: Page): Promise<Record<string, string>> {
  // The first button of each field is its Reveal button (it then says Hide).
  for (const button of await page.locator('#fields dd button:first-of-type').all()) await button.click()
  const names = await page.locator('#fields dt').allTextContents()
  const values = await page.locator('#fields dd .secret').allTextContents()
  return Object.fromEntries(names.map((name, i) => [name, values[i]!]))
}

async function expectCredentialShown(page: Page): Promise<void> {
  const shown = await shownCredential(page)
  expect(shown).toMatchObject({ account: '123456789012', password: 'Root password for the payments account', totpSeed: BUNDLE.kind === 'aws-root-login' ? BUNDLE.totpSeed : '' })
  const code = await page.locator('#totp-code').textContent()
  const totp = new TOTP({ secret: Secret.fromBase32(BUNDLE.kind === 'aws-root-login' ? BUNDLE.totpSeed! : ''), digits: 6, period: 30, algorithm: 'SHA1' })
  // The page ticks every second; the code may have turned over the 30 s boundary in between.
  const now = Date.now()
  expect([totp.generate({ timestamp: now }), totp.generate({ timestamp: now - 30_000 }), totp.generate({ timestamp: now + 30_000 })]).toContain(code)
}

/** Waits until the element's text matches (the page updates as sheets are read). */
async function waitForText(page: Page, selector: string, pattern: RegExp, timeout = 30_000): Promise<string> {
  await page.waitForFunction(([sel, source]) => new RegExp(source!).test(document.querySelector(sel!)?.textContent ?? ''), [selector, pattern.source], { timeout })
  return (await page.locator(selector).textContent()) ?? ''
}

async function presentSheets(page: Page): Promise<string[]> {
  return page.locator('#sheets li').allTextContents()
}

beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-recovery-kit.mjs')], { stdio: 'ignore' })
  const api = createApi({ dataDir: vaultDir, clock })
  await apiCaller(api).must('vault.init', { name: 'Payments production' })
  const issued = await withCeremonies(vaultDir, clock, async (ctx) => {
    seedMethod(ctx, {
      methodId: 'aws-root',
      name: 'AWS root login',
      scope: 'AWS 123456789012',
      ownerTeam: 'Cloud platform',
      useCases: ['Restore access after an SSO outage'],
      access: 'Root user',
      policy: { threshold: 3, total: 5, copies: 1 },
    })
    seedCustodians(ctx, ['Alice Martin', 'Bob Keller', 'Carol Weber', 'Dan Frey', 'Eve Lang'].map((name, i) => ({ name, contact: `+41 44 000 00 ${10 + i}`, team: 'Ops' })))
    return issueSheets(ctx, { methodId: 'aws-root', bundle: BUNDLE })
  })
  setId = issued.issued.header.setId
  fingerprint = groupForDisplay(issued.issued.header.vaultFingerprint)
  writeFileSync(join(work.path, 'sheets.pdf'), issued.pdf)
  const all = renderPdfPages(join(work.path, 'sheets.pdf'), work.path, 'page', 150)
  pages = [all[0]!, all[1]!, all[3]!]
  // The typed lines are what the sheet's QR code holds, read by an independent decoder (zbar).
  typedLines = pages.map((png) => formatTypedLines(execFileSync('zbarimg', ['--raw', '-q', png], { encoding: 'utf8' }).trim()))
  const kit = await runCli(['recovery-kit', '--out', kitDir, '--json'])
  expect(kit.stderr).toBe('')
  expect(kit.code).toBe(0)
}, 240_000)

afterAll(() => work.cleanup())

describe('the recovery kit', () => {
  it('custos recovery-kit writes the page, README, FORMAT.md and SHA256SUMS, and sha256sum -c accepts them', () => {
    expect(readdirSync(kitDir).sort()).toEqual(['FORMAT.md', 'README.txt', 'SHA256SUMS', 'recover.html'])
    const check = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: kitDir, encoding: 'utf8' })
    expect(check.trim().split('\n').sort()).toEqual(['FORMAT.md: OK', 'README.txt: OK', 'recover.html: OK'])
    const html = readFileSync(join(kitDir, 'recover.html'), 'utf8')
    // Self-contained: no script, style, image or wasm fetched from anywhere.
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/[^\s"'<>]*\.(js|wasm|css)\b/)
    expect(readFileSync(join(kitDir, 'FORMAT.md'), 'utf8')).toBe(readFileSync(join(ROOT, 'docs/FORMAT.md'), 'utf8'))
  })
})

describe('recover.html from file:// with the network refused', () => {
  it('states its version and the SHA-256 of its own code', async () => {
    const { page, refused } = await openKit(await launch())
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version
    expect(await page.locator('#kit-version').textContent()).toBe(version)
    const html = readFileSync(join(kitDir, 'recover.html'), 'utf8')
    const script = html.slice(html.indexOf('<script>') + '<script>'.length, html.lastIndexOf('</script>'))
    const { createHash } = await import('node:crypto')
    expect(await page.locator('#kit-hash').textContent()).toBe(createHash('sha256').update(script).digest('hex'))
    expect(refused).toEqual([])
  })

  it('recovers the root login from three sheet images, shows the MFA code, and its receipt imports into the vault', async () => {
    const { page, refused } = await openKit(await launch())
    await page.fill('#fingerprint', fingerprint)
    await page.setInputFiles('#images', pages)
    await waitForText(page, '#quorum-status', /Quorum met: 3 of 3/, 60_000)
    expect(await presentSheets(page)).toEqual([
      expect.stringMatching(/^✓ page-1\.png: share 1 of set .*copy 1: genuine\.$/),
      expect.stringMatching(/^✓ page-2\.png: share 2 /),
      expect.stringMatching(/^✓ page-4\.png: share 4 /),
    ])
    const receiptFile = join(work.path, 'page-receipt.json')
    await recoverAndSaveReceipt(page, receiptFile)
    await expectCredentialShown(page)
    const receipt = JSON.parse(readFileSync(receiptFile, 'utf8'))
    expect(receipt).toMatchObject({ setId, operator: 'Erin Admin', authenticity: 'checked', setVersion: 2 })
    expect(receipt.sheets.map((s: { index: number; copy: number }) => `${s.index}.${s.copy}`)).toEqual(['1.1', '2.1', '4.1'])
    // The same receipt as a QR code, read back by an independent decoder (zbar).
    const qr = (await page.locator('#receipt-qr').getAttribute('src')) ?? ''
    expect(qr).toMatch(/^data:image\/png;base64,/)
    writeFileSync(join(work.path, 'receipt-qr.png'), Buffer.from(qr.split(',')[1]!, 'base64'))
    expect(JSON.parse(execFileSync('zbarimg', ['--raw', '-q', join(work.path, 'receipt-qr.png')], { encoding: 'utf8' }))).toEqual(receipt)
    expect(refused).toEqual([])

    const imported = await runCli(['release', 'import-receipt', receiptFile, '--json'], { env: { CUSTOS_DATA_DIR: vaultDir } })
    expect(imported.stderr).not.toMatch(/custos: /)
    expect(imported.code).toBe(0)
    const release = imported.json()
    expect(release).toMatchObject({ setId, operator: 'Erin Admin', quorumProven: true, authenticityChecked: true })
    const releases = await apiCaller(createApi({ dataDir: vaultDir, clock })).must('releases.list', {})
    expect(releases.releases.some((r: { releaseId: string }) => r.releaseId === release.releaseId)).toBe(true)
  }, 120_000)

  it('names a scan of a sheet\'s custody record (its back page) as such, and asks for the front', async () => {
    const back = join(work.path, 'back-of-1.png')
    execFileSync('pdftoppm', ['-r', '150', '-f', '2', '-l', '2', '-singlefile', '-png', join(work.path, 'sheets.pdf'), back.replace(/\.png$/, '')])
    const { page, refused } = await openKit(await launch())
    await page.fill('#fingerprint', fingerprint)
    await page.setInputFiles('#images', [back])
    await page.waitForFunction(() => document.querySelectorAll('#sheets li').length > 0, undefined, { timeout: 60_000 })
    expect(await presentSheets(page)).toEqual([
      `✗ back-of-1.png: the custody record on the back of share 1 copy 1 of set ${groupForDisplay(setId)}: no share on it, set aside. Use the front.`,
    ])
    expect(refused).toEqual([])
  }, 120_000)

  it('recovers from typed groups: the first share whole, the next ones from the line after the set lines', async () => {
    const { page, refused } = await openKit(await launch())
    await page.fill('#fingerprint', fingerprint)
    // Share 4 typed whole, as printed (line numbers included).
    await page.fill('#typed', typedLines[2]!.join('\n'))
    await page.click('#add-typed')
    await waitForText(page, '#quorum-status', /^Sheet 1 of 3 needed\.$/)
    const setLines = await page.locator('#typed-hint').textContent()
    const count = Number(/lines 01 to (\d+)/i.exec(setLines ?? '')?.[1])
    expect(count).toBeGreaterThan(5)
    // Share 1: only its own lines, after the set lines marked on the sheet.
    await page.fill('#typed', typedLines[0]!.slice(count).join('\n'))
    await page.click('#add-typed')
    // Share 2 typed whole again works too.
    await page.fill('#typed', typedLines[1]!.join('\n'))
    await page.click('#add-typed')
    await waitForText(page, '#quorum-status', /Quorum met: 3 of 3/)
    expect(await presentSheets(page)).toEqual([
      expect.stringMatching(/^✓ typed share 4: share 4 of set /),
      expect.stringMatching(/^✓ typed share 1: share 1 of set /),
      expect.stringMatching(/^✓ typed share 2: share 2 of set /),
    ])
    // A typo is named by its group, and the sheet is not added.
    const typo = [...typedLines[0]!]
    typo[count] = typo[count]!.replace(/^(\d+\s+)(\S)(\S)/, (_, n, a, b) => `${n}${b}${a}`)
    await page.fill('#typed', typo.slice(count).join('\n'))
    await page.click('#add-typed')
    await waitForText(page, '#typed-error', /Group \d+ \(line \d+, group 1\)/)
    expect(await page.locator('#sheets li').count()).toBe(3)
    const receiptFile = join(work.path, 'typed-receipt.json')
    await recoverAndSaveReceipt(page, receiptFile)
    await expectCredentialShown(page)
    expect(JSON.parse(readFileSync(receiptFile, 'utf8')).sheets.map((s: { index: number }) => s.index)).toEqual([4, 1, 2])
    expect(refused).toEqual([])
  }, 120_000)

  it('recovers from the camera: the sheets held up one after another (Chromium fake camera)', async () => {
    const video = join(work.path, 'sheets.y4m')
    makeCameraVideo(pages, video, { secondsEach: 1.5, framing: 'page' })
    const context = await launch(['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`, '--use-fake-ui-for-media-stream'])
    const { page, refused } = await openKit(context)
    await page.fill('#fingerprint', fingerprint)
    await page.click('#camera-start')
    await waitForText(page, '#quorum-status', /Quorum met: 3 of 3/, 90_000)
    await recoverAndSaveReceipt(page, join(work.path, 'camera-receipt.json'))
    await expectCredentialShown(page)
    expect(refused).toEqual([])
  }, 150_000)

  it('refuses every sheet under a wrong fingerprint, a sheet of another vault and an altered sheet', async () => {
    const { page, refused } = await openKit(await launch())
    const other = generateVaultKey()
    await page.fill('#fingerprint', groupForDisplay(other.fingerprint))
    await page.setInputFiles('#images', pages)
    await page.waitForFunction(() => document.querySelectorAll('#sheets li').length === 3, undefined, { timeout: 60_000 })
    for (const line of await presentSheets(page)) expect(line).toMatch(/^✗ .*belongs to vault .*do not use it\./)
    expect(await page.locator('#recover').isDisabled()).toBe(true)
    // The right fingerprint: the three sheets are genuine; a sheet of another vault stays refused.
    await page.fill('#fingerprint', fingerprint)
    const forged = splitBundle({ bundle: BUNDLE, threshold: 3, total: 5 }, other)
    await page.fill('#typed', formatTypedLines(forged.payloads[2]!).join('\n'))
    await page.click('#add-typed')
    const lines = await presentSheets(page)
    expect(lines.slice(0, 3).every((l) => l.startsWith('✓'))).toBe(true)
    expect(lines[3]).toMatch(new RegExp(`^✗ typed share 3: .*belongs to vault ${groupForDisplay(other.fingerprint)}, not ${fingerprint}`))
    // A sheet of this vault whose signed copy number was changed: altered, refused.
    const genuine = parsePayload(execFileSync('zbarimg', ['--raw', '-q', pages[2]!], { encoding: 'utf8' }).trim())
    await page.fill('#typed', formatTypedLines(formatPayload({ ...genuine, copy: 2 })).join('\n'))
    await page.click('#add-typed')
    await page.waitForFunction(() => document.querySelectorAll('#sheets li').length === 5)
    expect((await presentSheets(page))[4]).toMatch(/^✗ typed share 4: share 4 of set .*, copy 2: the signature does not verify/)
    expect(await page.locator('#quorum-status').textContent()).toMatch(/Quorum met: 3 of 3/)
    expect(refused).toEqual([])
  }, 120_000)
})
