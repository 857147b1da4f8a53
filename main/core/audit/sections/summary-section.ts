// The period summary: one page with what auditors ask about (SOC 2 CC6.1, ISO/IEC 27001
// emergency access): each release with its ticket, operator and quorum, time to revoke and to
// rotate, the review; drills and results; sets issued, retired, destroyed; obligations
// missed; and the reconciliation of the key's use when the log records one.
import { describeEntry, groupId } from '../../../../shared/entry-words'
import { entriesOf, inPeriod, memo, type AuditEntry, type AuditModel } from '../audit-model'
import { COLOR } from '../audit-writer'
import { foldDrills } from './drills-section'
import { duration, formatTime, type AuditSection } from './section'
import { foldShareSets } from './share-sets-section'

export interface ReleaseLine {
  release: string
  operator: string
  quorum: string
  revoke: Verdict
  rotate: Verdict
  review: Verdict
}

export interface Verdict {
  text: string
  state: 'ok' | 'late' | 'open' | 'overdue' | 'none'
}

/** Entries of the key-use reconciliation (the AWS area's CloudTrail check), whatever their exact type. */
const KEY_USE_TYPES = (type: string) => /reconcil|key-use/.test(type)

export function summaryReleases(model: AuditModel): ReleaseLine[] {
  return memo(model, 'summary-releases', () => {
    const now = Date.parse(model.generatedAt)
    return Object.values(model.state.releases)
      .filter((r) => inPeriod(r.requested.time, model.period) || (r.granted !== undefined && inPeriod(r.granted.time, model.period)))
      .sort((a, b) => a.requested.seq - b.requested.seq)
      .map((r) => {
        const g = r.granted
        const name = (id: string) => model.state.custodians[id]?.name ?? id
        const deadline = (met: { time: string } | undefined, due: string | undefined, what: string): Verdict => {
          if (!g || !due) return { text: r.withdrawn ? 'withdrawn, not released' : 'not released', state: 'none' }
          if (met) {
            const took = duration(Date.parse(met.time) - Date.parse(g.time))
            const late = Date.parse(met.time) - Date.parse(due)
            return late > 0 ? { text: `${took}, late by ${duration(late)}`, state: 'late' } : { text: `${took}, on time`, state: 'ok' }
          }
          const left = Date.parse(due) - now
          return left < 0
            ? { text: `not ${what}: overdue by ${duration(-left)}`, state: 'overdue' }
            : { text: `open, due ${formatTime(due)}`, state: 'open' }
        }
        const review: Verdict = r.review
          ? { text: `done ${formatTime(r.review.time)} by ${r.review.reviewer}; ${r.review.justified ? 'justified' : 'NOT justified'}`, state: r.review.justified ? 'ok' : 'late' }
          : g
            ? Date.parse(g.reviewBy) < now
              ? { text: `OVERDUE since ${formatTime(g.reviewBy)}`, state: 'overdue' }
              : { text: `due ${formatTime(g.reviewBy)}`, state: 'open' }
            : { text: 'not needed (not released)', state: 'none' }
        return {
          release: `${r.incidentTicket} (${r.releaseId}), requested ${formatTime(r.requested.time)}`,
          operator: r.operator,
          quorum: g ? `${g.presented.map((p) => `${name(p.custodianId)}: share ${p.index}`).join('; ')} (set ${groupId(g.setId)})` : 'no quorum',
          revoke: deadline(r.revoked, g?.revokeBy, 'revoked'),
          rotate: deadline(r.rotated, g?.rotateBy, 'rotated'),
          review,
        }
      })
  })
}

/** Lines for "Obligations missed": release deadlines met late or still overdue, and duties overdue at export. */
export function missedObligations(model: AuditModel): string[] {
  return memo(model, 'missed', () => {
    const lines: string[] = []
    for (const r of summaryReleases(model)) {
      for (const [what, v] of [['revoke', r.revoke], ['rotate', r.rotate], ['review', r.review]] as const) {
        if (v.state === 'late' || v.state === 'overdue') lines.push(`${r.release.split(',')[0]}: ${what} ${v.text}`)
      }
    }
    for (const o of model.obligations ?? []) {
      if (o.status === 'overdue') lines.push(`Overdue at export: ${o.kind}, due ${formatTime(o.dueAt)}: ${o.description}`)
    }
    return lines
  })
}

export function keyUseEntries(model: AuditModel): AuditEntry[] {
  return memo(model, 'key-use', () => [...entriesOf(model, { types: KEY_USE_TYPES })])
}

const VERDICT_COLOR: Record<Verdict['state'], string | undefined> = {
  ok: COLOR.ok,
  late: COLOR.bad,
  overdue: COLOR.bad,
  open: COLOR.warn,
  none: COLOR.soft,
}

export const summarySection: AuditSection = {
  title: 'Period summary',
  count: (model) => summaryReleases(model).length + foldDrills(model).length,
  render(writer, model) {
    writer.section(
      this.title,
      'What auditors ask about, on one page: each break-glass release and how fast it was closed, drills, share sets, ' +
        'missed obligations and the key-use check. The sections after this one give the detail with log entry numbers.',
      { newPage: true },
    )
    const releases = summaryReleases(model)
    writer.label(`Break-glass releases: ${releases.length}`, releases.length ? 30 : 0)
    if (releases.length === 0) writer.paragraph('No release of the emergency credential in this period.', { size: 8.5, color: COLOR.soft })
    writer.table(
      [
        { title: 'Ticket and release', width: 106, value: (r: ReleaseLine) => r.release },
        { title: 'Operator', width: 66, value: (r) => r.operator },
        { title: 'Quorum: who presented which sheet', width: 118, value: (r) => r.quorum },
        { title: 'Time to revoke', width: 58, value: (r) => r.revoke.text, color: (r) => VERDICT_COLOR[r.revoke.state] },
        { title: 'Time to rotate', width: 58, value: (r) => r.rotate.text, color: (r) => VERDICT_COLOR[r.rotate.state] },
        { title: 'Review', width: writer.width - 406, value: (r) => r.review.text, color: (r) => VERDICT_COLOR[r.review.state] },
      ],
      releases,
      { size: 7.5 },
    )

    const drills = foldDrills(model)
    const failed = drills.filter((d) => d.result === 'failed').length
    writer.label(`Drills: ${drills.length}${drills.length ? `, ${drills.length - failed} passed, ${failed} failed` : ''}`, drills.length ? 30 : 0)
    if (drills.length === 0) writer.paragraph('No drill in this period.', { size: 8.5, color: COLOR.warn })
    writer.table(
      [
        { title: 'When', width: 70, value: (d: (typeof drills)[number]) => formatTime(d.time) },
        { title: 'Method and set', width: 120, value: (d) => `${d.method}, set ${d.setId}` },
        { title: 'Result', width: 45, value: (d) => d.result, color: (d) => (d.result === 'passed' ? COLOR.ok : COLOR.bad) },
        { title: 'Who presented which share', width: writer.width - 235, value: (d) => d.participants || 'nobody' },
      ],
      drills,
      { size: 7.5 },
    )

    const sets = foldShareSets(model)
    const issued = sets.filter((s) => inPeriod(s.issuedAt, model.period))
    const retired = sets.filter((s) => s.retiredAt !== undefined && inPeriod(s.retiredAt, model.period))
    const plain = issued.filter((s) => s.plainSplit)
    const sheets = Object.entries(model.state.custody).flatMap(([setId, c]) => c.sheets.map((sh) => ({ ...sh, setId })))
    const destroyed = sheets.filter((s) => s.destroyed && inPeriod(s.destroyed.time, model.period))
    const lost = sheets.filter((s) => s.lost && inPeriod(s.lost.time, model.period))
    const perSet = (list: { setId: string }[]) =>
      [...new Set(list.map((s) => s.setId))].map((id) => `${list.filter((s) => s.setId === id).length} of set ${groupId(id)}`).join(', ')
    writer.label('Share sets and sheets', 40)
    writer.facts(
      [
        ['Sets issued', issued.length ? issued.map((s) => `${groupId(s.setId)} (${s.threshold} of ${s.total}, ${s.method || 'no method'})`).join('; ') : 'none'],
        [
          'Plain splits (exceptions)',
          plain.length ? `${plain.map((s) => groupId(s.setId)).join(', ')}: made with "custos split", no method, custodians or scan-back` : 'none',
          plain.length ? { color: COLOR.bad } : undefined,
        ],
        ['Sets retired', retired.length ? retired.map((s) => `${groupId(s.setId)} (${s.retiredReason})`).join('; ') : 'none'],
        ['Sheets destroyed', destroyed.length ? `${destroyed.length}: ${perSet(destroyed)}` : 'none'],
        ['Sheets lost', lost.length ? `${lost.length}: ${perSet(lost)}` : 'none', lost.length ? { color: COLOR.bad } : undefined],
      ],
      130,
    )

    const missed = missedObligations(model)
    writer.label(`Obligations missed: ${missed.length}`, 14)
    if (missed.length === 0) writer.paragraph('None: every deadline in the period was met on time, and nothing was overdue at export.', { size: 8.5, color: COLOR.ok })
    for (const line of missed) writer.paragraph(`• ${line}`, { size: 8.5, color: COLOR.bad })

    const keyUse = keyUseEntries(model)
    writer.label('Key use against CloudTrail', 14)
    if (keyUse.length === 0) {
      writer.paragraph('No reconciliation of the break-glass key\'s use against CloudTrail is recorded in this period.', { size: 8.5, color: COLOR.soft })
    }
    for (const e of keyUse) writer.paragraph(`#${e.seq} ${formatTime(e.time)}: ${describeEntry(e, model.names)}`, { size: 8.5 })
  },
}
