// Events the desktop shell pushes to the UI (the other direction from shared/api.ts):
// the preload exposes each as window.custos.onX(callback) returning an unsubscribe function.
import type { CustosBridge } from './api'

/** One due or overdue obligation as the banner and the OS notification show it. */
export interface ObligationNotice {
  id: string
  title: string
  /** ISO time the obligation falls due. */
  dueAt: string
  state: 'due' | 'overdue'
}

export interface DesktopEvents {
  /** The current list of due and overdue obligations (sent at start and whenever it changes). */
  obligationsDue: { items: ObligationNotice[] }
  /** Connected mode (AWS IAM aftercare) switched on or off. */
  connectedMode: { connected: boolean }
}

export type DesktopEventName = keyof DesktopEvents

export const DESKTOP_EVENT_NAMES = ['obligationsDue', 'connectedMode'] as const satisfies readonly DesktopEventName[]

/** window.custos.onObligationsDue etc.: the event name with "on" and a capital. */
export type SubscriptionName<E extends DesktopEventName> = `on${Capitalize<E>}`

export type DesktopSubscriptions = {
  [E in DesktopEventName as SubscriptionName<E>]: (callback: (payload: DesktopEvents[E]) => void) => () => void
}

/** Everything window.custos offers: the contract's operations plus the event subscriptions. */
export type CustosWindowApi = CustosBridge & DesktopSubscriptions

export function subscriptionName<E extends DesktopEventName>(event: E): SubscriptionName<E> {
  return `on${event[0]!.toUpperCase()}${event.slice(1)}` as SubscriptionName<E>
}

/** IPC channel names, shared by main/app and the preload so the two cannot drift. */
export const ipcChannel = {
  operation: (name: string) => `custos:op:${name}`,
  event: (name: DesktopEventName) => `custos:event:${name}`,
} as const
