// Calls operations through dispatch, exactly as a transport does, for tests and benchmarks
// that drive a vault beside (or instead of) the UI: `must` returns the value and fails the
// test on a refusal; `refused` returns the refusal and fails the test on an answer.
import type { Api } from '../../shared/api'
import type { ErrorInfo } from '../../shared/errors'
import { dispatch } from '../../main/core/api/dispatch'

export interface ApiCaller {
  must<T = any>(name: string, input?: unknown): Promise<T>
  refused(name: string, input?: unknown): Promise<ErrorInfo>
}

/** `api` may be a function, for a test whose API object is made later or anew for each call. */
export function apiCaller(api: Api | (() => Api)): ApiCaller {
  const target = () => (typeof api === 'function' ? api() : api)
  return {
    async must<T = any>(name: string, input: unknown = {}): Promise<T> {
      const result = await dispatch(target(), name, input)
      if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`)
      return result.value as T
    },
    async refused(name: string, input: unknown = {}): Promise<ErrorInfo> {
      const result = await dispatch(target(), name, input)
      if (result.ok) throw new Error(`${name} unexpectedly succeeded`)
      return result.error
    },
  }
}
