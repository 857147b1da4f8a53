// The one place a transport hands a raw request to the API: unknown names are refused,
// input is validated against the contract, and every outcome becomes an ApiResult value.
import { api, isOperationName, type Api, type ApiResult } from '../../../shared/api'
import { CustosError, toErrorInfo } from '../../../shared/errors'
import { fieldIssues } from '../../../shared/input-issues'

export async function dispatch(impl: Api, name: string, rawInput: unknown): Promise<ApiResult<unknown>> {
  try {
    if (!isOperationName(name)) throw new CustosError('USAGE', `There is no operation called "${name}".`)
    const parsed = api[name].input.safeParse(rawInput ?? {})
    if (!parsed.success) {
      // Each issue in a person's words; details keep the paths so a front end can put each under its field.
      const fields = fieldIssues(parsed.error.issues, rawInput ?? {})
      const issues = fields.map((f) => `${f.path || '(input)'}: ${f.problem}`)
      throw new CustosError('USAGE', fields.map((f) => `${f.field}: ${f.problem}.`).join(' '), { operation: name, issues, fields })
    }
    const handler = impl[name] as (input: unknown) => Promise<unknown>
    return { ok: true, value: await handler(parsed.data) }
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) }
  }
}
