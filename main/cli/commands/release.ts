// custos release: breaking the glass. request (every field required), grant (a quorum of
// custodians presents sheets; the credential goes to the terminal that asked, only after the
// release is durably logged), then the aftercare evidence: revoked, rotated (release.* operations).
import type { Command } from 'commander'
import { serializeBundle } from '../../../shared/bundle'
import { CustosError, isCustosError } from '../../../shared/errors'
import type { ReleaseRequestInput } from '../../../shared/workflow-api'
import type { z } from 'zod'
import { cliApi, cliSession, type CliApi } from '../api-client'
import type { CliContext } from '../context'
import { collect } from '../options'
import { runCommand } from '../output'
import { askEach } from '../prompt'
import { readPresentations } from '../share-inputs'
import { requestFields, withRequestFlags, type RequestFlags } from '../request-flags'

type RequestInput = z.input<typeof ReleaseRequestInput>

interface RequestOpts extends RequestFlags {
  dataDir?: string
  json?: boolean
  method?: string
}

interface GrantOpts {
  dataDir?: string
  json?: boolean
  release: string
  present?: string[]
  toPipe?: boolean
}

const common = (c: Command) => c.option('--data-dir <dir>', 'vault directory').option('--json', 'print JSON')

export function registerRelease(program: Command, ctx: CliContext): void {
  const release = program.command('release').description('break the glass: request, grant, then revoke and rotate')

  withRequestFlags(
    common(release.command('request').description('record a release request (every field is required)')).option('--method <id>', 'break-glass method'),
    'one of the method\'s permitted use cases',
  )
    .action(async (o: RequestOpts) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(o.json), async () => {
        const input: RequestInput = { methodId: o.method ?? '', ...requestFields(o), operator: o.operator ?? '' }
        const r = await requestWithPrompts(ctx, cliApi(ctx, { dataDir: o.dataDir }), input)
        return {
          json: { releaseId: r.releaseId },
          text: `Release ${r.releaseId} requested for ${r.operator}. Gather the custodians, then: custos release grant --release ${r.releaseId} --present CUSTODIAN=SHEET ...`,
        }
      })
    })

  common(release.command('grant').description('present a quorum of sheets and release the credential to the operator'))
    .requiredOption('--release <id>', 'the release request')
    .option('--present <custodian=file>', 'a sheet (share file or photo) and who presents it; repeat', collect)
    .option('--to-pipe', 'allow printing the credential when stdout is not a terminal (a pipe or a file you chose)')
    .action(async (o: GrantOpts) => {
      ctx.exitCode = await runCommand(ctx.io, Boolean(o.json), async () => {
        // Checked before anything is recorded: the credential goes only to the terminal that asked.
        if (!ctx.io.isStdoutTty && !o.toPipe) {
          throw new CustosError(
            'NOT_A_TERMINAL',
            'The credential is printed only to the terminal that asked, and stdout is not a terminal. ' +
              'Run this in a terminal, or add --to-pipe if you really mean to send it to a pipe or file.',
          )
        }
        const session = cliSession(ctx, o.dataDir)
        const presentations = await readPresentations(ctx, session, o.present ?? [])
        const granted = await session.call('release.grant', { releaseId: o.release, presentations })
        for (const notice of granted.notices) ctx.io.stderr(`note: ${notice}\n`)
        const refused = (granted.checks ?? []).filter((x) => !x.ok)
        for (const out of refused) ctx.io.stderr(`refused: ${out.source}: ${out.error?.message}\n`)
        // On stderr: stdout carries the credential alone (scripts read it with --to-pipe).
        if (granted.checkpoint && !o.json) ctx.io.stderr(`Give this checkpoint to the custodians (log size now includes this release):\n${granted.checkpoint}`)
        const lines = [
          serializeBundle(granted.bundle),
          ...(granted.totp ? [`MFA code: ${granted.totp.code} (valid ${granted.totp.secondsRemaining} s more)`] : []),
          `Released to ${granted.operator}. Revoke by ${granted.revokeBy}; rotate and re-issue by ${granted.rotateBy}; review by ${granted.reviewBy}.`,
        ]
        return {
          json: {
            releaseId: granted.releaseId,
            operator: granted.operator,
            bundle: granted.bundle,
            ...(granted.totp ? { totp: granted.totp } : {}),
            revokeBy: granted.revokeBy,
            rotateBy: granted.rotateBy,
            reviewBy: granted.reviewBy,
            outcomes: granted.checks ?? [],
            ...(granted.checkpoint ? { checkpoint: granted.checkpoint } : {}),
          },
          text: lines.join('\n'),
        }
      })
    })

  for (const [name, what, op] of [
    ['revoked', 'record that the released credential was revoked (evidence)', 'release.recordRevoked'],
    ['rotated', 'record that the credential was rotated (evidence)', 'release.recordRotated'],
  ] as const) {
    common(release.command(name).description(what))
      .requiredOption('--release <id>', 'the release')
      .requiredOption('--evidence <text>', 'what was done, by whom, request ids or change records')
      .action(async (o: { dataDir?: string; json?: boolean; release: string; evidence: string }) => {
        ctx.exitCode = await runCommand(ctx.io, Boolean(o.json), async () => {
          await cliApi(ctx, { dataDir: o.dataDir }).call(op, { releaseId: o.release, evidence: o.evidence })
          return { json: { recorded: name }, text: `Recorded: release ${o.release} ${name}.` }
        })
      })
  }

  common(release.command('list').description('list releases and their aftercare')).action(async (o: { dataDir?: string; json?: boolean }) => {
    ctx.exitCode = await runCommand(ctx.io, Boolean(o.json), async () => {
      // Oldest first, as they happened.
      const releases = (await cliApi(ctx, { dataDir: o.dataDir }).call('releases.list', {})).releases.slice().sort((a, b) => a.requested.seq - b.requested.seq)
      return {
        json: { releases },
        text: releases.length
          ? releases
              .map(
                (r) =>
                  `${r.releaseId} ${r.incidentTicket} (${r.methodId}) operator ${r.operator}: ` +
                  (r.granted ? `granted ${r.granted.time}` : `requested ${r.requested.time}`) +
                  `${r.revoked ? ', revoked' : ''}${r.rotated ? ', rotated' : ''}${r.reviewed ? ', reviewed' : ''}`,
              )
              .join('\n')
          : 'No releases.',
      }
    })
  })
}

/** A person at a terminal is asked for what the flags left out; a script gets the error. */
async function requestWithPrompts(ctx: CliContext, api: CliApi, input: RequestInput) {
  try {
    return await api.call('release.request', input)
  } catch (error) {
    if (!ctx.io.isStdinTty || !isCustosError(error) || error.code !== 'REQUEST_INCOMPLETE') throw error
    const fields = (error.details?.fields as string[] | undefined) ?? []
    const labels = (error.details?.missing as string[] | undefined) ?? fields
    const answers = await askEach(labels.map((label) => label[0]!.toUpperCase() + label.slice(1)))
    fields.forEach((path, i) => {
      const [head, tail] = path.split('.') as [string, string | undefined]
      const target = input as unknown as Record<string, Record<string, string> | string>
      if (tail) (target[head] as Record<string, string>)[tail] = answers[i]!
      else target[head] = answers[i]!
    })
    return api.call('release.request', input)
  }
}
