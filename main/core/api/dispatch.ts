// The one place a transport hands a raw request to the API: unknown names are refused,
// input is validated against the contract, and every outcome becomes an ApiResult value.
import { api, isOperationName, type Api, type ApiResult } from '../../../shared/api'
import { CustosError, toErrorInfo } from '../../../shared/errors'

export async function dispatch(impl: Api, name: string, rawInput: unknown): Promise<ApiResult<unknown>> {
  try {
    if (!isOperationName(name)) throw new CustosError('USAGE', `There is no operation called "${name}".`)
    const parsed = api[name].input.safeParse(rawInput ?? {})
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`)
      throw new CustosError('USAGE', `The request for ${name} is not valid: ${issues.join('; ')}`, { issues })
    }
    const handler = impl[name] as (input: unknown) => Promise<unknown>
    return { ok: true, value: await handler(parsed.data) }
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) }
  }
}
