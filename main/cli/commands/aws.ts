// custos aws status|revoke|rotate|record|alarm: AWS IAM aftercare of a released access key, as a
// client of the contract's aws.* operations. Without --connect nothing leaves the machine: the
// exact AWS CLI commands are printed instead.
import { closeSync, openSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { ReadStream, WriteStream } from 'node:tty'
import type { Command } from 'commander'
import type { OperationInput, OperationOutput } from '../../../shared/api'
import { AwsAccessKeyBundle, parseBundle, parseBundleJson, type AwsAccessKeyBundle as Bundle } from '../../../shared/bundle'
import { CustosError, isCustosError } from '../../../shared/errors'
import { groupForDisplay } from '../../../shared/share-format'
import { cliApi, type CliApi } from '../api-client'
import { cliDesktop } from '../cli-desktop'
import type { CliContext } from '../context'
import { collect } from '../options'
import { runCommand, type CommandOutput } from '../output'
import { warnSheetsOnDisk } from '../sheets-warning'

/** Where the credential comes from, for every aws command's help. */
const CREDENTIAL_HELP = `
The credential that signs the AWS requests is read from stdin only, never from argv, AWS_*
variables or ~/.aws: a bundle of kind "aws-access-key" (the released key, or your own IAM key in
the same JSON form), or the JSON that "custos release grant --json --to-pipe" prints (its "bundle"
is used, and its release names the key and the method). A release never stores the credential
anywhere and cannot be granted twice, so a later step (retiring the old key after a rotation,
deleting a revoked key) is signed with your own IAM key. The logbook names the actor as every
command does: CUSTOS_ACTOR, else the OS user name.`

interface CommonOptions {
  dataDir?: string
  endpoint?: string
  connect?: boolean
  yes?: boolean
  user?: string
  keyId?: string
  json?: boolean
}

interface RotateOptions extends CommonOptions {
  method?: string
  pdf?: string
  label?: string
  pageSize?: string
  contact?: string
}

interface RecordOptions {
  dataDir?: string
  user: string
  keyId?: string
  replaces?: string
  reason?: string
  requestId?: string
  performedAt?: string
  note?: string
  accountId?: string
  method?: string
  pdf?: string
  label?: string
  pageSize?: string
  contact?: string
  json?: boolean
}

export function registerAws(program: Command, ctx: CliContext): void {
  const aws = program
    .command('aws')
    .description('AWS IAM aftercare of a released key: status, revoke, rotate (offline unless --connect), usage alarm')
    .addHelpText('after', CREDENTIAL_HELP)
  const run = (json: boolean | undefined, body: () => Promise<CommandOutput>) => async () => {
    ctx.exitCode = await runCommand(ctx.io, Boolean(json), body)
  }
  const common = (cmd: Command) =>
    cmd
      .option('--data-dir <dir>', 'vault directory')
      .option('--connect', 'connected mode: allow requests to the IAM endpoint for this step only (logged)')
      .option('--endpoint <url>', 'IAM endpoint (default https://iam.amazonaws.com)')
      .option('--user <name>', "the break-glass IAM user (default: the piped release's user, else the bundle's userName)")
      .option('--key-id <id>', "the access key to act on (default: the piped release's key, else the bundle's accessKeyId)")
      .option('--json', 'print JSON')
      .addHelpText('after', CREDENTIAL_HELP)

  common(aws.command('status').description("list the user's keys and when and where the key was last used")).action(
    (opts: CommonOptions) => run(opts.json, () => (opts.connect ? runStatus(ctx, opts) : offline(ctx, 'status', opts)))(),
  )
  common(aws.command('revoke').description('deactivate the key, then delete it after confirmation'))
    .option('--yes', 'confirm deletion without asking')
    .action((opts: CommonOptions) => run(opts.json, () => (opts.connect ? runRevoke(ctx, opts) : offline(ctx, 'revoke', opts)))())
  common(
    aws
      .command('rotate')
      .description(
        'create and prove a new key, issue it as a new set through the issuance ceremony; once that set is active, ' +
          'run again (with your own IAM key) to prove the new key still works, then deactivate and delete the old key',
      ),
  )
    .option('--yes', 'confirm deletions without asking')
    .option('--method <id>', "the method the new set protects (K-of-N and copies from its policy; default: the release's method)")
    .option('--pdf <file>', "where to write the new set's printable sheets (0600, before the set is recorded)")
    .option('--label <text>', "text printed on every sheet (default: as the method's active set)")
    .option('--page-size <size>', 'a4 or letter', 'a4')
    .option('--contact <text>', 'whom to call in an emergency, printed on every sheet')
    .action((opts: RotateOptions) => run(opts.json, () => (opts.connect ? runRotate(ctx, opts) : offline(ctx, 'rotate', opts)))())
  aws
    .command('record')
    .description('record evidence of an AWS CLI step run elsewhere (offline path)')
    .argument('<step>', 'deactivate | delete | create | verify')
    .option('--data-dir <dir>', 'vault directory')
    .requiredOption('--user <name>', 'the IAM user')
    .option('--key-id <id>', 'the access key the step acted on (create: read from the pasted JSON)')
    .option('--replaces <id>', 'create: the key the new one replaces')
    .option('--reason <reason>', 'revoke | rotate | orphan | make-room')
    .option('--request-id <id>', 'the request id AWS returned (aws ... --debug shows it; or from CloudTrail)')
    .option('--performed-at <time>', 'when the command ran (ISO time; default now)')
    .option('--note <text>', 'a short note for the logbook')
    .option('--account-id <id>', 'create: the 12-digit account id for the new bundle')
    .option('--method <id>', 'create: the method the new set protects (K-of-N and copies from its policy)')
    .option('--pdf <file>', "create: where to write the new set's printable sheets")
    .option('--label <text>', "create: text printed on every sheet (default: as the method's active set)")
    .option('--page-size <size>', 'create: a4 or letter', 'a4')
    .option('--contact <text>', 'create: whom to call in an emergency, printed on every sheet')
    .option('--json', 'print JSON')
    .action((step: string, opts: RecordOptions) => run(opts.json, () => runRecord(ctx, step, opts))())
  aws
    .command('alarm')
    .description("print EventBridge rules that alarm on any use of a method's break-glass principal (text to apply elsewhere)")
    .requiredOption('--method <id>', 'the break-glass method')
    .option('--format <format>', 'eventbridge (rule patterns and AWS CLI commands) or cloudformation (a template)', 'eventbridge')
    .option('--user <name>', 'the IAM user, when the logbook does not name it yet (repeat for several)', collect)
    .option('--account-id <id>', 'limit the rules to this 12-digit account')
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON')
    .action((opts: { method: string; format: string; user?: string[]; accountId?: string; dataDir?: string; json?: boolean }) =>
      run(opts.json, () => runAlarm(ctx, opts))(),
    )
}

// ---- connected steps -----------------------------------------------------------------------------

function apiFor(ctx: CliContext, opts: { dataDir?: string; endpoint?: string; pdf?: string }): CliApi {
  return cliApi(ctx, {
    ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {}),
    ...(opts.endpoint ? { deps: { iamEndpoint: opts.endpoint } } : {}),
    desktop: cliDesktop({ save: () => opts.pdf }),
  })
}

/** The contract's input for a connected step: the key named by flags, the release piped in, or the credential's own. */
async function connectedInput(ctx: CliContext, api: CliApi, opts: CommonOptions): Promise<OperationInput<'aws.status'>> {
  // A missing vault is reported before the command waits for stdin.
  const status = await api.call('vault.status', {})
  if (!status.initialized) throw new CustosError('VAULT_NOT_FOUND', `No Custos vault in ${status.dataDir}.`, { dataDir: status.dataDir })
  const { bundle, releaseId } = await readCredential(ctx)
  return {
    credential: bundle,
    ...(releaseId ? { releaseId } : {}),
    ...(opts.user ? { userName: opts.user } : {}),
    ...(opts.keyId ? { accessKeyId: opts.keyId } : {}),
    ...(opts.yes ? { confirmDelete: true, confirmMakeRoom: true } : {}),
  }
}

async function runStatus(ctx: CliContext, opts: CommonOptions): Promise<CommandOutput> {
  const api = apiFor(ctx, opts)
  const check = await api.call('aws.status', await connectedInput(ctx, api, opts))
  const lines = check.keys.map(
    (k) => `  ${k.accessKeyId}  ${k.status.padEnd(8)}  created ${k.createDate}${k.isTarget ? '  <- this key' : ''}`,
  )
  const target = check.target
  const used = target.lastUsed
  const usedLine = !target.exists
    ? `${target.accessKeyId} no longer exists in AWS.`
    : used?.date
      ? `${target.accessKeyId} was last used ${used.date} with ${used.serviceName} in ${used.region}.`
      : `${target.accessKeyId} has no recorded use.`
  const warning = check.signedByTarget
    ? `\nWarning: this check was signed by ${target.accessKeyId} itself, so AWS now records the check as its last use and ` +
      'any earlier use is hidden. Run it again with your own IAM key on stdin ' +
      `(--user ${check.userName} --key-id ${target.accessKeyId}) to see real use.`
    : ''
  return {
    json: { check },
    text: `Access keys of ${check.userName}:\n${lines.join('\n') || '  (none)'}\n${usedLine}${warning}`,
  }
}

async function runRevoke(ctx: CliContext, opts: CommonOptions): Promise<CommandOutput> {
  const api = apiFor(ctx, opts)
  const input = await connectedInput(ctx, api, opts)
  let result = await api.call('aws.revoke', input)
  // Deletion cannot be undone: without --yes, ask on the terminal (stdin carries the credential).
  if (result.status === 'inactive' && !opts.yes && (await askTty(ctx, `${result.accessKeyId} is inactive. Delete it for good?`))) {
    printProgress(ctx, opts, result.progress)
    result = await api.call('aws.revoke', { ...input, confirmDelete: true })
  }
  printProgress(ctx, opts, result.progress)
  return {
    json: { result, revoke: result.status === 'deleted' ? 'deleted' : 'deactivated' },
    text:
      result.status === 'deleted'
        ? `${result.accessKeyId} is revoked and deleted.`
        : `${result.accessKeyId} is revoked (inactive). It is not deleted yet: run again with --yes to delete it.`,
  }
}

async function runRotate(ctx: CliContext, opts: RotateOptions): Promise<CommandOutput> {
  const api = apiFor(ctx, opts)
  const base = await connectedInput(ctx, api, opts)
  const input: OperationInput<'aws.rotate'> = {
    ...base,
    ...(opts.method ? { methodId: opts.method } : {}),
    ...(opts.label ? { label: opts.label } : {}),
    pageSize: pageSize(opts.pageSize),
    ...(opts.contact ? { emergencyContact: opts.contact } : {}),
    savePdf: true,
  }
  let result: OperationOutput<'aws.rotate'>
  try {
    result = await api.call('aws.rotate', input)
    if (result.waitingFor === 'confirmation' && !opts.yes && (await askTty(ctx, `Delete the old key ${result.oldKeyId} for good?`))) {
      printProgress(ctx, opts, result.progress)
      result = await api.call('aws.rotate', { ...input, confirmDelete: true })
    }
  } catch (error) {
    if (isCustosError(error) && error.code === 'AWS_STEP_NEEDS_CONFIRMATION' && error.details?.step === 'make-room' && !opts.yes) {
      if (!(await askTty(ctx, `${error.message}\nDelete the inactive key ${String(error.details.accessKeyId)} to make room?`))) throw withCliWords(error)
      result = await api.call('aws.rotate', { ...input, confirmMakeRoom: true })
    } else {
      throw withCliWords(error)
    }
  }
  printProgress(ctx, opts, result.progress)
  const issued = result.issued
  if (issued && result.savedPdf && result.setId) warnSheetsOnDisk(ctx, result.savedPdf, result.setId)
  return {
    json: {
      result,
      ...(issued ? { pdf: result.savedPdf, sheets: issued.sheets.map(({ payload: _p, typedLines: _t, ...s }) => s), copies: issued.copies } : {}),
    },
    text: rotateText(result, opts, base.userName ?? ''),
  }
}

function rotateText(result: OperationOutput<'aws.rotate'>, opts: RotateOptions, userFlag: string): string {
  const { oldKeyId, newKeyId, setId, issued } = result
  if (result.complete) {
    return `Rotation complete: new key ${newKeyId}${setId ? ` in set ${setId}` : ''}; old key ${oldKeyId} deleted.`
  }
  const user = userFlag || 'USER'
  if (result.waitingFor === 'ceremony' && issued && setId) {
    return [
      `New key ${newKeyId} is created, proven and issued as set ${groupForDisplay(setId)} (${issued.threshold}-of-${issued.total}, ` +
        `waiting for its ceremony). Sheets written to ${opts.pdf}:`,
      ...issued.sheets.map((s) => `  sheet ${s.index}.${s.copy} -> ${s.custodianName}`),
      `The old key ${oldKeyId} stays active until set ${setId} is active. Next:`,
      `  1. print ${opts.pdf}; hand each sheet over in a sealed bag (custos ceremony handover --set ${setId} --sheet 1.1 --custodian ID --bag SERIAL)`,
      `  2. scan every printed sheet back (custos ceremony verify --set ${setId} IMAGES...)`,
      `  3. activate it (custos ceremony activate --set ${setId}); destroy nothing of the old set before this`,
      `  4. pipe your own IAM key (a bundle of kind "aws-access-key") into "custos aws rotate --connect --yes --user ${user} ` +
        `--key-id ${oldKeyId}": it proves ${newKeyId} still works, then deactivates and deletes the old key. ` +
        'A release cannot be granted twice, and its grant JSON must not be kept.',
    ].join('\n')
  }
  if (result.waitingFor === 'other-signer') {
    return (
      `Old key ${oldKeyId} is inactive (revoked); the new key ${newKeyId} is in the active set ${setId}. ` +
      'An inactive key cannot sign its own deletion: run again with --yes and your own IAM key on stdin ' +
      `with --user ${user} --key-id ${oldKeyId}, or delete it offline and "custos aws record delete".`
    )
  }
  return `New key ${newKeyId} in the active set ${setId}; old key ${oldKeyId} is ${result.oldKeyStatus}. Run again with --yes to delete it.`
}

/** The core's refusals in this command line's words: which flags to give. */
function withCliWords(error: unknown): unknown {
  if (!isCustosError(error)) return error
  const d = error.details ?? {}
  if (error.code === 'USAGE' && d.step === 'issue-new-key') {
    return new CustosError(
      'USAGE',
      'The new key is issued as a new set through the issuance ceremony: give --method ID (the method it protects) ' +
        'and --pdf FILE (where to write its sheets).',
      d,
    )
  }
  if (error.code === 'SET_NOT_READY' && d.step === 'ceremony') {
    const s = String(d.setId)
    return new CustosError(
      'SET_NOT_READY',
      `${error.message} (custos ceremony verify --set ${s} IMAGES..., custos ceremony handover --set ${s} ..., ` +
        `custos ceremony activate --set ${s}; or custos ceremony abandon --set ${s} --note WHY)`,
      d,
    )
  }
  if (error.code === 'AWS_STEP_NEEDS_CONFIRMATION') return new CustosError(error.code, `${error.message} (--yes confirms)`, d)
  return error
}

function printProgress(ctx: CliContext, opts: { json?: boolean }, lines: string[]): void {
  if (!opts.json) for (const line of lines) ctx.io.stderr(`${line}\n`)
}

// ---- offline ---------------------------------------------------------------------------------------

async function offline(ctx: CliContext, purpose: 'status' | 'revoke' | 'rotate', opts: CommonOptions): Promise<CommandOutput> {
  if (!opts.user || !opts.keyId) {
    throw new CustosError(
      'USAGE',
      'Offline mode prints the AWS CLI commands to run elsewhere; name the key with --user NAME --key-id AKIA..., ' +
        'or add --connect to let Custos reach AWS IAM for this step.',
    )
  }
  const { target, steps } = await apiFor(ctx, opts).call('aws.offlineSteps', { purpose, userName: opts.user, accessKeyId: opts.keyId })
  const text = [
    'Custos stays offline (add --connect to let it call AWS IAM itself). Run these on a machine with AWS CLI access,',
    `signed in with a credential allowed to manage ${target.userName}'s keys, then record each result here:`,
    '',
    ...steps.flatMap((s, i) => [`${i + 1}. ${s.title}`, `   $ ${s.command}`, ...(s.record ? [`   then: ${s.record}`] : []), '']),
  ].join('\n')
  return { json: { mode: 'offline', purpose, steps }, text }
}

async function runRecord(ctx: CliContext, step: string, opts: RecordOptions): Promise<CommandOutput> {
  if (step !== 'deactivate' && step !== 'delete' && step !== 'create' && step !== 'verify') {
    throw new CustosError('USAGE', `"${step}" is not a step; use deactivate, delete, create or verify.`)
  }
  const api = apiFor(ctx, opts)
  if (step !== 'create') {
    if (!opts.keyId) throw new CustosError('USAGE', `Name the key the ${step} acted on with --key-id AKIA....`)
    const reason = opts.reason as OperationInput<'aws.recordEvidence'>['reason']
    await api.call('aws.recordEvidence', {
      step,
      userName: opts.user,
      accessKeyId: opts.keyId,
      ...(reason ? { reason } : {}),
      ...(opts.requestId ? { requestId: opts.requestId } : {}),
      ...(opts.performedAt ? { performedAt: opts.performedAt } : {}),
      ...(opts.note ? { note: opts.note } : {}),
    })
    const performed = opts.performedAt ? new Date(opts.performedAt).toISOString() : ctx.clock.now().toISOString()
    return {
      json: { recorded: { step, userName: opts.user, accessKeyId: opts.keyId, performedAt: performed } },
      text: `Recorded: ${step} of ${opts.keyId} (${opts.user}) at ${performed}.`,
    }
  }
  if (!opts.replaces || !opts.method || !opts.pdf) {
    throw new CustosError(
      'USAGE',
      'The new key is issued as a new set through the issuance ceremony: give --replaces AKIA... (the key it replaces), ' +
        '--method ID (the method the set protects) and --pdf FILE (where to write its sheets).',
    )
  }
  const status = await api.call('vault.status', {})
  if (!status.initialized) throw new CustosError('VAULT_NOT_FOUND', `No Custos vault in ${status.dataDir}.`, { dataDir: status.dataDir })
  // The pasted JSON is read before anything is recorded: a bad paste changes nothing.
  const created = await readCreatedKey(ctx, opts)
  const done = await api.call('aws.recordCreated', {
    userName: opts.user,
    replaces: opts.replaces,
    credential: created,
    methodId: opts.method,
    ...(opts.label ? { label: opts.label } : {}),
    pageSize: pageSize(opts.pageSize),
    ...(opts.contact ? { emergencyContact: opts.contact } : {}),
    ...(opts.requestId ? { requestId: opts.requestId } : {}),
    ...(opts.performedAt ? { performedAt: opts.performedAt } : {}),
    ...(opts.note ? { note: opts.note } : {}),
    savePdf: true,
  })
  const { issued } = done
  if (done.savedPdf) warnSheetsOnDisk(ctx, done.savedPdf, done.setId)
  return {
    json: {
      recorded: { step: 'create', userName: opts.user, accessKeyId: done.accessKeyId, replaces: opts.replaces },
      setId: done.setId,
      pdf: done.savedPdf,
      sheets: issued.sheets.map(({ payload: _p, typedLines: _t, ...s }) => s),
      copies: issued.copies,
    },
    text: [
      `Recorded: create of ${done.accessKeyId} (${opts.user}). New set ${groupForDisplay(done.setId)} ` +
        `(${issued.threshold}-of-${issued.total}) issued; sheets written to ${opts.pdf}:`,
      ...issued.sheets.map((s) => `  sheet ${s.index}.${s.copy} -> ${s.custodianName}`),
      `Next: finish the ceremony of set ${done.setId} (print, custos ceremony handover / verify / activate), ` +
        `then deactivate and delete ${opts.replaces} (custos aws rotate --user ${opts.user} --key-id ${opts.replaces} prints the commands).`,
    ].join('\n'),
  }
}

// ---- alarm ---------------------------------------------------------------------------------------

async function runAlarm(
  ctx: CliContext,
  opts: { method: string; format: string; user?: string[]; accountId?: string; dataDir?: string },
): Promise<CommandOutput> {
  const format = opts.format.toLowerCase()
  if (format !== 'eventbridge' && format !== 'cloudformation') {
    throw new CustosError('USAGE', `--format ${opts.format}: use eventbridge or cloudformation.`)
  }
  const users = opts.user ?? []
  if (users.length > 1) throw new CustosError('USAGE', 'Give one --user; the logbook supplies any others it knows.')
  const alarm = await apiFor(ctx, opts).call('aws.alarm', {
    methodId: opts.method,
    ...(users[0] ? { userName: users[0] } : {}),
    ...(opts.accountId ? { accountId: opts.accountId } : {}),
  })
  const body = format === 'cloudformation' ? alarm.cloudformation : alarm.eventbridge
  const text =
    format === 'cloudformation'
      ? body
      : [body, '', '# Apply from a connected machine:', ...alarm.commands, '', ...alarm.notes.map((n) => `# ${n}`)].join('\n')
  return { json: { alarm, format }, text }
}

// ---- stdin and the terminal ------------------------------------------------------------------------

/**
 * The credential comes from stdin only (never argv or the environment): a bundle of kind
 * aws-access-key, or the JSON of "custos release grant --json" (its bundle, and the release it names).
 */
async function readCredential(ctx: CliContext): Promise<{ bundle: Bundle; releaseId?: string }> {
  if (ctx.io.isStdinTty) ctx.io.stderr('Paste the credential bundle JSON, then press Ctrl-D:\n')
  const text = await ctx.io.readStdin()
  if (!text.trim()) {
    throw new CustosError(
      'BUNDLE_INVALID',
      'No credential was given. Pipe the released bundle (custos release grant ... --json --to-pipe |) or your own IAM key ' +
        'as a bundle of kind "aws-access-key" to stdin.',
    )
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { bundle: asAwsBundle(parseBundleJson(text)) }
  }
  const grant = value as { releaseId?: unknown; bundle?: unknown }
  if (grant && typeof grant === 'object' && typeof grant.releaseId === 'string' && grant.bundle !== undefined) {
    return { bundle: asAwsBundle(parseBundle(grant.bundle)), releaseId: grant.releaseId }
  }
  return { bundle: asAwsBundle(parseBundle(value)) }
}

/** Accepts the AWS CLI's create-access-key JSON answer (or the offline step's printout), or a credential bundle, on stdin. */
async function readCreatedKey(ctx: CliContext, opts: RecordOptions): Promise<Bundle> {
  if (ctx.io.isStdinTty) ctx.io.stderr('Paste the JSON that "aws iam create-access-key" printed, then press Ctrl-D:\n')
  const text = await ctx.io.readStdin()
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new CustosError('BUNDLE_INVALID', 'The pasted text is not JSON. Paste the whole answer of "aws iam create-access-key --output json".')
  }
  const access = (value as { AccessKey?: Record<string, unknown> })?.AccessKey
  if (!access) return asAwsBundle(parseBundleJson(text))
  if (!opts.accountId) throw new CustosError('USAGE', 'Give the account id of the new key with --account-id 123456789012.')
  const parsed = AwsAccessKeyBundle.safeParse({
    kind: 'aws-access-key',
    accessKeyId: access.AccessKeyId,
    secretAccessKey: access.SecretAccessKey,
    accountId: opts.accountId,
    userName: access.UserName ?? opts.user,
  })
  if (!parsed.success) {
    throw new CustosError('BUNDLE_INVALID', `The pasted key is not usable: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`)
  }
  return parsed.data
}

function asAwsBundle(bundle: ReturnType<typeof parseBundleJson>): Bundle {
  if (bundle.kind !== 'aws-access-key') {
    throw new CustosError('BUNDLE_INVALID', `AWS aftercare needs a bundle of kind "aws-access-key", not "${bundle.kind}".`)
  }
  return bundle
}

function pageSize(text: string | undefined): 'A4' | 'LETTER' {
  const size = (text ?? 'a4').toUpperCase()
  if (size === 'A4' || size === 'LETTER') return size
  throw new CustosError('USAGE', `--page-size ${text}: use a4 or letter.`)
}

/** A yes/no on the terminal (stdin carries the credential, so /dev/tty); no terminal means no. */
async function askTty(ctx: CliContext, question: string): Promise<boolean> {
  let fd: number
  try {
    fd = openSync('/dev/tty', 'r+')
  } catch {
    ctx.io.stderr(`${question}\n(no terminal to ask on: answering no; run again with --yes to confirm)\n`)
    return false
  }
  const input = new ReadStream(fd)
  const output = new WriteStream(fd)
  const rl = createInterface({ input, output, terminal: true })
  try {
    const answer = await new Promise<string>((resolve) => rl.question(`${question} [y/N] `, resolve))
    return /^y(es)?$/i.test(answer.trim())
  } finally {
    rl.close()
    input.destroy()
    try {
      closeSync(fd)
    } catch {
      // already closed with the stream
    }
  }
}
