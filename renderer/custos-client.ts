// The renderer's way to call the backend: window.custos returns ApiResult values; this turns
// a failure into a UiError that keeps the stable code and the person-readable message.
import type { OperationInput, OperationName, OperationOutput } from '../shared/api'
import type { ErrorInfo } from '../shared/errors'

export class UiError extends Error {
  readonly code: ErrorInfo['code']
  /** What the backend attached (e.g. "issues": one "field: problem" line each), for field errors. */
  readonly details: Record<string, unknown>
  constructor(info: ErrorInfo) {
    super(info.message)
    this.code = info.code
    this.details = info.details ?? {}
  }
}

export async function call<K extends OperationName>(name: K, input: OperationInput<K>): Promise<OperationOutput<K>> {
  const bridge = window.custos as unknown as Record<string, (input: unknown) => Promise<unknown>>
  const method = bridge[name]
  if (typeof method !== 'function') {
    throw new UiError({ code: 'INTERNAL', message: `This build of Custos cannot do "${name}". Update the app.` })
  }
  const result = (await method(input)) as { ok: true; value: OperationOutput<K> } | { ok: false; error: ErrorInfo }
  if (!result.ok) throw new UiError(result.error)
  return result.value
}

/** True when the backend offers the operation (screens for later backends hide until it lands). */
export function hasOperation(name: string): boolean {
  return typeof (window.custos as unknown as Record<string, unknown>)[name] === 'function'
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong. Try again.'
}
