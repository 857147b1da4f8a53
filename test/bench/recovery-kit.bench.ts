// Recovery kit benchmark, one JSON object per line: the size of recover.html, the time it
// takes to open from file:// in Debian's Chromium (navigation to first paint, to
// DOMContentLoaded and to the QR reader ready), and the time from the last sheet of a 3-of-5
// set to the credential on screen (typed, and as an image the page decodes). Target: ≤3 MB.
// Run: npx tsx test/bench/recovery-kit.bench.ts
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Page } from 'playwright-core'
import { splitBundle } from '../../main/core/shares/split'
import { renderSheetsPdf } from '../../main/core/sheets/sheet-pdf'
import { generateVaultKey } from '../../main/core/vault/vault-key'
import { groupForDisplay } from '../../shared/share-format'
import { formatTypedLines } from '../../shared/typed-groups'
import { CHROMIUM_PATH } from '../helpers/chromium'
import { renderPdfPages } from '../helpers/sheet-images'
import { report } from './bench-stats'

const ROOT = join(import.meta.dirname, '..', '..')
const RUNS = 5
const round = (ms: number) => Math.round(ms * 10) / 10
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

const REQUEST: Record<string, string> = {
  operator: 'Erin Admin', reason: 'Vault laptop lost', ticket: 'INC-1', justification: 'Outage', risk: 'Payments down',
  'why-not-normal': 'SSO down', 'requester-name': 'Dana', 'requester-team': 'SRE', 'requester-area': 'Payments',
  'owner-team': 'Cloud', 'owner-contacts': '+41 44 000 00 09', 'use-case': 'Restore access',
}

const dir = mkdtempSync(join(tmpdir(), 'custos-bench-kit-'))
const profile = mkdtempSync(join(tmpdir(), 'custos-bench-chromium-'))
try {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-recovery-kit.mjs')], { stdio: 'ignore' })
  const html = join(ROOT, 'out/recovery-kit/recover.html')
  report({ bench: 'recovery-kit', metric: 'recover.html size', bytes: statSync(html).size, targetBytes: 3_000_000 })

  const vault = generateVaultKey()
  const bundle = { kind: 'aws-root-login' as const, account: '123456789012', password: 'bench root password', totpSeed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }
  const split = splitBundle({ bundle, threshold: 3, total: 5, label: 'Bench' }, vault)
  writeFileSync(join(dir, 'sheets.pdf'), await renderSheetsPdf({ payloads: split.payloads, issuedAt: new Date('2026-03-14T09:00:00Z') }))
  const pages = renderPdfPages(join(dir, 'sheets.pdf'), dir, 'page', 150)
  const fingerprint = groupForDisplay(vault.fingerprint)

  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  // Offline as in use: anything but the page's own file is refused (and would show as an error below).
  const url = pathToFileURL(html).href
  await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()))

  const open = async (): Promise<{ page: Page; firstPaintMs: number; domContentLoadedMs: number; decoderReadyMs: number }> => {
    const page = await context.newPage()
    await page.goto(url)
    await page.waitForFunction(() => document.body.dataset.decoder === 'ready', undefined, { timeout: 60_000 })
    const figures = await page.evaluate(() => ({
      // The page's text shows before its one script has run (the script is at the end of <body>).
      firstPaintMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      domContentLoadedMs: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
      decoderReadyMs: Number(document.body.dataset.decoderMs),
    }))
    return { page, ...figures }
  }

  /** Two sheets already in, the request filled; then the last sheet, and the time until the credential shows. */
  const lastSheetToCredential = async (page: Page, addLast: () => Promise<void>): Promise<number> => {
    await page.fill('#fingerprint', fingerprint)
    for (const payload of split.payloads.slice(0, 2)) {
      await page.fill('#typed', formatTypedLines(payload).join('\n'))
      await page.click('#add-typed')
    }
    for (const [id, text] of Object.entries(REQUEST)) await page.fill(`#${id}`, text)
    const start = performance.now()
    await addLast()
    await page.waitForFunction(() => /Quorum met/.test(document.getElementById('quorum-status')!.textContent ?? ''), undefined, { timeout: 60_000 })
    await page.click('#recover')
    await page.locator('#result').waitFor({ state: 'visible', timeout: 60_000 })
    return performance.now() - start
  }

  const painted: number[] = []
  const loaded: number[] = []
  const ready: number[] = []
  const typed: number[] = []
  const image: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const first = await open()
    painted.push(first.firstPaintMs)
    loaded.push(first.domContentLoadedMs)
    ready.push(first.decoderReadyMs)
    typed.push(
      await lastSheetToCredential(first.page, async () => {
        await first.page.fill('#typed', formatTypedLines(split.payloads[4]!).join('\n'))
        await first.page.click('#add-typed')
      }),
    )
    await first.page.close()
    const second = await open()
    image.push(await lastSheetToCredential(second.page, () => second.page.setInputFiles('#images', [pages[4]!])))
    await second.page.close()
  }
  await context.close()
  report({ bench: 'recovery-kit', metric: 'open recover.html from file://', runs: RUNS, firstContentfulPaintMedianMs: round(median(painted)), domContentLoadedMedianMs: round(median(loaded)), decoderReadyMedianMs: round(median(ready)) })
  report({ bench: 'recovery-kit', metric: 'last sheet to credential shown (3 of 5)', runs: RUNS, typedMedianMs: round(median(typed)), imageMedianMs: round(median(image)) })
} finally {
  rmSync(dir, { recursive: true, force: true })
  rmSync(profile, { recursive: true, force: true })
}
