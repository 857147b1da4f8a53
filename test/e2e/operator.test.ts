// End to end: the operator at 4 a.m. and the facts the app records, in Debian's Chromium with
// the real backend behind the loopback host. A 3-of-5 method whose sheets the fake camera
// plays; a 2-of-2 method with two copies of each share (several holders per share). Every
// test drives the UI by labels and roles; axe-core and a screenshot on the way.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createApi } from '../../main/core/api/create-api'
import { fixedClock } from '../../main/core/clock'
import { builtRenderer } from '../helpers/renderer-build'
import { expectAxeClean, openE2eBrowser, openScreen, screenshot as takeScreenshot, type E2eBrowser } from '../helpers/e2e-page'
import { apiCaller } from '../helpers/api-call'
import { createFakeDesktopPort } from '../helpers/fake-desktop-port'
import { makeTempDir } from '../helpers/temp-dir'
import { awsKeyBundle, issueActiveSet, seedMethod, withCeremonies } from '../helpers/ceremony-seed'
import { releaseRequest } from '../helpers/release-request'
import { operatorRelease, OPERATOR_SECRET, seedEarlierRequest, seedOperatorVault, WIDE_METHOD } from '../helpers/e2e-operator'

const work = makeTempDir('custos-e2e-operator-')
const dataDir = join(work.path, 'vault')
const desktop = createFakeDesktopPort()
const clock = fixedClock(new Date())
// The clock follows real time (the camera and clipboard countdowns), until a test moves it on.
const realClock = { now: () => new Date(clock.now().getTime() + (Date.now() - startedAt)) }
const startedAt = Date.now()
const api = createApi({ dataDir, clock: realClock, desktop })
const { must } = apiCaller(api)
const video = join(work.path, 'camera.y4m')
let e2e: E2eBrowser
let page: Page
let setId = ''
const problems: string[] = []
const screenshot = (name: string) => takeScreenshot(page, 'operator', name)

type Entry = { seq: number; actor: string; event: Record<string, any> }
const entriesOf = async (type: string) => (await must<{ entries: Entry[] }>('log.entries', { type, limit: 1000 })).entries

/** The 2-of-2 DR method: two copies of each share, held by four different people. */
const DR_METHOD = {
  methodId: 'aws-dr',
  name: 'AWS disaster recovery key',
  scope: 'AWS 555566667777 disaster recovery',
  ownerTeam: 'Cloud platform',
  useCases: ['Restore the DR account'],
  access: 'AdministratorAccess on the DR account',
  policy: { threshold: 2, total: 2, copies: 2 },
}
let drPages: string[] = []

beforeAll(async () => {
  // No earlier request yet: the first test is the method's first request.
  setId = await seedOperatorVault(api, dataDir, realClock, work.path, video, { earlierRequest: false })
  await withCeremonies(dataDir, realClock, async (ctx) => {
    seedMethod(ctx, DR_METHOD)
    const dr = await issueActiveSet(ctx, { methodId: DR_METHOD.methodId, bundle: awsKeyBundle('drSecretKeyEXAMPLEdrSecretKeyEXAMPLE0001', 'AKIADRDRDREXAMPLE001'), workDir: join(work.path, 'dr') })
    drPages = [1, 2, 3, 4].map((n) => join(work.path, 'dr', `${dr.setId}-${n}.png`))
  })
  e2e = await openE2eBrowser({
    api,
    rendererDir: await builtRenderer(),
    problems,
    chromium: (origin) => ({ colorScheme: 'light', fakeCamera: { video, origin } }),
    defaultTimeout: 30_000,
  })
  page = e2e.page
  await page.setViewportSize({ width: 1024, height: 700 })
}, 240_000)

afterAll(async () => {
  await e2e?.close()
  work.cleanup()
})

describe('the operator at 4 a.m.', () => {
  it("releases on the method's first request (nothing remembered yet) in at most 12 actions, every field recorded", async () => {
    const run = await operatorRelease(page, e2e.host.url, 'INC-5110')
    await screenshot('released-first-request-1024x700')
    console.log(`operator actions, first request of the method: ${run.actions} (${run.typed} characters typed): ${run.log.join(', ')}`)
    expect(run.log.length, run.log.join('\n')).toBeLessThanOrEqual(12)
    expect(run.actions).toBeLessThanOrEqual(12)
    expect(desktop.callsOf('clipboard').at(-1)!.request.text).toBe(OPERATOR_SECRET)
    const request = (await entriesOf('release.requested')).find((e) => e.event.incidentTicket === 'INC-5110')!
    // The requester is the operator; team and area start from the method (owner team, scope); the owner from the method.
    expect(request.event.requester).toEqual({ name: 'Olivia Operator', team: WIDE_METHOD.ownerTeam, area: WIDE_METHOD.scope })
    expect(request.event.resourceOwner).toEqual({ team: WIDE_METHOD.ownerTeam, contacts: WIDE_METHOD.ownerContacts })
    expect(request.event).toMatchObject({
      useCase: WIDE_METHOD.useCases[0],
      methodId: WIDE_METHOD.methodId,
      justification: 'SSO provider down, payments failing',
      businessRisk: 'Card payments halted in the EU',
      whyNotNormalAccess: 'All human access goes through the failed SSO',
    })
    expect(request.event.checklist).toEqual({ resourceOwnerContacted: true, localTeamInformed: true, widerTeamInformed: true, escalatedToServiceOwner: true })
    expect((await entriesOf('release.granted')).some((e) => e.event.releaseId === request.event.releaseId)).toBe(true)
    await page.getByRole('button', { name: 'Done: remove the credential from the screen' }).click()
  }, 400_000)

  it('releases a 3-of-5 set held up to the camera in at most 12 actions, and the request records every field', async () => {
    // An earlier request of the method (withdrawn), newer than the first: what rarely changes comes from it.
    await seedEarlierRequest(api)
    const run = await operatorRelease(page, e2e.host.url, 'INC-5120')
    await screenshot('released-1024x700')
    console.log(`operator actions: ${run.actions} (${run.typed} characters typed): ${run.log.join(', ')}`)
    expect(run.log.length, run.log.join('\n')).toBeLessThanOrEqual(12)
    expect(run.actions).toBeLessThanOrEqual(12)
    const copied = desktop.callsOf('clipboard').at(-1)!
    expect(copied.request.text).toBe(OPERATOR_SECRET)

    const request = (await entriesOf('release.requested')).find((e) => e.event.incidentTicket === 'INC-5120')!
    // The requester is the operator; what rarely changes came from the last request of the method.
    expect(request.event.requester).toEqual({ name: 'Olivia Operator', team: 'SRE', area: 'Payments' })
    expect(request.event.resourceOwner).toEqual({ team: WIDE_METHOD.ownerTeam, contacts: WIDE_METHOD.ownerContacts })
    expect(request.event.useCase).toBe(WIDE_METHOD.useCases[0])
    expect(request.event.checklist).toEqual({ resourceOwnerContacted: true, localTeamInformed: true, widerTeamInformed: true, escalatedToServiceOwner: true })
    const granted = (await entriesOf('release.granted')).find((e) => e.event.releaseId === request.event.releaseId)!
    expect(granted.event.presented.length).toBeGreaterThanOrEqual(3)
    await page.getByRole('button', { name: 'Done: remove the credential from the screen' }).click()
    // The verification not given at request time is completed in aftercare.
    await page.getByRole('link', { name: /Go to aftercare for INC-5120/ }).click()
    await page.getByRole('heading', { level: 1 }).first().waitFor()
    await page.getByLabel('Verified with').fill('Dana Lead confirmed with the payments on-call by phone')
    await page.getByRole('button', { name: 'Record the verification' }).click()
    await page.getByText('The verification is in the logbook.').waitFor()
    const verified = (await entriesOf('release.verified')).at(-1)!
    expect(verified.event).toMatchObject({ releaseId: request.event.releaseId, verification: 'Dana Lead confirmed with the payments on-call by phone' })
    await expectAxeClean(page)
  }, 400_000)

  it('keeps Record and Release in view at 1024x700', async () => {
    await openScreen(page, e2e.host.url, 'break-glass', 'Break glass')
    const submit = page.getByRole('button', { name: 'Record request and gather the quorum' })
    // The form appears once the methods are read; then Record must be in view without scrolling.
    await submit.waitFor()
    expect(await submit.isVisible()).toBe(true)
    const box = (await submit.boundingBox())!
    expect(box.y + box.height).toBeLessThanOrEqual(700)
    await screenshot('request-1024x700')
  })

  it('withdraws a waiting request, logged with its reason, and it can no longer be granted', async () => {
    const waiting = await must<{ releaseId: string }>('release.request', releaseRequest({ methodId: WIDE_METHOD.methodId, useCase: WIDE_METHOD.useCases[1]!, incidentTicket: 'INC-5200' }))
    await openScreen(page, e2e.host.url, 'break-glass', 'Break glass')
    await page.getByRole('button', { name: 'Withdraw INC-5200' }).click()
    const dialog = page.getByRole('dialog', { name: 'Withdraw request INC-5200?' })
    await dialog.getByLabel('Why is it withdrawn?').fill('Duplicate of INC-5120')
    await expectAxeClean(page)
    await dialog.getByRole('button', { name: 'Withdraw the request' }).click()
    await page.getByText('Request INC-5200 was withdrawn and the withdrawal is in the logbook.').waitFor()
    // The list of waiting requests is read again after the withdrawal: wait for it, then count.
    await page.getByRole('button', { name: 'Continue INC-5200' }).waitFor({ state: 'detached' })
    expect(await page.getByRole('button', { name: 'Continue INC-5200' }).count()).toBe(0)
    const withdrawn = (await entriesOf('release.withdrawn')).at(-1)!
    expect(withdrawn.event).toEqual({ type: 'release.withdrawn', releaseId: waiting.releaseId, reason: 'Duplicate of INC-5120' })
    const refused = await api['release.grant']({ releaseId: waiting.releaseId, presentations: [{ custodianId: 'alice-martin', source: 'x', payload: 'x' }] }).catch((e: Error) => e)
    expect(refused).toBeInstanceOf(Error)
    expect((refused as Error).message).toMatch(/withdrawn/)
  })
})

describe('the facts the app records', () => {
  it('does not offer Release when the operator is a custodian presenting a sheet, and logs no failed attempt', async () => {
    // Dan Fischer holds share 4 and is the operator: the method forbids him presenting.
    const release = await must<{ releaseId: string }>(
      'release.request',
      releaseRequest({ methodId: WIDE_METHOD.methodId, useCase: WIDE_METHOD.useCases[0]!, incidentTicket: 'INC-5300', operator: 'dan-fischer' }),
    )
    const failedBefore = (await entriesOf('quorum.failed')).length
    await page.goto(`${e2e.host.url}#/break-glass/${release.releaseId}`)
    await page.getByRole('heading', { level: 2, name: 'Present the sheets' }).waitFor()
    const pages = [1, 2, 4].map((n) => join(work.path, 'payments', `${setId}-${n}.png`))
    desktop.nextOpenPaths = pages
    await page.getByRole('button', { name: 'Import images…' }).click()
    await page.getByText(/do not let the operator \(Dan Fischer\) present/).first().waitFor()
    expect(await page.getByRole('button', { name: 'Release to Dan Fischer' }).isDisabled()).toBe(true)
    expect(await page.getByText('Quorum met').count()).toBe(0)
    await screenshot('operator-blocked-1024x700')
    await expectAxeClean(page)
    // Carol presents instead of Dan: now the button is offered, and the grant passes.
    await page.getByRole('button', { name: /Remove .*-4\.png/ }).click()
    desktop.nextOpenPaths = [join(work.path, 'payments', `${setId}-3.png`)]
    await page.getByRole('button', { name: 'Import images…' }).click()
    const button = page.getByRole('button', { name: 'Release to Dan Fischer' })
    await page.waitForFunction(() => [...document.querySelectorAll('button')].some((b) => b.textContent === 'Release to Dan Fischer' && !b.disabled))
    await button.click()
    await page.getByRole('heading', { level: 2, name: /released to Dan Fischer/ }).waitFor()
    expect((await entriesOf('quorum.failed')).length).toBe(failedBefore)
    await page.getByRole('button', { name: 'Done: remove the credential from the screen' }).click()
  }, 120_000)

  it('asks who presents a sheet whose share has several holders, and never records the copy-1 holder for a copy-2 sheet', async () => {
    const set = (await must<{ sets: { setId: string; status: string; sheets: { index: number; copy: number; custodianId: string; custodianName: string }[] }[] }>('sets.list', { methodId: DR_METHOD.methodId })).sets.find(
      (s) => s.status === 'active',
    )!
    const holder = (index: number, copy: number) => set.sheets.find((s) => s.index === index && s.copy === copy)!
    await openScreen(page, e2e.host.url, `drill/${DR_METHOD.methodId}`, 'Drill')
    await page.getByRole('button', { name: 'Start the drill' }).click()
    // Page 2 is share 1 copy 2 (pages run share 1 copy 1, share 1 copy 2, ...).
    desktop.nextOpenPaths = [drPages[1]!]
    await page.getByRole('button', { name: 'Import images…' }).click()
    const presenter = page.getByRole('region', { name: 'Sheets presented' }).getByLabel('Presented by').first()
    await page.getByRole('region', { name: 'Sheets presented' }).getByRole('listitem').first().waitFor()
    await page.waitForTimeout(500)
    const chosen = await presenter.inputValue()
    // Either the sheet says which copy it is (its holder is chosen), or the person is asked.
    expect(chosen).not.toBe(holder(1, 1).custodianId)
    expect(['', holder(1, 2).custodianId]).toContain(chosen)
    if (chosen === '') {
      await page.getByText(`${holder(1, 1).custodianName} and ${holder(1, 2).custodianName} each hold a copy of share 1`).first().waitFor()
      await presenter.selectOption(holder(1, 2).custodianId)
    }
    await screenshot('presenter-asked-1024x700')
    await expectAxeClean(page)
    // Share 2 copy 2, then the drill: the copy-2 holders are the ones verified.
    desktop.nextOpenPaths = [drPages[3]!]
    await page.getByRole('button', { name: 'Import images…' }).click()
    const second = page.getByRole('region', { name: 'Sheets presented' }).getByLabel('Presented by').nth(1)
    await page.getByRole('region', { name: 'Sheets presented' }).getByRole('listitem').nth(1).waitFor()
    await page.waitForTimeout(500)
    if ((await second.inputValue()) === '') await second.selectOption(holder(2, 2).custodianId)
    expect(await second.inputValue()).toBe(holder(2, 2).custodianId)
    await page.getByRole('button', { name: /^Run the drill/ }).click()
    await page.getByText(/passed/i).first().waitFor()
    const drill = (await entriesOf('drill.completed')).at(-1)!
    expect(drill.event.presented.map((p: { custodianId: string }) => p.custodianId).sort()).toEqual([holder(1, 2).custodianId, holder(2, 2).custodianId].sort())
  }, 120_000)
})

describe('obligations', () => {
  it('lists every obligation once on the dashboard, each with a link, and the roster review meets its own', async () => {
    clock.advance(400 * 24 * 3600_000)
    await openScreen(page, e2e.host.url, 'dashboard', 'Dashboard')
    const list = page.getByRole('region', { name: 'Due and overdue' })
    await list.getByRole('listitem').first().waitFor()
    const titles = await list.getByRole('listitem').locator('strong').allTextContents()
    expect(new Set(titles).size).toBe(titles.length)
    expect(await page.getByRole('region', { name: 'Obligations needing action' }).count()).toBe(0)
    for (const item of await list.getByRole('listitem').all()) expect(await item.getByRole('link').count()).toBe(1)
    await screenshot('dashboard-obligations-1024x700')
    await expectAxeClean(page)
    await list.getByRole('link', { name: /Review the roster/ }).click()
    await page.getByRole('heading', { level: 1, name: 'Review the roster' }).waitFor()
    await page.getByLabel('Reviewed by').fill('Vault owner')
    await page.getByRole('checkbox', { name: 'I checked every custodian listed above' }).check()
    await expectAxeClean(page)
    await page.getByRole('button', { name: 'Record the roster review' }).click()
    await page.getByText('The roster review is in the logbook.').waitFor()
    const { obligations } = await must<{ obligations: { kind: string }[] }>('obligations.list', {})
    expect(obligations.some((o) => o.kind === 'roster-review')).toBe(false)
    expect(problems).toEqual([])
  }, 60_000)
})
