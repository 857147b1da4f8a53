// The `custos` command line as a module: main() for whatever runs it (main/cli/run.ts for the
// command itself, the packaged app's `--cli`, tests in process) and the types they pass.
export { buildProgram, main, type CliHost } from './program'
export type { Io } from './output'
