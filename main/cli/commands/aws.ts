// custos aws status|revoke|rotate|record: AWS IAM aftercare of a released access key. Without
// --connect nothing leaves the machine: the exact AWS CLI commands are printed instead.
import { openSync, closeSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { ReadStream, WriteStream } from 'node:tty'
import type { Command } from 'commander'
import { revokeProgress } from '../../../shared/aws-events'
import { AwsAccessKeyBundle, parseBundle, parseBundleJson, type AwsAccessKeyBundle as Bundle } from '../../../shared/bundle'
import { CustosError } from '../../../shared/errors'
import { groupForDisplay } from '../../../shared/share-format'
import { aftercareLog, type AftercareLog } from '../../core/aws/aftercare-log'
import type { AftercareDeps, AftercareTarget } from '../../core/aws/aftercare-steps'
import { signerFromBundle } from '../../core/aws/aftercare-steps'
import { DEFAULT_IAM_ENDPOINT, destinationFromEndpoint } from '../../core/aws/allow-list'
import { ceremonyIssuer } from '../../core/aws/ceremony-issuer'
import { checkKeys } from '../../core/aws/check-keys'
import { installNetworkGuard } from '../../core/aws/network-guard'
import { evidenceEvent, offlineSteps, type OfflinePurpose } from '../../core/aws/offline-commands'
import { revokeKey } from '../../core/aws/revoke-key'
import { rotateKey, type RotateResult } from '../../core/aws/rotate-key'
import type { CeremonyContext } from '../../core/ceremonies/ceremony-context'
import type { IssuedSheets } from '../../core/ceremonies/issue-sheets'
import { openLogbook, type Logbook } from '../../core/logbook/logbook-store'
import { openVault, type OpenVault } from '../../core/vault/vault-store'
import type { CliContext } from '../context'
import { runCommand, type CommandOutput } from '../output'
import { pageSizeOption, pdfFileDelivery } from '../sheets-pdf-file'

/** Where the credential comes from, for every aws command's help. */
const CREDENTIAL_HELP = `
The credential that signs the AWS requests is read from stdin only, never from argv, AWS_*
variables or ~/.aws: a bundle of kind "aws-access-key" (the released key, or your own IAM key in
the same JSON form), or the JSON that "custos release grant --json --to-pipe" prints (its "bundle"
is used, and its release names the method for rotate). A release never stores the credential
anywhere, so "the release in progress" means piping that grant straight in, e.g.
  custos release grant --release REL --present ... --json --to-pipe | custos aws revoke --connect
or, in the desktop app, the aftercare screen handing the released key over in memory.`
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
  method?: string
  pdf?: string
  label?: string
  pageSize?: string
  contact?: string
}

export function registerAws(program: Command, ctx: CliContext): void {
  const aws = program
    .command('aws')
    .description('AWS IAM aftercare of a released key: status, revoke, rotate (offline unless --connect)')
    .addHelpText('after', CREDENTIAL_HELP)
  const common = (cmd: Command) =>
    cmd
      .option('--data-dir <dir>', 'vault directory')
      .option('--connect', 'connected mode: allow requests to the IAM endpoint for this step only (logged)')
      .option('--endpoint <url>', `IAM endpoint (default ${DEFAULT_IAM_ENDPOINT})`)
      .option('--user <name>', 'the break-glass IAM user (default: the piped release\'s user, else the bundle\'s userName)')
      .option('--key-id <id>', 'the released access key id (default: the piped release\'s key, else the bundle\'s accessKeyId)')
      .option('--operator <name>', 'who is acting, for the logbook (default: $USER)')
      .option('--json', 'print JSON')
      .addHelpText('after', CREDENTIAL_HELP)

  common(aws.command('status').description('list the user\'s keys and when the released key was last used')).action(
    async (opts: CommonOptions) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), () => runStatus(ctx, opts))
    },
  )
  common(aws.command('revoke').description('deactivate the released key, then delete it after confirmation'))
    .option('--yes', 'confirm deletion without asking')
    .action(async (opts: CommonOptions) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), () => runRotateOrRevoke(ctx, 'revoke', opts))
    })
  common(
    aws
      .command('rotate')
      .description(
        'create and prove a new key, issue it as a new set through the issuance ceremony; once that set is active, ' +
          'run again to deactivate and delete the old key',
      ),
  )
    .option('--yes', 'confirm deletions without asking')
    .option('--method <id>', 'the method the new set protects (K-of-N and copies from its policy; default: the release\'s method)')
    .option('--pdf <file>', 'where to write the new set\'s printable sheets')
    .option('--label <text>', 'text printed on every sheet (default: as the method\'s active set)')
    .option('--page-size <size>', 'a4 or letter', 'a4')
    .option('--contact <text>', 'whom to call in an emergency, printed on every sheet')
    .action(async (opts: RotateOptions) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), () => runRotateOrRevoke(ctx, 'rotate', opts))
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
    .option('--method <id>', 'create: the method the new set protects (K-of-N and copies from its policy)')
    .option('--pdf <file>', 'create: where to write the new set\'s printable sheets')
    .option('--label <text>', 'create: text printed on every sheet (default: as the method\'s active set)')
    .option('--page-size <size>', 'create: a4 or letter', 'a4')
    .option('--contact <text>', 'create: whom to call in an emergency, printed on every sheet')
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

function runRotateOrRevoke(ctx: CliContext, purpose: 'revoke' | 'rotate', opts: RotateOptions): Promise<CommandOutput> {
  if (!opts.connect) return offline(ctx, purpose, opts)
  return purpose === 'revoke' ? runRevoke(ctx, opts) : runRotate(ctx, opts)
}

async function runRevoke(ctx: CliContext, opts: CommonOptions): Promise<CommandOutput> {
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
  return withAftercare(ctx, opts, async ({ deps, signer, target: given, log, ceremony, release }) => {
    // Resuming with the new key's bundle: the key to retire is the one it replaces.
    const known = log.state().aws.keys[signer.accessKeyId]
    const target = !opts.keyId && known?.replaces ? { ...given, accessKeyId: known.replaces } : given
    const methodId = opts.method ?? release?.methodId
    const pdf = opts.pdf ? pdfFileDelivery(opts.pdf) : undefined
    let issued: IssuedSheets | undefined
    const issuer = ceremonyIssuer({
      ctx: ceremony,
      methodId: methodId ?? '',
      ...(opts.label ? { label: opts.label } : {}),
      pageSize: pageSizeOption(opts.pageSize),
      ...(opts.contact ? { emergencyContact: opts.contact } : {}),
      // Checked before anything reaches AWS: a new key must have somewhere to go.
      check: () => {
        if (!methodId || !pdf) {
          throw new CustosError(
            'USAGE',
            'The new key is issued as a new set through the issuance ceremony: give --method ID (the method it protects) ' +
              'and --pdf FILE (where to write its sheets).',
          )
        }
        pdf.check()
      },
      ...(pdf ? { deliver: pdf.deliver } : {}),
      onIssued: (r) => (issued = r),
    })
    const signerIsTarget = signer.accessKeyId === target.accessKeyId
    let result: RotateResult
    try {
      result = await rotateKey(deps, signerFromBundle(signer), {
        ...target,
        ...(signerIsTarget ? { accountId: signer.accountId, ...(signer.notes ? { notes: signer.notes } : {}) } : {}),
      }, issuer)
    } catch (error) {
      if (!issued) pdf?.discard()
      throw error
    }
    return { json: { result, ...(issued ? issuedJson(issued, opts.pdf!) : {}) }, text: rotateText(result, issued, opts) }
  })
}

function issuedJson(issued: IssuedSheets, pdf: string) {
  return { pdf, sheets: issued.issued.sheets.map(({ payload: _p, ...s }) => s), copies: issued.copies }
}

function rotateText(result: RotateResult, issued: IssuedSheets | undefined, opts: RotateOptions): string {
  const { oldKeyId, newKeyId, setId } = result
  if (result.complete) {
    return `Rotation complete: new key ${newKeyId}${setId ? ` in set ${setId}` : ''}; old key ${oldKeyId} deleted.`
  }
  if (result.waitingFor === 'ceremony' && issued && setId) {
    const { header, sheets } = issued.issued
    return [
      `New key ${newKeyId} is created, proven and issued as set ${groupForDisplay(setId)} (${header.threshold}-of-${header.total}, ` +
        `waiting for its ceremony). Sheets written to ${opts.pdf}:`,
      ...sheets.map((s) => `  sheet ${s.index}.${s.copy} -> ${s.custodianName}`),
      `The old key ${oldKeyId} stays active until set ${setId} is active. Next:`,
      `  1. print ${opts.pdf}; hand each sheet over in a sealed bag (custos ceremony handover --set ${setId} --sheet 1.1 --custodian ID --bag SERIAL)`,
      `  2. scan every printed sheet back (custos ceremony verify --set ${setId} IMAGES...)`,
      `  3. activate it (custos ceremony activate --set ${setId}); destroy nothing of the old set before this`,
      '  4. run "custos aws rotate --connect" again (same credential on stdin) to deactivate and delete the old key.',
    ].join('\n')
  }
  if (result.waitingFor === 'other-signer') {
    return (
      `Old key ${oldKeyId} is inactive (revoked); the new key ${newKeyId} is in the active set ${setId}. ` +
      'An inactive key cannot sign its own deletion: run again with --yes and your own IAM credential (or the new ' +
      `set's bundle) on stdin with --user NAME --key-id ${oldKeyId}, or delete it offline and "custos aws record delete".`
    )
  }
  return (
    `New key ${newKeyId} in the active set ${setId}; old key ${oldKeyId} is ${result.oldKeyStatus}. ` +
    'Run again with --yes to delete it.'
  )
}

interface AftercareRun {
  deps: AftercareDeps
  signer: Bundle
  target: AftercareTarget
  log: AftercareLog
  vault: OpenVault
  /** The ceremony services over the same logbook (issuance of a rotated key). */
  ceremony: CeremonyContext
  /** The release the credential came from, when stdin carried a grant's JSON. */
  release?: { releaseId: string; methodId: string }
}

async function withAftercare(ctx: CliContext, opts: CommonOptions, body: (run: AftercareRun) => Promise<CommandOutput>): Promise<CommandOutput> {
  // The whole CLI process is air-gapped from here on; connected mode opens one destination.
  installNetworkGuard()
  const endpoint = opts.endpoint ?? DEFAULT_IAM_ENDPOINT
  destinationFromEndpoint(endpoint)
  const vault = openVault(ctx.dataDir(opts.dataDir))
  const credential = await readCredential(ctx)
  const signer = credential.bundle
  const book = openLogbook(vault.dataDir, vault.key, { clock: ctx.clock })
  try {
    const release = credential.releaseId ? releaseOf(book, credential.releaseId) : undefined
    const target: AftercareTarget = {
      userName: opts.user ?? release?.userName ?? signer.userName,
      accessKeyId: opts.keyId ?? release?.accessKeyId ?? signer.accessKeyId,
    }
    checkTarget(target)
    const actor = actorOf(ctx, opts)
    const log = aftercareLog(book, actor)
    const deps: AftercareDeps = {
      log,
      clock: ctx.clock,
      endpoint,
      confirm: confirmer(ctx, Boolean(opts.yes)),
      progress: (line) => {
        if (!opts.json) ctx.io.stderr(`${line}\n`)
      },
    }
    const ceremony: CeremonyContext = { log: book, key: vault.key, clock: ctx.clock, actor, dataDir: vault.dataDir }
    return await body({ deps, signer, target, log, vault, ceremony, ...(release ? { release } : {}) })
  } finally {
    book.close()
  }
}

/** The release a piped grant names; its AWS key and user are the defaults to act on. */
function releaseOf(book: Logbook, releaseId: string): { releaseId: string; methodId: string; accessKeyId?: string; userName?: string } {
  const release = book.state().releases[releaseId]
  if (!release?.granted) {
    throw new CustosError('RELEASE_NOT_FOUND', `The grant on stdin names release ${releaseId}, which this vault has not granted. Check --data-dir.`)
  }
  return {
    releaseId,
    methodId: release.methodId,
    ...(release.granted.accessKeyId ? { accessKeyId: release.granted.accessKeyId } : {}),
    ...(release.granted.awsUserName ? { userName: release.granted.awsUserName } : {}),
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
  method?: string
  pdf?: string
  label?: string
  pageSize?: string
  contact?: string
  operator?: string
  json?: boolean
}

async function runRecord(ctx: CliContext, step: string, opts: RecordOptions): Promise<CommandOutput> {
  if (step !== 'deactivate' && step !== 'delete' && step !== 'create' && step !== 'verify') {
    throw new CustosError('USAGE', `"${step}" is not a step; use deactivate, delete, create or verify.`)
  }
  if (step === 'create' && (!opts.replaces || !opts.method || !opts.pdf)) {
    throw new CustosError(
      'USAGE',
      'The new key is issued as a new set through the issuance ceremony: give --replaces AKIA... (the key it replaces), ' +
        '--method ID (the method the set protects) and --pdf FILE (where to write its sheets).',
    )
  }
  const vault = openVault(ctx.dataDir(opts.dataDir))
  const performedAt = opts.performedAt ?? ctx.clock.now().toISOString()
  const pdf = step === 'create' ? pdfFileDelivery(opts.pdf!) : undefined
  pdf?.check()
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
    const actor = actorOf(ctx, opts)
    const log = aftercareLog(book, actor)
    if (!created) {
      log.append(event)
      return {
        json: { recorded: event },
        text: `Recorded: ${step} of ${keyId} (${opts.user}) at ${event.performedAt}.`,
      }
    }
    // The evidence of creation and the new set are recorded in one transaction, after the sheets exist.
    let issued: IssuedSheets | undefined
    const issuer = ceremonyIssuer({
      ctx: { log: book, key: vault.key, clock: ctx.clock, actor, dataDir: vault.dataDir },
      methodId: opts.method!,
      ...(opts.label ? { label: opts.label } : {}),
      pageSize: pageSizeOption(opts.pageSize),
      ...(opts.contact ? { emergencyContact: opts.contact } : {}),
      deliver: pdf!.deliver,
      recordBefore: [event],
      onIssued: (r) => (issued = r),
    })
    try {
      issuer.check()
      await issuer.issue(created)
    } catch (error) {
      pdf!.discard()
      throw error
    }
    const { header, sheets } = issued!.issued
    return {
      json: { recorded: event, setId: header.setId, ...issuedJson(issued!, opts.pdf!) },
      text: [
        `Recorded: create of ${keyId} (${opts.user}) at ${event.performedAt}. New set ${groupForDisplay(header.setId)} ` +
          `(${header.threshold}-of-${header.total}) issued; sheets written to ${opts.pdf}:`,
        ...sheets.map((s) => `  sheet ${s.index}.${s.copy} -> ${s.custodianName}`),
        `Next: finish the ceremony of set ${header.setId} (print, custos ceremony handover / verify / activate), ` +
          `then deactivate and delete ${opts.replaces} (custos aws rotate --user ${opts.user} --key-id ${opts.replaces} prints the commands).`,
      ].join('\n'),
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
      'No credential was given. Pipe the released bundle (custos release grant ... --json --to-pipe |, or custos combine ... |) ' +
        'or your own IAM key as a bundle of kind "aws-access-key" to stdin.',
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
