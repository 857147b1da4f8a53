// custos script: print a method's ceremony script (break glass, issuance, drill, destruction
// record) to fill in by hand, and record its steps as they are done (scripts.* operations).
import { InvalidArgumentError, type Command } from 'commander'
import { SCRIPT_KINDS, type ScriptKind } from '../../../shared/script-api'
import { cliApi } from '../api-client'
import { saveTo } from '../cli-desktop'
import type { CliContext } from '../context'
import { positiveNumber } from '../options'
import { runCommand } from '../output'

function scriptKind(value: string): ScriptKind {
  const kind = value.trim().toLowerCase()
  if ((SCRIPT_KINDS as readonly string[]).includes(kind)) return kind as ScriptKind
  throw new InvalidArgumentError(`"${value}" is not a script; use one of ${SCRIPT_KINDS.join(', ')}.`)
}

export function registerScript(program: Command, ctx: CliContext): void {
  const script = program.command('script').description('ceremony scripts: numbered steps, who does each, checks, signatures')

  script
    .command('print')
    .description('write a method\'s ceremony script as a PDF to print and fill in')
    .requiredOption('--method <id>', 'the break-glass method')
    .requiredOption('--kind <kind>', `which script: ${SCRIPT_KINDS.join(', ')}`, scriptKind)
    .requiredOption('--out <file>', 'PDF file to write (0600: it lists custodians and their contacts)')
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON')
    .action(async (o: { method: string; kind: ScriptKind; out: string; dataDir?: string; json?: boolean }) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(o.json), async () => {
        const saved = await cliApi(ctx, { dataDir: o.dataDir, desktop: saveTo(o.out) }).call('scripts.save', { methodId: o.method, kind: o.kind })
        return {
          json: { out: o.out, kind: o.kind, bytes: saved.bytes, sha256: saved.sha256 },
          text: `The ${o.kind} script of ${o.method} is in ${o.out} (${saved.bytes} bytes). Print it; it lists custodians' contacts, so keep it with the runbook.`,
        }
      })
    })

  script
    .command('step')
    .description('record that a step of a script was done, by whom (the log and the paper then agree)')
    .requiredOption('--method <id>', 'the break-glass method')
    .requiredOption('--kind <kind>', `which script: ${SCRIPT_KINDS.join(', ')}`, scriptKind)
    .requiredOption('--step <n>', 'the step number as printed', positiveNumber)
    .requiredOption('--by <who>', 'who did it: a custodian id or a full name')
    .option('--reference <id>', 'the release, set or drill the run is about')
    .option('--note <text>', 'what happened, e.g. why a check failed')
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON')
    .action(async (o: { method: string; kind: ScriptKind; step: number; by: string; reference?: string; note?: string; dataDir?: string; json?: boolean }) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(o.json), async () => {
        const done = await cliApi(ctx, { dataDir: o.dataDir }).call('scripts.recordStep', {
          methodId: o.method,
          kind: o.kind,
          step: o.step,
          doneBy: o.by,
          ...(o.reference ? { reference: o.reference } : {}),
          ...(o.note ? { note: o.note } : {}),
        })
        return { json: { ...done }, text: `Recorded: step ${done.step} of the ${done.kind} script done by ${done.doneBy} at ${done.time}.` }
      })
    })
}
