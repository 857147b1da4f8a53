// Split and combine times for 3-of-5 and 8-of-16 (issue: foundation). Prints JSON lines.
import { combineShares } from '../../main/core/shares/combine'
import { splitBundle } from '../../main/core/shares/split'
import { generateVaultKey } from '../../main/core/vault/vault-key'
import { measure, report } from './bench-stats'

const vault = generateVaultKey()
const bundle = {
  kind: 'aws-access-key',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  accountId: '123456789012',
  userName: 'breakglass',
} as const

for (const [threshold, total] of [
  [3, 5],
  [8, 16],
] as const) {
  const runs = 200
  report({ bench: 'shares.split', k: threshold, n: total, ...measure(runs, () => splitBundle({ bundle, threshold, total }, vault)) })
  const { payloads } = splitBundle({ bundle, threshold, total }, vault)
  const inputs = payloads.slice(0, threshold).map((payload, i) => ({ source: `s${i}`, payload }))
  report({ bench: 'shares.combine', k: threshold, n: total, ...measure(runs, () => combineShares(inputs, vault)) })
  // Worst realistic case: all N presented, one of them bad, so the bad one must be found.
  const withBad = payloads.map((payload, i) => ({ source: `s${i}`, payload: i === 0 ? payload.slice(0, -3) + '000' : payload }))
  report({ bench: 'shares.combine-all-with-one-damaged', k: threshold, n: total, ...measure(50, () => combineShares(withBad, vault)) })
}
