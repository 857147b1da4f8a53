// The test build of the `custos` command (never shipped: built by test/helpers/cli-build.ts
// into node_modules/.cache): the real CLI plus a pinned clock read from CUSTOS_FAKE_NOW, so
// scenario tests walk deadlines across a year. The shipped command never reads that variable.
import { main } from '../../main/cli/index'
import { fixedClock } from '../../main/core/api'
import { setSealingCostForTests } from '../../main/core/vault/key-file'

if (process.env.CUSTOS_TEST_SEALING_LOG2N) setSealingCostForTests(Number(process.env.CUSTOS_TEST_SEALING_LOG2N))

const now = process.env.CUSTOS_FAKE_NOW
if (now !== undefined && Number.isNaN(new Date(now).getTime())) {
  process.stderr.write(`test build: CUSTOS_FAKE_NOW="${now}" is not an ISO time.\n`)
  process.exit(2)
}
process.exitCode = await main(process.argv.slice(2), process.env, now ? { clock: fixedClock(now) } : {})
