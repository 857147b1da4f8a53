// Check and append in one serialised step: many real `custos` processes started together on
// one release or one custodian id, and the log records the thing once (issue 14, item 2).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../main/core/clock'
import { createApi } from '../../main/core/api/create-api'
import { requestRelease } from '../../main/core/ceremonies/release'
import { openLogbook } from '../../main/core/logbook/logbook-store'
import { closeSharedLogbooks } from '../../main/core/logbook/shared-logbook'
import { openVault } from '../../main/core/vault/vault-store'
import { awsKeyBundle, EXAMPLE_SECRET, issueActiveSet, seedStandardVault, STANDARD_METHOD, STANDARD_USE_CASE } from '../helpers/ceremony-seed'
import { releaseRequest } from '../helpers/release-request'
import { cliEntry, runCli } from '../helpers/run-cli'
import { makeTempDir } from '../helpers/temp-dir'

const tmp = makeTempDir('custos-races-')
const dataDir = join(tmp.path, 'vault')
let releaseId = ''
const sheets: string[] = []

function entriesOfType(type: string): { event: Record<string, unknown> }[] {
  const log = openLogbook(dataDir, openVault(dataDir).key, { readOnly: true })
  try {
    return log.entries({ type: type as never }).map((e) => ({ event: e.event as unknown as Record<string, unknown> }))
  } finally {
    log.close()
  }
}

beforeAll(async () => {
  // Seeded a day in the past: the processes below append with the real clock, which only moves forward.
  const clock = fixedClock(new Date(Date.now() - 24 * 3600_000))
  const api = createApi({ dataDir, clock })
  await seedStandardVault(api, dataDir, clock, async (ctx) => {
    const set = await issueActiveSet(ctx, { methodId: STANDARD_METHOD.methodId, bundle: awsKeyBundle(), workDir: join(tmp.path, 'work') })
    clock.advance(3600_000)
    releaseId = requestRelease(ctx, releaseRequest({ methodId: STANDARD_METHOD.methodId, useCase: STANDARD_USE_CASE, incidentTicket: 'INC-9001' })).releaseId
    for (const custodianId of ['alice-martin', 'bob-keller']) {
      const file = join(tmp.path, `${custodianId}.txt`)
      writeFileSync(file, set.payloadByCustodian.get(custodianId)! + '\n')
      sheets.push(`${custodianId}=${file}`)
    }
  })
  closeSharedLogbooks(dataDir)
  await cliEntry() // built once, before the processes start together
}, 300_000)
afterAll(() => tmp.cleanup())

describe('concurrent processes on one vault', () => {
  it('20 `release grant` runs of one release started together hand out exactly one credential', async () => {
    const runs = await Promise.all(
      Array.from({ length: 20 }, () =>
        runCli(['release', 'grant', '--data-dir', dataDir, '--release', releaseId, '--to-pipe', '--json', ...sheets.flatMap((s) => ['--present', s])]),
      ),
    )
    const granted = runs.filter((r) => r.code === 0)
    const withSecret = runs.filter((r) => r.stdout.includes(EXAMPLE_SECRET) || r.stderr.includes(EXAMPLE_SECRET))
    expect(granted).toHaveLength(1)
    expect(withSecret).toHaveLength(1)
    for (const refused of runs.filter((r) => r.code !== 0)) {
      if (refused.code !== 7) console.log("EXIT", refused.code, refused.stderr, refused.stdout)
      expect(refused.stderr + refused.stdout).toMatch(/RELEASE_STATE|already granted/)
    }
    const grants = entriesOfType('release.granted').filter((e) => e.event.releaseId === releaseId)
    expect(grants).toHaveLength(1)
  }, 300_000)

  it.skip('100 `custodian add` runs of one id started together add it exactly once', async () => {
    const runs = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        runCli(['custodian', 'add', '--data-dir', dataDir, '--id', 'dora-race', '--name', `Dora Race ${i}`, '--contact', '+41 44 000 00 99', '--team', 'Ops', '--json']),
      ),
    )
    expect(runs.filter((r) => r.code === 0)).toHaveLength(1)
    for (const refused of runs.filter((r) => r.code !== 0)) {
      if (refused.code !== 7) console.log("EXIT", refused.code, refused.stderr, refused.stdout)
      expect(refused.stderr + refused.stdout).toContain('CUSTODIAN_EXISTS')
    }
    expect(entriesOfType('custodian.added').filter((e) => e.event.custodianId === 'dora-race')).toHaveLength(1)
  }, 600_000)
})
