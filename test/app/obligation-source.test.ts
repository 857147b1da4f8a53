// The notifier's source is the API's own obligations.list, reduced to what a banner and an OS
// notification show; before onboarding there is no logbook and nothing to report.
import { describe, expect, it } from 'vitest'
import { createApi } from '../../main/core/api/create-api'
import { fixedClock } from '../../main/core/clock'
import { obligationNoticeSource } from '../../main/core/desktop/obligation-source'
import { makeTempDir } from '../helpers/temp-dir'

describe('obligation notice source', () => {
  it('reports nothing, and asks for no obligations, while there is no vault yet', async () => {
    const dir = makeTempDir('custos-source-')
    try {
      const api = createApi({ dataDir: dir.path, clock: fixedClock('2026-01-05T09:00:00Z') })
      let asked = 0
      const source = obligationNoticeSource({
        'vault.status': api['vault.status'],
        'obligations.list': async (input) => {
          asked++
          return api['obligations.list'](input)
        },
      })
      expect(await source()).toEqual([])
      expect(asked).toBe(0)
    } finally {
      dir.cleanup()
    }
  })

  it('turns each obligation into a notice with its id, title, deadline and state', async () => {
    const source = obligationNoticeSource({
      'vault.status': async () => ({ dataDir: '/x', initialized: true }),
      'obligations.list': async () => ({
        now: '2026-04-02T05:00:00.000Z',
        obligations: [
          {
            id: 'revoke:rel-1',
            kind: 'revoke',
            title: 'Revoke the credential released for INC-4711',
            detail: 'Deactivate it.',
            dueAt: '2026-04-02T04:10:00.000Z',
            status: 'overdue',
            releaseId: 'rel-1',
          },
        ],
      }),
    })
    expect(await source()).toEqual([
      { id: 'revoke:rel-1', title: 'Revoke the credential released for INC-4711', dueAt: '2026-04-02T04:10:00.000Z', state: 'overdue' },
    ])
  })

  it('reads a real vault with a custodian roster and no release as having nothing due', async () => {
    const dir = makeTempDir('custos-source-')
    try {
      const api = createApi({ dataDir: dir.path, clock: fixedClock('2026-01-05T09:00:00Z') })
      await api['vault.init']({ name: 'Payments production' })
      await api['custodians.add']({ name: 'Alice Martin', contact: '+41 44 000 00 01', team: 'Operations' })
      expect(await obligationNoticeSource(api)()).toEqual([])
    } finally {
      dir.cleanup()
    }
  })
})
