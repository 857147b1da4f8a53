// The one entry front ends use into main/core: the contract's implementation (createApi),
// the dispatch every transport goes through, and the types a transport needs to bind it.
export { createApi } from './create-api'
export type { ApiDeps } from './create-api'
export { dispatch } from './dispatch'
export type { DesktopPort, SaveDialogRequest, OpenDialogRequest } from '../desktop/desktop-port'
export type { Clock } from '../clock'
export { systemClock, fixedClock } from '../clock'
export { resolveDataDir } from '../vault/data-dir'
