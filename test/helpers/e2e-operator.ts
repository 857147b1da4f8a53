// The operator at 4 a.m., scripted: a vault with a 3-of-5 method whose active set's sheets
// the fake camera plays, and the release from opening the app to the credential copied,
// counting every action a person takes (a click, a field typed, a box ticked). Shared by the
// e2e test that holds the count to 12 and the desktop benchmark that prints it.
import { mkdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import type { Api } from '../../shared/api'
import type { Clock } from '../../main/core/clock'
import { awsKeyBundle, issueActiveSet, seedCustodians, seedMethod, seedStandardVault } from './ceremony-seed'
import { makeCameraVideo } from './fake-camera'
import { renderPdfPages } from './sheet-images'
import { apiCaller } from './api-call'
import { releaseRequest } from './release-request'

export const WIDE_METHOD = {
  methodId: 'aws-payments',
  name: 'AWS payments break-glass key',
  scope: 'AWS 210987654321 payments',
  ownerTeam: 'Payments platform',
  ownerContacts: 'payments-oncall@example.com, phone +41 44 000 00 99',
  useCases: ['Restore access after an SSO outage', 'Repair IAM after a lockout'],
  access: 'AdministratorAccess on the payments account',
  policy: { threshold: 3, total: 5, copies: 1 },
}

/** Two more custodians beside the standard three: Dan Fischer, Eve Brunner. */
export const EXTRA_CUSTODIANS = [
  { name: 'Dan Fischer', contact: '+41 44 000 00 04', team: 'Payments' },
  { name: 'Eve Brunner', contact: '+41 44 000 00 05', team: 'Security' },
]

export const OPERATOR_SECRET = 'pAyM3ntsBreakGlassSecretKeyEXAMPLE000042'

/**
 * Seeds the standard vault plus the 3-of-5 payments method with its active set, and (unless
 * `earlierRequest` is false) one earlier request of that method, withdrawn, whose remembered
 * fields a new request reuses. Writes the camera video of the five sheets; returns the set id.
 */
export async function seedOperatorVault(
  api: Api,
  dataDir: string,
  clock: Clock,
  workDir: string,
  video: string,
  options: { earlierRequest?: boolean } = {},
): Promise<string> {
  const setId = await seedStandardVault(api, dataDir, clock, async (ctx) => {
    seedCustodians(ctx, EXTRA_CUSTODIANS)
    seedMethod(ctx, WIDE_METHOD)
    const set = await issueActiveSet(ctx, {
      methodId: WIDE_METHOD.methodId,
      bundle: awsKeyBundle(OPERATOR_SECRET, 'AKIAPAYMENTSEXAMPLE1'),
      workDir: join(workDir, 'payments'),
    })
    return set.setId
  })
  if (options.earlierRequest !== false) await seedEarlierRequest(api)
  const dir = join(workDir, 'camera')
  mkdirSync(dir, { recursive: true })
  const pages = renderPdfPages(join(workDir, 'payments', `${setId}.pdf`), dir, 'sheet', 150)
  makeCameraVideo(pages, `${video}.tmp`, { secondsEach: 1, fps: 5, framing: 'page' })
  renameSync(`${video}.tmp`, video)
  return setId
}

/** An earlier request of the payments method (INC-4000, withdrawn): what rarely changes is remembered from it. */
export async function seedEarlierRequest(api: Api): Promise<void> {
  const { must } = apiCaller(api)
  const earlier = await must<{ releaseId: string }>(
    'release.request',
    releaseRequest({
      methodId: WIDE_METHOD.methodId,
      useCase: WIDE_METHOD.useCases[0]!,
      incidentTicket: 'INC-4000',
      requester: { name: 'Ann Ops', team: 'SRE', area: 'Payments' },
      resourceOwner: { team: WIDE_METHOD.ownerTeam, contacts: WIDE_METHOD.ownerContacts },
      businessRisk: 'Card payments halted in the EU',
      whyNotNormalAccess: 'All human access goes through the failed SSO',
    }),
  )
  await must('release.withdraw', { releaseId: earlier.releaseId, reason: 'The SSO came back before the custodians arrived' })
}

export interface OperatorRun {
  /** Every click, field typed and box ticked from the app's first screen to the credential copied. */
  actions: number
  /** What each action was, in order (for the report when the count is over). */
  log: string[]
  /** Characters typed. */
  typed: number
  /** Wall time of the script, app start to copied (includes the camera reading the sheets). */
  wallMs: number
}

/**
 * Opens the app and releases the payments key to Olivia Operator for `ticket`, as a person
 * would: Break glass, the use case (which chooses the method), ticket, operator, justification,
 * the checklist, whatever the form still leaves empty (on a method's first request: business
 * risk, why normal access is out), Record, Start camera (the custodians hold up their sheets),
 * Release, Copy. Prefilled fields are read, not retyped: a person checks them at a glance.
 */
export async function operatorRelease(page: Page, url: string, ticket: string): Promise<OperatorRun> {
  const log: string[] = []
  let typed = 0
  const act = async (what: string, body: () => Promise<void>) => {
    log.push(what)
    await body()
  }
  const type = async (label: string, text: string) => {
    typed += text.length
    await act(`type ${label}`, () => form().getByLabel(label, { exact: true }).fill(text))
  }
  const form = () => page.getByRole('form', { name: 'Request the release' })

  const started = Date.now()
  await page.goto('about:blank')
  await page.goto(url)
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor()
  await act('click Break glass', () => page.getByRole('link', { name: 'Break glass' }).first().click())
  // Wait until the form has read the methods: with several, each method's use cases are
  // listed under its name and choosing one chooses the method too.
  const useCase = form().getByRole('group', { name: WIDE_METHOD.name, exact: true }).getByRole('radio', { name: WIDE_METHOD.useCases[0] })
  await useCase.or(form().getByRole('radio', { name: WIDE_METHOD.useCases[0] })).first().waitFor()
  await act('choose the use case', async () => {
    if ((await useCase.count()) > 0) await useCase.check()
    else await form().getByRole('radio', { name: WIDE_METHOD.useCases[0] }).check()
  })
  await type('Incident ticket', ticket)
  await type('Operator', 'Olivia Operator')
  await type('Justification', 'SSO provider down, payments failing')
  await act('confirm the initial checklist', () => form().getByRole('checkbox', { name: /All four done/ }).check())
  // What the form could not start from (a method's first request): typed, each one action.
  const blanks: [string, string][] = [
    ['Business risk and impact', 'Card payments halted in the EU'],
    ['Why normal access cannot be used', 'All human access goes through the failed SSO'],
    ['Requester team', 'SRE'],
    ['Requester area', 'Payments'],
    ['Owner contacts', 'payments-oncall@example.com'],
  ]
  for (const [label, text] of blanks) {
    const field = form().getByLabel(label, { exact: true })
    if ((await field.count()) > 0 && (await field.isVisible()) && (await field.inputValue()).trim() === '') await type(label, text)
  }
  await act('record the request', () => form().getByRole('button', { name: 'Record request and gather the quorum' }).click())
  await page.getByRole('heading', { level: 2, name: 'Present the sheets' }).waitFor()
  await act('start the camera', () => page.getByRole('button', { name: 'Start camera' }).click())
  const release = page.getByRole('button', { name: 'Release to Olivia Operator' })
  // The fake camera decodes frame by frame: on a busy 2-core machine the three sheets can take
  // a while. These are waits with generous bounds, not timings; the bench reports the time.
  await release.waitFor({ timeout: 120_000 })
  await page.waitForFunction(() => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Release to Olivia Operator')
    return button !== undefined && !button.disabled
  }, undefined, { timeout: 120_000 })
  await act('release', () => release.click())
  await page.getByRole('heading', { level: 2, name: /released to Olivia Operator/ }).waitFor({ timeout: 90_000 })
  await act('copy the secret access key', () => page.getByRole('button', { name: /^Copy Secret access key$/i }).click())
  await page.getByText(/Secret access key copied/).waitFor()
  return { actions: log.length, log, typed, wallMs: Date.now() - started }
}
