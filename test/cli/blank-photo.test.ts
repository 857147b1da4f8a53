// One blank or unreadable photo among enough good sheets never stops a release or a drill:
// it is set aside with a note (docs/FORMAT.md 2.6), and the quorum is judged on the rest.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { requestRelease } from '../../main/core/ceremonies/release'
import { ceremonyFixture, FIXTURE_BUNDLE, type CeremonyFixture } from '../helpers/ceremony-fixture'
import { releaseRequest } from '../helpers/release-request'
import { makeTempDir } from '../helpers/temp-dir'
import { custosInProcess } from './in-process-cli'

let fx: CeremonyFixture
const files = makeTempDir('custos-blank-photo-')
afterEach(() => fx?.cleanup())
afterAll(() => files.cleanup())

/** A photo of a blank page, made by ImageMagick. */
function blankPhoto(path: string): string {
  execFileSync('convert', ['-size', '240x180', 'xc:#eeeeee', path])
  return path
}

describe('a blank photo among the presented sheets', () => {
  it('is set aside with a note, and the release is granted from the good sheets', async () => {
    fx = ceremonyFixture()
    const dir = fx.ctx.dataDir
    const sheet = (holder: string) => {
      const path = join(files.path, `${holder}-sheet.txt`)
      writeFileSync(path, fx.sheetOf.get(holder)!.payload)
      return path
    }
    const { releaseId } = requestRelease(fx.ctx, releaseRequest({ methodId: 'root', useCase: 'Account recovery', incidentTicket: 'INC-7', operator: 'Oscar Outsider' }))
    const run = await custosInProcess([
      'release', 'grant', '--release', releaseId, '--to-pipe', '--json', '--data-dir', dir,
      '--present', `alice=${sheet('alice')}`,
      '--present', `carol=${blankPhoto(join(files.path, 'blank.png'))}`,
      '--present', `bob=${sheet('bob')}`,
    ])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/note: .*blank\.png was set aside: /)
    expect(run.json().bundle).toEqual(FIXTURE_BUNDLE)
  })

  it('alone, it is the error: nothing readable was presented', async () => {
    fx = ceremonyFixture()
    const dir = fx.ctx.dataDir
    const { releaseId } = requestRelease(fx.ctx, releaseRequest({ methodId: 'root', useCase: 'Account recovery', incidentTicket: 'INC-8', operator: 'Oscar Outsider' }))
    const run = await custosInProcess(['release', 'grant', '--release', releaseId, '--to-pipe', '--data-dir', dir, '--present', `carol=${blankPhoto(join(files.path, 'blank2.png'))}`])
    expect(run.code).toBe(4)
    expect(run.stderr).toMatch(/SHARE_QR_NOT_FOUND/)
  })
})
