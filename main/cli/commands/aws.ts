// custos aws status|revoke|rotate|record: AWS IAM aftercare of a released access key. Without
// --connect nothing leaves the machine: the exact AWS CLI commands are printed instead.
import { openSync, closeSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { ReadStream, WriteStream } from 'node:tty'
import type { Command } from 'commander'
import { replacementOf, revokeProgress } from '../../../shared/aws-events'
import { AwsAccessKeyBundle, parseBundleJson, type AwsAccessKeyBundle as Bundle } from '../../../shared/bundle'
import { CustosError } from '../../../shared/errors'
import { aftercareLog, type AftercareLog } from '../../core/aws/aftercare-log'
import type { AftercareDeps, AftercareTarget } from '../../core/aws/aftercare-steps'
import { signerFromBundle } from '../../core/aws/aftercare-steps'
import { DEFAULT_IAM_ENDPOINT, destinationFromEndpoint } from '../../core/aws/allow-list'
import { checkKeys } from '../../core/aws/check-keys'
import { installNetworkGuard } from '../../core/aws/network-guard'
import { evidenceEvent, offlineSteps, type OfflinePurpose } from '../../core/aws/offline-commands'
import { revokeKey } from '../../core/aws/revoke-key'
import { rotateKey, type IssueNewKey } from '../../core/aws/rotate-key'
import { splitIssuer } from '../../core/aws/issue-rotated-key'
import { openLogbook } from '../../core/logbook/logbook-store'
import type { SplitResult } from '../../core/shares/split'
import { openVault, type OpenVault } from '../../core/vault/vault-store'
import type { CliContext } from '../context'
import { prepareEmptyDir } from '../files'
import { runCommand, type CommandOutput } from '../output'
import { parseInteger } from './split'
import { readBundleInput } from '../files'

interface CommonOptions {
  dataDir?: string
  endpoint?: string
  connect?: boolean
  yes?: boolean
  user?: string
  keyId?: string
  operator?: string
  json?: boolean
}

interface RotateOptions extends CommonOptions {
  out?: string
  threshold?: number
  shares?: number
  label?: string
}

export function registerAws(program: Command, ctx: CliContext): void {
  const aws = program
    .command('aws')
    .description('AWS IAM aftercare of a released key: status, revoke, rotate (offline unless --connect)')
  const common = (cmd: Command) =>
    cmd
      .option('--data-dir <dir>', 'vault directory')
      .option('--connect', 'connected mode: allow requests to the IAM endpoint for this step only (logged)')
      .option('--endpoint <url>', `IAM endpoint (default ${DEFAULT_IAM_ENDPOINT})`)
      .option('--user <name>', 'the break-glass IAM user (default: the userName of the bundle on stdin)')
      .option('--key-id <id>', 'the released access key id (default: the accessKeyId of the bundle on stdin)')
      .option('--operator <name>', 'who is acting, for the logbook (default: $USER)')
      .option('--json', 'print JSON')

  common(aws.command('status').description('list the user\'s keys and when the released key was last used')).action(
    async (opts: CommonOptions) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), () => runStatus(ctx, opts))
    },
  )
  common(aws.command('revoke').description('deactivate the released key, then delete it after confirmation'))
    .option('--yes', 'confirm deletion without asking')
    .action(async (opts: CommonOptions) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), () => runRevoke(ctx, opts))
    })
  common(aws.command('rotate').description('create and prove a new key, split it into a new set, retire the old key'))
    .option('--yes', 'confirm deletions without asking')
    .option('--out <dir>', 'empty or new directory for the new set\'s share files')
    .option('--threshold <k>', 'shares needed to recover (default: as the latest set)', parseInteger)
    .option('--shares <n>', 'shares to make (default: as the latest set)', parseInteger)
    .option('--label <text>', 'text printed on every sheet (default: as the latest set)')
    .action(async (opts: RotateOptions) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), () => runRotate(ctx, opts))
    })
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
    .option('--out <dir>', 'create: empty or new directory for the new set\'s share files')
    .option('--threshold <k>', 'create: shares needed to recover', parseInteger)
    .option('--shares <n>', 'create: shares to make', parseInteger)
    .option('--label <text>', 'create: text printed on every sheet')
    .option('--operator <name>', 'who is acting, for the logbook (default: $USER)')
    .option('--json', 'print JSON')
    .action(async (step: string, opts: RecordOptions) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), () => runRecord(ctx, step, opts))
    })
}

// ---- status / revoke / rotate ------------------------------------------------------------------

async function runStatus(ctx: CliContext, opts: CommonOptions): Promise<CommandOutput> {
  if (!opts.connect) return offline(ctx, 'status', opts)
  return withAftercare(ctx, opts, async ({ deps, signer, target }) => {
    const check = await checkKeys(deps, signerFromBundle(signer), target)
    const lines = check.keys.map(
      (k) => `  ${k.accessKeyId}  ${k.status.padEnd(8)}  created ${k.createDate}${k.isTarget ? '  <- released key' : ''}`,
    )
    const used = check.target.lastUsed
    const usedLine = !check.target.exists
      ? `${target.accessKeyId} no longer exists in AWS.`
      : used?.date
        ? `${target.accessKeyId} was last used ${used.date} (${used.serviceName}, ${used.region}).`
        : `${target.accessKeyId} has no recorded use.`
    return {
      json: { check },
      text: `Access keys of ${check.userName}:\n${lines.join('\n') || '  (none)'}\n${usedLine}`,
    }
  })
}

async function runRevoke(ctx: CliContext, opts: CommonOptions): Promise<CommandOutput> {
  if (!opts.connect) return offline(ctx, 'revoke', opts)
  return withAftercare(ctx, opts, async ({ deps, signer, target, log }) => {
    const result = await revokeKey(deps, signerFromBundle(signer), target)
    const progress = revokeProgress(log.state().aws, target.accessKeyId)
    return {
      json: { result, revoke: progress },
      text:
        result.status === 'deleted'
          ? `${target.accessKeyId} is revoked and deleted.`
          : `${target.accessKeyId} is revoked (inactive). It is not deleted yet: run again with --yes to delete it.`,
    }
  })
}

async function runRotate(ctx: CliContext, opts: RotateOptions): Promise<CommandOutput> {
  if (!opts.connect) return offline(ctx, 'rotate', opts)
  return withAftercare(ctx, opts, async ({ deps, signer, target: given, log, vault }) => {
    // Resuming with the new key's bundle: the key to retire is the one it replaces.
    const known = log.state().aws.keys[signer.accessKeyId]
    const target = !opts.keyId && known?.replaces ? { ...given, accessKeyId: known.replaces } : given
    // Issuance needs --out and K/N only if the new key is not issued yet; check before connecting.
    const needsIssue = !replacementOf(log.state().aws, target.accessKeyId)?.issuedSetId
    const issue: IssueNewKey = needsIssue
      ? splitIssuer({ log, vaultKey: vault.key, ...splitPolicy(log, opts), deliver: shareWriter(opts.out) })
      : async () => {
          throw new CustosError('AWS_STATE_CONFLICT', 'The new key is already issued; Custos will not split it again.')
        }
    const signerIsTarget = signer.accessKeyId === target.accessKeyId
    const result = await rotateKey(deps, signerFromBundle(signer), {
      ...target,
      ...(signerIsTarget ? { accountId: signer.accountId, ...(signer.notes ? { notes: signer.notes } : {}) } : {}),
    }, issue)
    const text = result.complete
      ? `Rotation complete: new key ${result.newKeyId}${result.setId ? ` in set ${result.setId}` : ''}; old key ${result.oldKeyId} deleted.`
      : `New key ${result.newKeyId}${result.setId ? ` in set ${result.setId}` : ''}; old key ${result.oldKeyId} is ${result.oldKeyStatus}. ` +
        'Run again with --yes to delete it.'
    return { json: { result }, text: text + (result.done.includes('issued') && opts.out ? `\nNew share files are in ${opts.out}.` : '') }
  })
}

interface AftercareRun {
  deps: AftercareDeps
  signer: Bundle
  target: AftercareTarget
  log: AftercareLog
  vault: OpenVault
}

async function withAftercare(ctx: CliContext, opts: CommonOptions, body: (run: AftercareRun) => Promise<CommandOutput>): Promise<CommandOutput> {
  // The whole CLI process is air-gapped from here on; connected mode opens one destination.
  installNetworkGuard()
  const endpoint = opts.endpoint ?? DEFAULT_IAM_ENDPOINT
  destinationFromEndpoint(endpoint)
  const vault = openVault(ctx.dataDir(opts.dataDir))
  const signer = await readCredential(ctx)
  const target: AftercareTarget = { userName: opts.user ?? signer.userName, accessKeyId: opts.keyId ?? signer.accessKeyId }
  checkTarget(target)
  const book = openLogbook(vault.dataDir, vault.key, { clock: ctx.clock })
  try {
    const log = aftercareLog(book, actorOf(ctx, opts))
    const deps: AftercareDeps = {
      log,
      clock: ctx.clock,
      endpoint,
      confirm: confirmer(ctx, Boolean(opts.yes)),
      progress: (line) => {
        if (!opts.json) ctx.io.stderr(`${line}\n`)
      },
    }
    return await body({ deps, signer, target, log, vault })
  } finally {
    book.close()
  }
}

function offline(ctx: CliContext, purpose: OfflinePurpose, opts: CommonOptions): Promise<CommandOutput> {
  if (!opts.user || !opts.keyId) {
    throw new CustosError(
      'USAGE',
      'Offline mode prints the AWS CLI commands to run elsewhere; name the key with --user NAME --key-id AKIA..., ' +
        'or add --connect to let Custos reach AWS IAM for this step.',
    )
  }
  const target = { userName: opts.user, accessKeyId: opts.keyId }
  checkTarget(target)
  const steps = offlineSteps(purpose, target, opts.endpoint ? { endpoint: opts.endpoint } : {})
  const text = [
    `Custos stays offline (add --connect to let it call AWS IAM itself). Run these on a machine with AWS CLI access,`,
    `signed in with a credential allowed to manage ${target.userName}'s keys, then record each result here:`,
    '',
    ...steps.flatMap((s, i) => [`${i + 1}. ${s.title}`, `   $ ${s.command}`, ...(s.record ? [`   then: ${s.record}`] : []), '']),
  ].join('\n')
  void ctx
  return Promise.resolve({ json: { mode: 'offline', purpose, steps }, text })
}

// ---- record (offline evidence) -------------------------------------------------------------------

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
  out?: string
  threshold?: number
  shares?: number
  label?: string
  operator?: string
  json?: boolean
}

async function runRecord(ctx: CliContext, step: string, opts: RecordOptions): Promise<CommandOutput> {
  if (step !== 'deactivate' && step !== 'delete' && step !== 'create' && step !== 'verify') {
    throw new CustosError('USAGE', `"${step}" is not a step; use deactivate, delete, create or verify.`)
  }
  const vault = openVault(ctx.dataDir(opts.dataDir))
  const performedAt = opts.performedAt ?? ctx.clock.now().toISOString()
  // For create, the pasted JSON is read before the log opens: a bad paste changes nothing.
  const created = step === 'create' ? await readCreatedKey(ctx, opts) : undefined
  const keyId = created?.accessKeyId ?? opts.keyId
  if (!keyId) throw new CustosError('USAGE', `Name the key the ${step} acted on with --key-id AKIA....`)
  const event = evidenceEvent({
    step,
    userName: opts.user,
    accessKeyId: keyId,
    ...(opts.replaces ? { replaces: opts.replaces } : {}),
    ...(opts.reason ? { reason: opts.reason } : {}),
    ...(opts.requestId ? { requestId: opts.requestId } : {}),
    performedAt,
    ...(opts.note ? { note: opts.note } : {}),
  })
  const book = openLogbook(vault.dataDir, vault.key, { clock: ctx.clock })
  try {
    const log = aftercareLog(book, actorOf(ctx, opts))
    let setId: string | undefined
    if (created) {
      if (!opts.replaces) throw new CustosError('USAGE', 'Name the key the new one replaces with --replaces AKIA....')
      const issue = splitIssuer({ log, vaultKey: vault.key, ...splitPolicy(log, opts), deliver: shareWriter(opts.out) })
      log.append(event)
      setId = (await issue(created)).setId
    } else {
      log.append(event)
    }
    return {
      json: { recorded: event, ...(setId ? { setId } : {}) },
      text: `Recorded: ${step} of ${keyId} (${opts.user}) at ${event.performedAt}.${setId ? ` New set ${setId} issued${opts.out ? ` to ${opts.out}` : ''}.` : ''}`,
    }
  } finally {
    book.close()
  }
}

/** Accepts the AWS CLI's create-access-key JSON answer, or a credential bundle, on stdin. */
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
  return asAwsBundle(
    AwsAccessKeyBundle.parse({
      kind: 'aws-access-key',
      accessKeyId: access.AccessKeyId,
      secretAccessKey: access.SecretAccessKey,
      accountId: opts.accountId,
      userName: access.UserName ?? opts.user,
    }),
  )
}

// ---- helpers ------------------------------------------------------------------------------------

/** The credential comes from stdin only (never argv or the environment): a bundle of kind aws-access-key. */
async function readCredential(ctx: CliContext): Promise<Bundle> {
  const bundle = await readBundleInput(
    ctx,
    undefined,
    'Pipe the released bundle (custos combine ... |) or your own IAM key as a bundle of kind "aws-access-key" to stdin.',
  )
  return asAwsBundle(bundle)
}

function asAwsBundle(bundle: ReturnType<typeof parseBundleJson>): Bundle {
  if (bundle.kind !== 'aws-access-key') {
    throw new CustosError('BUNDLE_INVALID', `AWS aftercare needs a bundle of kind "aws-access-key", not "${bundle.kind}".`)
  }
  return bundle
}

function checkTarget(target: AftercareTarget): void {
  if (!/^AKIA[A-Z0-9]{16}$/.test(target.accessKeyId)) {
    throw new CustosError('USAGE', `"${target.accessKeyId}" is not an access key id (20 characters starting with AKIA).`)
  }
  if (!/^[\w+=,.@-]{1,64}$/.test(target.userName)) throw new CustosError('USAGE', `"${target.userName}" is not an IAM user name.`)
}

function actorOf(ctx: CliContext, opts: { operator?: string }): string {
  return (opts.operator ?? ctx.env.USER ?? 'operator').slice(0, 100)
}

function splitPolicy(log: AftercareLog, opts: { threshold?: number; shares?: number; label?: string }) {
  const sets = Object.values(log.state().sets)
  const latest = sets[sets.length - 1]
  const threshold = opts.threshold ?? latest?.threshold
  const total = opts.shares ?? latest?.total
  if (threshold === undefined || total === undefined) {
    throw new CustosError('USAGE', 'This vault has no earlier set to copy K and N from; give --threshold K --shares N.')
  }
  const label = opts.label ?? latest?.label
  return { threshold, total, ...(label ? { label } : {}) }
}

/** Writes the new set's share files like `custos split` does (0600, exclusive create). */
function shareWriter(out: string | undefined): (result: SplitResult) => Promise<void> {
  if (!out) throw new CustosError('USAGE', 'Give --out DIR: an empty or new directory for the new set\'s share files.')
  prepareEmptyDir(out)
  return async (result) => {
    const { setId, total } = result.header
    result.payloads.forEach((payload, i) => {
      writeFileSync(join(out, `${setId}-share-${i + 1}-of-${total}.txt`), payload + '\n', { mode: 0o600, flag: 'wx' })
    })
  }
}

/** --yes answers yes; otherwise ask on the terminal (stdin carries the credential, so /dev/tty); no terminal means no. */
function confirmer(ctx: CliContext, yes: boolean): (question: string) => Promise<boolean> {
  return async (question) => {
    if (yes) return true
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
}
