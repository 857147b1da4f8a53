// Due and overdue obligations reach the person twice: an OS notification when an item first
// becomes due and again when it becomes overdue, and the in-app banner list every check.
import { describe, expect, it } from 'vitest'
import type { ObligationNotice } from '../../shared/desktop-events'
import { createObligationNotifier } from '../../main/core/desktop/obligation-notifier'
import { createFakeDesktopPort } from '../helpers/fake-desktop-port'

describe('obligation notifier', () => {
  it('notifies at start, again when an item turns overdue, never twice for the same state', async () => {
    const port = createFakeDesktopPort()
    const published: ObligationNotice[][] = []
    let current: ObligationNotice[] = [
      { id: 'revoke', title: 'Revoke the released key', dueAt: '2026-01-01T10:00:00Z', state: 'due' },
    ]
    const notifier = createObligationNotifier({ source: async () => current, port, publish: (items) => published.push(items) })

    await notifier.check()
    await notifier.check()
    expect(port.callsOf('notify').map((c) => c.notification.title)).toEqual(['Due: Revoke the released key'])

    current = [{ ...current[0]!, state: 'overdue' }]
    await notifier.check()
    expect(port.callsOf('notify').at(-1)!.notification).toMatchObject({ title: 'Overdue: Revoke the released key', urgency: 'critical' })
    expect(notifier.latest()).toEqual(current)
    expect(published).toHaveLength(3)
  })

  it('clears the banner once the logbook records the obligation as met', async () => {
    const port = createFakeDesktopPort()
    let current: ObligationNotice[] = [{ id: 'drill', title: 'Run the quarterly drill', dueAt: '2026-03-31T17:00:00Z', state: 'due' }]
    const published: ObligationNotice[][] = []
    const notifier = createObligationNotifier({ source: async () => current, port, publish: (items) => published.push(items) })
    await notifier.check()
    current = []
    await notifier.check()
    expect(published.at(-1)).toEqual([])
    // Falling due again later (next quarter) is a new notification.
    current = [{ id: 'drill', title: 'Run the quarterly drill', dueAt: '2026-06-30T17:00:00Z', state: 'due' }]
    await notifier.check()
    expect(port.callsOf('notify')).toHaveLength(2)
  })
})
