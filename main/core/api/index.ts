// The one entry front ends use into main/core: the contract's implementation (createApi),
// the dispatch every transport goes through, and the types a transport needs to bind it.
// Keep it light: `custos --help` loads this file, so nothing here may import pdfkit,
// @aws-sdk, zxing-wasm, node-forge or @signpdf (createApi loads those groups on first use;
// test/cli/cli-startup.test.ts checks).
export { createApi } from './create-api'
export type { ApiDeps } from './api-deps'
export { dispatch } from './dispatch'
export type { DesktopPort, SaveDialogRequest, OpenDialogRequest } from '../desktop/desktop-port'
export type { Clock } from '../clock'
export { systemClock, fixedClock } from '../clock'
export { resolveDataDir } from '../vault/data-dir'
export { setRecoveryKitDir } from '../recovery/recovery-kit'
export { passphraseFromEnv, setPassphraseSource, type PassphraseSource } from '../vault/passphrase'
// What a host process tells core before the first call (the packaged app's `--cli`).
export { setLogbookNativeBinding } from '../logbook/logbook-store'
export { setFontDir } from '../sheets/sheet-fonts'
// Pure helpers a front end needs to read what people type or hand it, before any operation.
export { parseSheetLabel } from '../ceremonies/ids'
export { typedSharesFromText, readTypedSharesInteractively } from '../sheets/typed-entry'
export { imageKind } from '../sheets/image-kind'
export { AUDIT_ROOT_CERT_FILE, RETENTION_YEARS } from '../audit/audit-names'
