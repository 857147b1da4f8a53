// Turns the list of due and overdue obligations into OS notifications (once when an item
// becomes due, again when it becomes overdue) and pushes the whole list to the UI's banner.
import type { ObligationNotice } from '../../../shared/desktop-events'
import type { DesktopPort } from './desktop-port'

export interface ObligationNotifierDeps {
  /** Reads the current due and overdue obligations (derived from the logbook and the clock). */
  source: () => Promise<ObligationNotice[]>
  port: Pick<DesktopPort, 'notify'>
  /** Hands the full current list to the UI (the in-app banner shows it until each is met). */
  publish: (items: ObligationNotice[]) => void
}

export interface ObligationNotifier {
  /** Reads the source, notifies about what newly became due or overdue, publishes the list. */
  check(): Promise<ObligationNotice[]>
  /** The list from the last check, for a window that loads later. */
  latest(): ObligationNotice[]
}

export function createObligationNotifier(deps: ObligationNotifierDeps): ObligationNotifier {
  const announced = new Map<string, ObligationNotice['state']>()
  let current: ObligationNotice[] = []
  return {
    check: async () => {
      const items = await deps.source()
      const present = new Set(items.map((item) => item.id))
      for (const id of [...announced.keys()]) if (!present.has(id)) announced.delete(id)
      for (const item of items) {
        if (announced.get(item.id) === item.state) continue
        announced.set(item.id, item.state)
        deps.port.notify({
          title: item.state === 'overdue' ? `Overdue: ${item.title}` : `Due: ${item.title}`,
          body:
            item.state === 'overdue'
              ? `This was due ${item.dueAt}. Open Custos and record it when it is done.`
              : `Due by ${item.dueAt}. Open Custos and record it when it is done.`,
          urgency: item.state === 'overdue' ? 'critical' : 'normal',
        })
      }
      current = items
      deps.publish(items)
      return items
    },
    latest: () => current,
  }
}
