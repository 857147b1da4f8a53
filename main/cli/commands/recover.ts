// custos recover: the credential from K sheets on any machine, without the vault: every
// sheet is checked against the vault fingerprint from the runbook (format 2 sheets carry
// the public key; format 1 needs --public-key or --skip-authenticity), and a receipt signed
// with the set's receipt key is written. Never reads or makes a data directory.
// Also `custos release import-receipt FILE`: records such a receipt in the vault as a release.
import { existsSync, writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { serializeBundle } from '../../../shared/bundle'
import { CustosError, type ErrorInfo } from '../../../shared/errors'
import { cliSession } from '../api-client'
import type { CliContext } from '../context'
import { readTextFile } from '../files'
import { runCommand } from '../output'
import { askEach } from '../prompt'
import { readSheetItems } from '../share-inputs'
import { requestFields, withRequestFlags, type RequestFlags } from '../request-flags'

interface RecoverOpts extends RequestFlags {
  fingerprint: string
  receipt: string
  publicKey?: string
  skipAuthenticity?: boolean
  typed?: boolean
  toPipe?: boolean
  json?: boolean
  reason?: string
}

/** The request fields in the order they are asked: flag, question. */
const FIELDS: [keyof RecoverOpts, string][] = [
  ['ticket', 'Incident ticket'],
  ['justification', 'Why the credential is needed'],
  ['risk', 'Business risk and impact'],
  ['whyNotNormal', 'Why normal access cannot be used'],
  ['requesterName', 'Requester name'],
  ['requesterTeam', 'Requester team'],
  ['requesterArea', 'Requester area'],
  ['ownerTeam', 'Team owning the resource'],
  ['ownerContacts', 'How to reach the resource owner'],
  ['useCase', 'Use case'],
  ['operator', 'Operator (the one person who receives the credential)'],
  ['reason', 'Why the vault itself cannot be used'],
]

const FLAG: Record<string, string> = {
  ticket: '--ticket', justification: '--justification', risk: '--risk', whyNotNormal: '--why-not-normal',
  requesterName: '--requester-name', requesterTeam: '--requester-team', requesterArea: '--requester-area',
  ownerTeam: '--owner-team', ownerContacts: '--owner-contacts', useCase: '--use-case', operator: '--operator', reason: '--reason',
}

export function registerRecover(program: Command, ctx: CliContext): void {
  const recover = program
    .command('recover')
    .description('recover the credential from K sheets on any machine, without the vault; writes a signed receipt')
    .argument('[sheets...]', 'share files, or PNG/JPEG photos or scans of sheets')
    .requiredOption('--fingerprint <fp>', 'the vault fingerprint as printed on the runbook (e.g. E2EJ-2WDW-NYBR-7E2T)')
    .requiredOption('--receipt <file>', 'new file for the signed recovery receipt (import it later with custos release import-receipt)')
    .option('--typed', 'also read shares typed from the sheets (interactively, or piped to stdin)')
    .option('--public-key <base64>', 'format 1 sheets: the vault public key printed on the runbook (or publicKey in vault.json)')
    .option('--skip-authenticity', 'format 1 sheets without a public key: recover WITHOUT checking signatures (recorded in the receipt)')
    .option('--to-pipe', 'allow printing the credential when stdout is not a terminal (a pipe or a file you chose)')
    .option('--reason <text>', 'why the vault itself cannot be used')
  withRequestFlags(recover, 'what the credential is used for')
    .option('--json', 'print JSON')
    .action(async (files: string[], o: RecoverOpts) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(o.json), async () => {
        // Checked before anything is read: the credential goes only to the terminal that asked.
        if (!ctx.io.isStdoutTty && !o.toPipe) {
          throw new CustosError(
            'NOT_A_TERMINAL',
            'The credential is printed only to the terminal that asked, and stdout is not a terminal. ' +
              'Run this in a terminal, or add --to-pipe if you really mean to send it to a pipe or file.',
          )
        }
        if (existsSync(o.receipt)) {
          throw new CustosError('OUTPUT_DIR_NOT_EMPTY', `${o.receipt} already exists. Choose a new file name for --receipt so no receipt is overwritten.`, { path: o.receipt })
        }
        if (files.length === 0 && !o.typed) {
          throw new CustosError('USAGE', 'Name the sheets to recover from, e.g. custos recover --fingerprint FP --receipt r.json sheet-1.jpg sheet-2.jpg sheet-3.jpg, or use --typed.')
        }
        await completeRequest(ctx, o)
        // No vault: the session's data directory is never touched by the operations used here.
        const session = cliSession(ctx, undefined)
        const items = await readSheetItems(ctx, session, files, { typed: Boolean(o.typed) })
        const unread = items.filter((i): i is { source: string; unread: ErrorInfo } => 'unread' in i)
        const sheets = items.filter((i): i is { source: string; payload: string } => 'payload' in i)
        if (sheets.length === 0 && unread[0]) throw new CustosError(unread[0].unread.code, unread[0].unread.message, unread[0].unread.details)
        const result = await session.call('recovery.recover', {
          sheets,
          fingerprint: o.fingerprint,
          ...(o.publicKey !== undefined ? { publicKey: o.publicKey } : {}),
          ...(o.skipAuthenticity ? { skipAuthenticity: true } : {}),
          operator: o.operator!,
          reason: o.reason!,
          request: requestFields(o),
        })
        // The receipt is written before the credential is shown: no recovery without its record.
        writeFileSync(o.receipt, result.receiptText, { mode: 0o600, flag: 'wx' })
        for (const warning of result.warnings) ctx.io.stderr(`WARNING: ${warning}\n`)
        for (const notice of result.notices) ctx.io.stderr(`note: ${notice}\n`)
        for (const r of [...unread.map((i) => ({ source: i.source, error: i.unread })), ...result.rejected]) {
          ctx.io.stderr(`refused: ${r.error.message} [${r.error.code}]\n`)
        }
        const sheetsUsed = result.used.map((u) => (u.copy !== undefined ? `share ${u.index} copy ${u.copy}` : `share ${u.index}`)).join(', ')
        return {
          json: {
            setId: result.setId,
            bundle: result.bundle,
            ...(result.totp ? { totp: result.totp } : {}),
            used: result.used,
            warnings: result.warnings,
            notices: result.notices,
            rejected: result.rejected,
            receipt: o.receipt,
            receiptId: result.receipt.receiptId,
          },
          text: [
            serializeBundle(result.bundle),
            ...(result.totp ? [`MFA code: ${result.totp.code} (valid ${result.totp.secondsRemaining} s more)`] : []),
            `Recovered set ${result.setId} from ${sheetsUsed}. Receipt ${result.receipt.receiptId} written to ${o.receipt}: ` +
              'import it into the vault (custos release import-receipt FILE) so revoke, rotate and review are tracked.',
          ].join('\n'),
        }
      })
    })

  const release = program.commands.find((c) => c.name() === 'release') ?? program.command('release')
  release
    .command('import-receipt')
    .description('record a recovery receipt (from custos recover) as a release; revoke, rotate and review obligations start')
    .argument('<file>', 'the receipt file custos recover wrote')
    .option('--data-dir <dir>', 'vault directory')
    .option('--json', 'print JSON')
    .action(async (file: string, o: { dataDir?: string; json?: boolean }) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(o.json), async () => {
        const session = cliSession(ctx, o.dataDir)
        const imported = await session.call('recovery.importReceipt', { receipt: readTextFile(file, 'receipt file') })
        for (const warning of imported.warnings) ctx.io.stderr(`WARNING: ${warning}\n`)
        return {
          json: { ...imported },
          text:
            `Receipt ${imported.receiptId} recorded as release ${imported.releaseId} of set ${imported.setId} (recovered outside the vault by ` +
            `${imported.operator} at ${imported.recoveredAt}). Revoke by ${imported.revokeBy}; rotate by ${imported.rotateBy}; review by ${imported.reviewBy}.`,
        }
      })
    })
}

/** A person at a terminal is asked for what the flags left out; a script gets the error naming every missing flag. */
async function completeRequest(ctx: CliContext, o: RecoverOpts): Promise<void> {
  const missing = FIELDS.filter(([key]) => !String(o[key] ?? '').trim())
  if (missing.length === 0) return
  if (!ctx.io.isStdinTty) {
    throw new CustosError(
      'REQUEST_INCOMPLETE',
      `A recovery records the same request as a release. Missing: ${missing.map(([key]) => FLAG[key]).join(', ')}. ` +
        'Give them as flags (no terminal is attached to ask for them).',
      { missing: missing.map(([key]) => FLAG[key]) },
    )
  }
  const answers = await askEach(missing.map(([, question]) => question))
  missing.forEach(([key], i) => ((o as unknown as Record<string, string>)[key] = answers[i]!))
  const still = FIELDS.filter(([key]) => !String(o[key] ?? '').trim())
  if (still.length > 0) {
    throw new CustosError('REQUEST_INCOMPLETE', `Every field is needed; still empty: ${still.map(([key]) => FLAG[key]).join(', ')}.`, {
      missing: still.map(([key]) => FLAG[key]),
    })
  }
}
