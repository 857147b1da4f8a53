// custos ceremony: the issuance ceremony. issue (split, assign, print sheets), handover (bag
// serials), verify (scan back every printed sheet), activate (retiring the set before), abandon.
// Each step is the contract's issuance.* operation, as the app's issuance wizard runs it.
import { statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Command } from 'commander'
import { CustosError, isCustosError } from '../../../shared/errors'
import { groupForDisplay } from '../../../shared/share-format'
import { cliSession, type CliSession } from '../api-client'
import type { CliContext } from '../context'
import { readBundleInput } from '../files'
import { pageSizeOption, sheetOption, type PageSize } from '../options'
import { runCommand } from '../output'
import { readSheetItems } from '../share-inputs'
import { warnSheetsOnDisk } from '../sheets-warning'

interface Opts {
  dataDir?: string
  json?: boolean
  method?: string
  assign?: string
  label?: string
  bundleFile?: string
  pdf?: string
  pageSize?: PageSize
  contact?: string
  anonymous?: boolean
  set?: string
  sheet?: { index: number; copy: number }
  custodian?: string
  bag?: string
  note?: string
}

const common = (c: Command) => c.option('--data-dir <dir>', 'vault directory').option('--json', 'print JSON')

function parseAssignments(text: string): { index: number; copy: number; custodianId: string }[] {
  return text.split(',').map((part) => {
    const [sheet, custodianId] = part.split('=').map((s) => s.trim())
    if (!sheet || !custodianId) throw new CustosError('USAGE', `--assign ${part}: write SHEET=CUSTODIAN, e.g. 1.1=alice,1.2=bob`)
    try {
      return { ...sheetOption(sheet), custodianId }
    } catch (error) {
      throw new CustosError('USAGE', `--assign ${part}: ${(error as Error).message}`)
    }
  })
}

/** Refuses a --pdf path that cannot be written before anything is issued. */
function checkPdfPath(path: string): void {
  const parent = dirname(resolve(path))
  let isDir = false
  try {
    isDir = statSync(parent).isDirectory()
  } catch {
    // reported below
  }
  if (!isDir) throw new CustosError('USAGE', `--pdf ${path}: the folder ${parent} does not exist. Create it or choose another path.`, { path })
  let target: ReturnType<typeof statSync> | undefined
  try {
    target = statSync(path)
  } catch {
    // a new file: fine
  }
  if (target?.isDirectory()) throw new CustosError('USAGE', `--pdf ${path} is a folder; give a file name such as ${path}/sheets.pdf.`, { path })
}

export function registerCeremony(program: Command, ctx: CliContext): void {
  const ceremony = program.command('ceremony').description('issuance ceremony: issue, handover, verify, activate')

  common(ceremony.command('issue').description('split a credential (JSON on stdin) into a new set of sheets for a method'))
    .requiredOption('--method <id>', 'the method the set protects')
    .requiredOption('--pdf <file>', 'where to write the printable sheets (each sheet a face and its custody record on the back)')
    .option('--assign <list>', 'who holds which sheet: 1.1=alice,1.2=bob,... (default: roster order)')
    .option('--label <text>', 'text printed on every sheet (default: none)')
    .option('--bundle-file <file>', 'read the bundle JSON from this file instead of stdin')
    .option('--page-size <size>', 'a4 or letter', pageSizeOption, 'A4' as PageSize)
    .option('--contact <text>', 'whom to call in an emergency, printed on every sheet')
    .option('--anonymous', 'leave custodian, vault and method names off the sheets (the set id and owner contact stay)')
    .action(async (opts: Opts) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const assignments = opts.assign ? parseAssignments(opts.assign) : undefined
        checkPdfPath(opts.pdf!)
        const session = cliSession(ctx, opts.dataDir)
        const bundle = await readBundleInput(ctx, opts.bundleFile)
        const started = await session.call('issuance.start', {
          methodId: opts.method!,
          bundle,
          ...(assignments ? { assignments } : {}),
          ...(opts.label ? { label: opts.label } : {}),
          pageSize: opts.pageSize ?? 'A4',
          ...(opts.contact ? { emergencyContact: opts.contact } : {}),
          ...(opts.anonymous ? { anonymous: true } : {}),
        })
        await savePdfOrAbandon(session, started.setId, opts.pdf!)
        warnSheetsOnDisk(ctx, opts.pdf!, started.setId)
        const sheets = started.sheets.map(({ payload: _p, typedLines: _t, ...s }) => s)
        return {
          json: { setId: started.setId, threshold: started.threshold, total: started.total, pdf: opts.pdf, sheets },
          text: [
            `Set ${groupForDisplay(started.setId)} issued (${started.threshold}-of-${started.total}); sheets written to ${opts.pdf}.`,
            ...sheets.map((s) => `  sheet ${s.index}.${s.copy} -> ${s.custodianName}`),
            'Next: print, hand each sheet over in a sealed bag (custos ceremony handover), scan every sheet back',
            `(custos ceremony verify --set ${started.setId} IMAGES...), then activate (custos ceremony activate --set ${started.setId}).`,
          ].join('\n'),
        }
      })
    })

  common(ceremony.command('handover').description('record that a custodian received a sheet in a sealed bag'))
    .requiredOption('--set <id>', 'set id')
    .requiredOption('--sheet <n.c>', 'share and copy, e.g. 2.1', sheetOption)
    .requiredOption('--custodian <id>', 'who received it')
    .requiredOption('--bag <serial>', 'tamper-evident bag serial')
    .action(async (opts: Opts) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const sheet = opts.sheet!
        await cliSession(ctx, opts.dataDir).call('issuance.handover', { setId: opts.set!, ...sheet, custodianId: opts.custodian!, bagSerial: opts.bag! })
        return { json: { recorded: true }, text: `Recorded: sheet ${sheet.index}.${sheet.copy} of set ${opts.set} handed to ${opts.custodian} in bag ${opts.bag}.` }
      })
    })

  common(ceremony.command('verify').description('scan back every printed sheet of a set (PNG or JPEG images)'))
    .requiredOption('--set <id>', 'set id')
    .argument('<images...>', 'scans or photos of every printed sheet')
    .action(async (images: string[], opts: Opts) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const session = cliSession(ctx, opts.dataDir)
        const items = await readSheetItems(ctx, session, images)
        const unread = items.filter((i) => 'unread' in i)
        if (unread.length > 0) {
          const problems = unread.map((i) => `${i.source}: ${'unread' in i ? i.unread.message : ''}`)
          throw new CustosError('SET_NOT_READY', `Scan-back of set ${opts.set} did not pass: ${problems.join(' ')} Fix this and scan again.`, { problems })
        }
        // Copies of a share carry the same text: each scan of share N counts as its next copy.
        const copiesSeen = new Map<number, number>()
        const sheets = []
        for (const item of items) {
          if (!('payload' in item)) continue
          let index = 1
          try {
            index = (await session.call('shares.inspect', { source: item.source, payload: item.payload })).index
          } catch (error) {
            if (!isCustosError(error)) throw error
            // A damaged sheet: scan-back names it with its own error.
          }
          const copy = Math.min(9, (copiesSeen.get(index) ?? 0) + 1)
          copiesSeen.set(index, copy)
          sheets.push({ index, copy, source: item.source, payload: item.payload })
        }
        const result = await session.call('issuance.scanBack', { setId: opts.set!, sheets })
        if (!result.ok) {
          const failed = result.sheets.filter((s) => !s.ok).map((s) => `${s.source}: ${s.error?.message ?? 'not a sheet of this set'}`)
          const problems = [...failed, ...result.problems]
          throw new CustosError('SET_NOT_READY', `Scan-back of set ${result.setId} did not pass: ${problems.join(' ')} Fix this and scan again.`, { problems, setId: result.setId })
        }
        const seen = [...copiesSeen.entries()].sort(([a], [b]) => a - b)
        return {
          json: { report: { ...result, seen: seen.map(([index, copies]) => ({ index, copies })) } },
          text: `Scan-back of set ${result.setId} passed: ${seen.map(([index, copies]) => `share ${index} x${copies}`).join(', ')}; the set recombines.`,
        }
      })
    })

  common(ceremony.command('activate').description('activate a verified set (retires the method\'s previous set)'))
    .requiredOption('--set <id>', 'set id')
    .action(async (opts: Opts) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        const session = cliSession(ctx, opts.dataDir)
        const set = await session.call('issuance.activate', { setId: opts.set! })
        // The set this one replaced is the method's set retired by this very entry.
        const { sets } = await session.call('sets.list', { methodId: set.methodId })
        const supersedes = sets.find((s) => s.setId !== set.setId && s.retired && set.activated && s.retired.seq === set.activated.seq)?.setId
        return {
          json: { setId: set.setId, ...(supersedes ? { supersedes } : {}) },
          text:
            `Set ${opts.set} is active.` +
            (supersedes ? ` Set ${supersedes} is retired: its sheets are refused from now on; collect and destroy them (custos custody destroyed).` : ''),
        }
      })
    })

  common(ceremony.command('abandon').description('abandon a set that was issued but not activated'))
    .requiredOption('--set <id>', 'set id')
    .requiredOption('--note <text>', 'why')
    .action(async (opts: Opts) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(opts.json), async () => {
        await cliSession(ctx, opts.dataDir).call('issuance.abandon', { setId: opts.set!, note: opts.note! })
        return { json: { abandoned: true }, text: `Set ${opts.set} abandoned; destroy any printed sheet of it.` }
      })
    })
}

/** Writes the pending set's sheets to --pdf; if that fails, the set is abandoned so no set is left without its sheets. */
async function savePdfOrAbandon(session: CliSession, setId: string, path: string): Promise<void> {
  session.dialogs.save = () => path
  try {
    await session.call('issuance.savePdf', { setId })
  } catch (error) {
    await session.call('issuance.abandon', { setId, note: `The sheets PDF could not be written to ${path}.`.slice(0, 500) }).catch(() => undefined)
    throw error
  }
}
