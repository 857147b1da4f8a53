// The one API contract: every operation the UI can ask of the backend, declared once with
// zod schemas for input and output. Electron IPC, the loopback test host and the CLI are
// thin transports over an object implementing it (main/core createApi).
import { z } from 'zod'
import { CredentialBundle } from './bundle'
import {
  CustodianAddInput,
  CustodianRetireInput,
  CustodianUpdateInput,
  CustodianView,
  MethodAddInput,
  MethodUpdateInput,
  MethodView,
  ObligationView,
} from './ceremony-api'
import { ERROR_CODES, type ErrorInfo } from './errors'
import { LogCheckpointOutput, LogEntriesInput, LogEntriesOutput, LogVerifyInput, LogVerifyOutput } from './log-api'

export interface Operation<I extends z.ZodType, O extends z.ZodType> {
  input: I
  output: O
}

function op<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): Operation<I, O> {
  return { input, output }
}

export const SetHeaderView = z.object({
  version: z.number(),
  setId: z.string(),
  threshold: z.number(),
  total: z.number(),
  vaultFingerprint: z.string(),
  label: z.string(),
})

export const VaultStatus = z.object({
  dataDir: z.string(),
  initialized: z.boolean(),
  name: z.string().optional(),
  fingerprint: z.string().optional(),
  createdAt: z.string().optional(),
})

export const ShareInspection = z.object({
  source: z.string(),
  setId: z.string(),
  index: z.number(),
  threshold: z.number(),
  total: z.number(),
  label: z.string(),
  vaultFingerprint: z.string(),
  /** 'valid' only when checked against this vault's key; 'other-vault' when the fingerprint differs. */
  signature: z.enum(['valid', 'invalid', 'other-vault', 'not-checked']),
})

export const ErrorInfoSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
})

export const ShareInputSchema = z.object({
  source: z.string().min(1).max(200),
  payload: z.string().min(1).max(4000),
})

export const api = {
  'vault.status': op(z.object({}), VaultStatus),
  /** First run: creates the vault identity in the data dir (refused with VAULT_EXISTS if there is one). */
  'vault.init': op(z.object({ name: z.string().trim().min(1).max(80) }), VaultStatus),
  /** Prints what the app window shows now (its print layout) through the desktop port. */
  'app.print': op(z.object({ title: z.string().min(1).max(120) }), z.object({ printed: z.boolean() })),
  'shares.inspect': op(ShareInputSchema, ShareInspection),
  'shares.split': op(
    z.object({
      bundle: CredentialBundle,
      threshold: z.number().int(),
      total: z.number().int(),
      label: z.string().max(64).optional(),
    }),
    z.object({ header: SetHeaderView, payloads: z.array(z.string()) }),
  ),
  /** The logbook, newest or oldest first, a page at a time (shared/log-api.ts). */
  'log.entries': op(LogEntriesInput, LogEntriesOutput),
  /** Verifies the chain, signatures and the given checkpoints; reports the first bad entry. */
  'log.verify': op(LogVerifyInput, LogVerifyOutput),
  /** A signed checkpoint note of the log as it is now, with its QR code. */
  'log.checkpoint': op(z.object({}), LogCheckpointOutput),
  'methods.list': op(z.object({}), z.object({ methods: z.array(MethodView) })),
  'methods.add': op(MethodAddInput, MethodView),
  'methods.update': op(MethodUpdateInput, MethodView),
  'custodians.list': op(z.object({}), z.object({ custodians: z.array(CustodianView) })),
  'custodians.add': op(CustodianAddInput, CustodianView),
  'custodians.update': op(CustodianUpdateInput, CustodianView),
  /** Retires a custodian; sheets they still hold must be re-issued (an obligation says so). */
  'custodians.retire': op(CustodianRetireInput, CustodianView),
  'obligations.list': op(z.object({}), z.object({ now: z.string(), obligations: z.array(ObligationView) })),
} as const

export type ApiSpec = typeof api
export type OperationName = keyof ApiSpec
export type OperationInput<K extends OperationName> = z.input<ApiSpec[K]['input']>
export type OperationOutput<K extends OperationName> = z.output<ApiSpec[K]['output']>

/** What the backend implements: one async function per operation. */
export type Api = { [K in OperationName]: (input: z.output<ApiSpec[K]['input']>) => Promise<OperationOutput<K>> }

/** What crosses a transport: Electron and HTTP keep only plain data, so errors travel as values. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo }

/** What the renderer sees as window.custos: same names, raw inputs, results as values. */
export type CustosBridge = { [K in OperationName]: (input: OperationInput<K>) => Promise<ApiResult<OperationOutput<K>>> }

export const OPERATION_NAMES = Object.keys(api) as OperationName[]

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(api, name)
}
