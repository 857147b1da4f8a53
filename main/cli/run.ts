// Runs the `custos` command line in this process (the compiled command's entry).
import { main } from './program'

process.exitCode = await main(process.argv.slice(2), process.env)
