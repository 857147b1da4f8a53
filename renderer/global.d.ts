// window.custos as the preload (or, in e2e tests, the loopback shim) defines it.
import type { CustosWindowApi } from '../shared/desktop-events'

declare global {
  interface Window {
    readonly custos: CustosWindowApi
  }
}

export {}
