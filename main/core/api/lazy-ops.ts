// Operations whose modules pull heavy libraries (pdfkit, @aws-sdk/client-iam, zxing-wasm,
// node-forge) are bound by name and loaded on their first call, so `custos --help`,
// `custos inspect` and `custos log verify` start without ever reading those libraries.
import { OPERATION_NAMES, type Api, type OperationName } from '../../../shared/api'
import { CustosError } from '../../../shared/errors'

/**
 * Stand-ins for `names` that load their group once (`load`) on the first call of any of
 * them. `names` is a record so the compiler checks it lists exactly the group's operations.
 */
export function lazyOps<K extends OperationName>(names: Record<K, true>, load: () => Promise<Pick<Api, K>>): Pick<Api, K> {
  return lazyByName(Object.keys(names) as K[], load)
}

/** Stand-ins for every contract operation not in `bound`, served by `load`'s group. */
export function lazyRest<B extends Partial<Api>, K extends Exclude<OperationName, keyof B>>(
  bound: B,
  load: () => Promise<Pick<Api, K>>,
): Pick<Api, K> {
  return lazyByName(OPERATION_NAMES.filter((name) => !(name in bound)) as K[], load)
}

function lazyByName<K extends OperationName>(names: K[], load: () => Promise<Pick<Api, K>>): Pick<Api, K> {
  let group: Promise<Pick<Api, K>> | undefined
  const ops: Partial<Record<K, (input: never) => Promise<unknown>>> = {}
  for (const name of names) {
    ops[name] = async (input: never) => {
      const loaded = await (group ??= load())
      const handler = loaded[name] as ((input: never) => Promise<unknown>) | undefined
      if (!handler) throw new CustosError('INTERNAL', `The operation ${name} is declared in the contract but this build has no handler for it.`)
      return handler(input)
    }
  }
  return ops as unknown as Pick<Api, K>
}
