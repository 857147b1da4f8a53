// End to end: the checks an auditor or custodian makes in the app, in the built renderer in
// Debian's Chromium with the real backend. The standard vault's key was released for INC-4711;
// a trail file (gzip'd, as S3 delivers it) holds one call inside that release and one two days
// before it: the Audit screen flags the second, and the logbook records the reconciliation.
// Then a custodian's checkpoint is given back on the Logbook screen: kept when the log extends
// it, refused (and not kept) when it was altered.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { builtRenderer } from '../helpers/renderer-build'
import { expectAxeClean, openE2eBrowser, openScreen, screenshot, type E2eBrowser } from '../helpers/e2e-page'
import { apiCaller } from '../helpers/api-call'
import type { Api } from '../../shared/api'
import { createApi } from '../../main/core/api/create-api'
import { fixedClock } from '../../main/core/clock'
import { createFakeDesktopPort } from '../helpers/fake-desktop-port'
import { makeTempDir } from '../helpers/temp-dir'
import { seedStandardRelease, seedStandardVault } from '../helpers/ceremony-seed'
import { trailRecord, writeTrailBucket } from '../aws/cloudtrail-samples'
import { existsSync, readdirSync, readFileSync } from 'node:fs'

const KEY = 'AKIAIOSFODNN7EXAMPLE'
const work = makeTempDir('custos-e2e-reconcile-')
const dataDir = join(work.path, 'vault')
const desktop = createFakeDesktopPort()
const clock = fixedClock('2026-04-02T01:00:00Z')
let api: Api
const { must } = apiCaller(() => api)
let e2e: E2eBrowser
let page: Page
const pageProblems: string[] = []

function trailFiles(): string[] {
  const root = join(work.path, 'trail')
  const who = { type: 'IAMUser' as const, userName: 'break-glass', accessKeyId: KEY }
  writeTrailBucket(root, [
    trailRecord({ time: '2026-03-31T12:00:00Z', who, eventName: 'ListUsers' }),
    trailRecord({ time: '2026-04-02T02:30:00Z', who, eventName: 'GetUser' }),
    trailRecord({ time: '2026-04-02T02:40:00Z', who: { type: 'IAMUser', userName: 'ci-deployer', accessKeyId: 'AKIACIDEPLOYER000001' }, eventName: 'PutObject' }),
  ])
  const files: string[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name))
      else files.push(join(dir, entry.name))
    }
  }
  walk(root)
  return files
}

beforeAll(async () => {
  api = createApi({ dataDir, clock, desktop })
  const [rendererDir] = await Promise.all([
    builtRenderer(),
    seedStandardVault(api, dataDir, clock, (ctx) => seedStandardRelease(ctx, { clock, workDir: join(work.path, 'sheets') })),
  ])
  clock.advance(3 * 3600_000)
  e2e = await openE2eBrowser({ api, rendererDir, problems: pageProblems })
  page = e2e.page
  await openScreen(page, e2e.host.url, 'audit', 'Audit')
})

afterAll(async () => {
  await e2e?.close()
  work.cleanup()
})

describe('CloudTrail reconciliation on the Audit screen', () => {
  it('says so and records nothing when the dialog is cancelled', async () => {
    desktop.nextOpenPaths = []
    await page.getByRole('button', { name: 'Choose CloudTrail files…' }).click()
    await page.getByRole('status').filter({ hasText: 'No file was chosen: nothing was read or recorded.' }).waitFor()
    expect((await must('log.entries', { type: 'aws.key-use-reconciled' })).entries).toEqual([])
  })

  it('flags the use of the break-glass key before any release, and records the result', async () => {
    desktop.nextOpenPaths = trailFiles()
    await page.getByRole('button', { name: 'Choose CloudTrail files…' }).click()
    const flagged = page.getByRole('alert').filter({ hasText: '1 use of the break-glass key outside a release window.' })
    await flagged.waitFor()
    const rows = flagged.getByRole('row')
    expect(await rows.count()).toBe(2)
    const row = await rows.nth(1).textContent()
    expect(row).toContain('ListUsers')
    expect(row).toContain(KEY)
    expect(await flagged.textContent()).toContain('3 records in 2 files')
    expect(await flagged.textContent()).toMatch(/2 \(1 inside releases/)
    const logged = (await must('log.entries', { type: 'aws.key-use-reconciled' })).entries
    expect(logged).toHaveLength(1)
    expect(await flagged.textContent()).toContain(`Logbook entry #${logged[0]!.seq}`)
    await expectAxeClean(page)
    await screenshot(page, 'audit', '06-reconciled')
    expect(pageProblems).toEqual([])
  })
})

describe('a checkpoint a custodian kept, given back on the Logbook screen', () => {
  it('is kept when the logbook extends it, and an altered one is refused and not kept', async () => {
    const handedOut = await must<{ text: string; size: number }>('log.checkpoint', {})
    await openScreen(page, e2e.host.url, 'logbook', 'Logbook')
    const card = page.getByRole('region', { name: 'Check a checkpoint a custodian kept' })
    const lines = handedOut.text.split('\n')
    // The note's third line is the head hash (docs/FORMAT.md): one character changed, the signature no longer holds.
    const hashLine = 2
    const keptFiles = () => (existsSync(join(dataDir, 'checkpoints')) ? readdirSync(join(dataDir, 'checkpoints')) : [])
    const before = keptFiles()
    const altered = lines.map((line, i) => (i === hashLine ? (line[0] === 'A' ? 'B' : 'A') + line.slice(1) : line)).join('\n')
    await card.getByLabel('Checkpoint note').fill(altered)
    await card.getByRole('button', { name: 'Check and keep' }).click()
    await card.getByRole('alert').filter({ hasText: 'The checkpoint was not kept' }).waitFor()
    expect(keptFiles()).toEqual(before)

    await card.getByLabel('Checkpoint note').fill(handedOut.text)
    await card.getByRole('button', { name: 'Check and keep' }).click()
    await card.getByRole('status').filter({ hasText: `The logbook extends the checkpoint at entry ${handedOut.size}. It is kept.` }).waitFor()
    const kept = keptFiles().map((name) => readFileSync(join(dataDir, 'checkpoints', name), 'utf8'))
    expect(kept.some((text) => text.includes(lines[hashLine]!))).toBe(true)
    await expectAxeClean(page)
  })
})
