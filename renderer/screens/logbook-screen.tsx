// Logbook: every entry in words (shared/entry-words.ts, the same sentences as the audit PDF)
// with filters, one entry's detail formatted with its raw canonical JSON one click away,
// verify now, a signed checkpoint to create and print for custodians, and one a custodian kept to check.
import { useMemo, useState } from 'react'
import type { OperationOutput } from '../../shared/api'
import { call, messageOf } from '../custos-client'
import { useAsync } from '../use-async'
import { formatDateTime, shortHash } from '../format'
import { ScreenHeading } from '../components/screen-heading'
import { ErrorNotice } from '../components/error-notice'
import { CheckpointCard, type CheckpointView } from '../components/checkpoint-card'
import { CheckpointGivenBack } from '../components/checkpoint-given-back'
import { actorWords, collectEntryNames, describeEntry, emptyEntryNames, entryTitle, groupId, whoDid, type EntryNames } from '../../shared/entry-words'
import { VerifyResult, type VerifyView } from '../components/verify-result'

type Entry = OperationOutput<'log.entries'>['entries'][number]

interface Filters {
  type: string
  actor: string
  newestFirst: boolean
}

export function LogbookScreen() {
  const [filters, setFilters] = useState<Filters>({ type: '', actor: '', newestFirst: true })
  const [entries, reloadEntries] = useAsync(
    () => call('log.entries', { newestFirst: filters.newestFirst, limit: 1000, ...(filters.type ? { type: filters.type } : {}) }),
    [filters.type, filters.newestFirst],
  )
  const [everything] = useAsync(async () => {
    const all = await call('log.entries', { limit: 1000 })
    return { types: [...new Set(all.entries.map((e) => e.type))].sort((a, b) => entryTitle(a).localeCompare(entryTitle(b))), names: collectEntryNames(all.entries) }
  }, [entries.status === 'ready' ? entries.value.size : 0])
  const names: EntryNames = everything.status === 'ready' ? everything.value.names : emptyEntryNames()
  // The computer account Custos runs under: an entry recorded under it names no person.
  const account = entries.status === 'ready' ? entries.value.account : undefined
  const who = (entry: Entry) => whoDid(entry, names, account)
  const filtered = filters.type !== '' || filters.actor.trim() !== ''
  const [selected, setSelected] = useState<Entry>()
  const [verify, setVerify] = useState<{ busy: boolean; report?: VerifyView; error?: string }>({ busy: false })
  const [checkpoint, setCheckpoint] = useState<{ busy: boolean; value?: CheckpointView; error?: string; printed?: string }>({
    busy: false,
  })

  const shown = useMemo(() => {
    if (entries.status !== 'ready') return []
    const actor = filters.actor.trim().toLowerCase()
    return actor ? entries.value.entries.filter((e) => who(e).toLowerCase().includes(actor) || e.actor.toLowerCase().includes(actor)) : entries.value.entries
  }, [entries, filters.actor, names])

  async function verifyNow() {
    setVerify({ busy: true })
    try {
      setVerify({ busy: false, report: await call('log.verify', { checkpoints: [], full: true }) })
    } catch (error) {
      setVerify({ busy: false, error: messageOf(error) })
    }
    reloadEntries()
  }

  async function createCheckpoint() {
    setCheckpoint({ busy: true })
    try {
      setCheckpoint({ busy: false, value: await call('log.checkpoint', {}) })
    } catch (error) {
      setCheckpoint({ busy: false, error: messageOf(error) })
    }
  }

  async function printCheckpoint(value: CheckpointView) {
    document.body.classList.add('printing-checkpoint')
    try {
      const result = await call('app.print', { title: `Custos checkpoint at entry ${value.size}` })
      setCheckpoint({ busy: false, value, printed: result.printed ? 'Sent to the printer.' : 'Printing was cancelled.' })
    } catch (error) {
      setCheckpoint({ busy: false, value, error: messageOf(error) })
    } finally {
      document.body.classList.remove('printing-checkpoint')
    }
  }

  return (
    <>
      <ScreenHeading title="Logbook">
        <button type="button" className="button" onClick={verifyNow} disabled={verify.busy}>
          {verify.busy ? 'Verifying…' : 'Verify now'}
        </button>
        <button type="button" className="button button-primary" onClick={createCheckpoint} disabled={checkpoint.busy}>
          {checkpoint.busy ? 'Signing…' : 'Create checkpoint'}
        </button>
      </ScreenHeading>
      <p className="lead">Every event, hash-chained and signed. Nothing here can be edited or deleted.</p>

      <div className="stack no-print" aria-live="polite">
        {verify.report && <VerifyResult report={verify.report} />}
        {verify.error && <ErrorNotice title="Could not verify the logbook" message={verify.error} />}
        {checkpoint.error && <ErrorNotice title="Could not create a checkpoint" message={checkpoint.error} />}
      </div>

      {checkpoint.value && (
        <section className="card section-gap print-target" aria-labelledby="new-checkpoint-heading">
          <div className="screen-header">
            <h2 id="new-checkpoint-heading">New checkpoint</h2>
            <div className="screen-actions">
              <button type="button" className="button" onClick={() => printCheckpoint(checkpoint.value!)}>
                Print checkpoint
              </button>
            </div>
          </div>
          <p className="muted no-print">
            Give a printed copy to each custodian. A later log that does not extend this checkpoint is refused.
          </p>
          {checkpoint.printed && (
            <p role="status" className="no-print">
              {checkpoint.printed}
            </p>
          )}
          <CheckpointCard checkpoint={checkpoint.value} headingLevel={3} />
        </section>
      )}

      <div className="two-col section-gap">
        <section className="card" aria-labelledby="entries-heading">
          <h2 id="entries-heading">Entries</h2>
          <form className="filters" onSubmit={(event) => event.preventDefault()} aria-label="Filter entries">
            <div>
              <label htmlFor="filter-type">Type</label>
              <select id="filter-type" value={filters.type} onChange={(e) => setFilters({ ...filters, type: e.target.value })}>
                <option value="">All types</option>
                {everything.status === 'ready' &&
                  everything.value.types.map((type) => (
                    <option key={type} value={type}>
                      {entryTitle(type)}
                    </option>
                  ))}
              </select>
            </div>
            <div>
              <label htmlFor="filter-actor">Who</label>
              <input
                id="filter-actor"
                type="search"
                value={filters.actor}
                placeholder="Any"
                onChange={(e) => setFilters({ ...filters, actor: e.target.value })}
              />
            </div>
            <div>
              <label htmlFor="filter-order">Order</label>
              <select
                id="filter-order"
                value={filters.newestFirst ? 'newest' : 'oldest'}
                onChange={(e) => setFilters({ ...filters, newestFirst: e.target.value === 'newest' })}
              >
                <option value="newest">Newest first</option>
                <option value="oldest">Oldest first</option>
              </select>
            </div>
          </form>
          {entries.status === 'loading' && <p className="muted">Reading the logbook…</p>}
          {entries.status === 'error' && <ErrorNotice title="Could not read the logbook" message={entries.message} onRetry={reloadEntries} />}
          {entries.status === 'ready' && (
            <>
              <p className="muted" aria-live="polite">
                Showing {shown.length} of {entries.value.size} entries.
              </p>
              {shown.length === 0 && filtered && (
                <div className="empty">
                  <p>No entry matches these filters.</p>
                  <button type="button" className="button" onClick={() => setFilters({ type: '', actor: '', newestFirst: filters.newestFirst })}>
                    Clear filters
                  </button>
                </div>
              )}
              {shown.length > 0 && (
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">Logbook entries</caption>
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">Time</th>
                      <th scope="col">What happened</th>
                      <th scope="col">Who</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((entry) => (
                      <tr key={entry.seq} className={selected?.seq === entry.seq ? 'selected' : undefined}>
                        <td>
                          <button
                            type="button"
                            className="row-button"
                            aria-label={`Entry ${entry.seq}: ${entryTitle(entry.type)}`}
                            aria-pressed={selected?.seq === entry.seq}
                            onClick={() => setSelected(entry)}
                          >
                            {entry.seq}
                          </button>
                        </td>
                        <td>
                          <time dateTime={entry.time}>{formatDateTime(entry.time)}</time>
                        </td>
                        <td>
                          <span className="cell-main">{entryTitle(entry.type)}</span>
                          <span className="cell-sub">{describeEntry(entry, names)}</span>
                        </td>
                        <td>{who(entry)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              )}
            </>
          )}
        </section>

        <section className="card" aria-labelledby="detail-heading">
          <h2 id="detail-heading">{selected ? `Entry ${selected.seq}` : 'Entry detail'}</h2>
          {!selected && <p className="empty">Choose an entry number to see everything it records.</p>}
          {selected && (
            <div className="stack">
              <p className="entry-words">{describeEntry(selected, names)}</p>
              <dl className="facts">
                <dt>What</dt>
                <dd>{entryTitle(selected.type)}</dd>
                <dt>Time</dt>
                <dd>
                  <time dateTime={selected.time}>{formatDateTime(selected.time)}</time>
                </dd>
                <dt>Who</dt>
                <dd>{who(selected)}</dd>
                {who(selected) !== actorWords(selected.actor, account) && (
                  <>
                    <dt>Recorded by</dt>
                    <dd>{actorWords(selected.actor, account)}</dd>
                  </>
                )}
                <dt>Hash</dt>
                <dd className="mono" title={selected.hash}>
                  {shortHash(selected.hash, 32)}
                </dd>
                <dt>Signed by</dt>
                <dd className="mono">{selected.signer}</dd>
              </dl>
              <dl className="facts entry-fields" aria-label="What the entry records">
                {fieldRows(selected.event as Record<string, unknown>, names).map(([label, value]) => (
                  <div key={label} className="facts-row">
                    <dt>{label}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
              </dl>
              <details className="collapsible">
                <summary>Raw entry (canonical JSON)</summary>
                <pre className="payload" aria-label="The entry as signed">
                  {JSON.stringify(selected.event, null, 2)}
                </pre>
              </details>
            </div>
          )}
        </section>
      </div>
      <CheckpointGivenBack />
    </>
  )
}

const SET_ID = /^[0-9A-HJKMNP-TV-Z]{8}$/

/** Each field of an entry as a labelled line: names for ids, grouped set ids, nested values flattened. */
function fieldRows(event: Record<string, unknown>, names: EntryNames): [string, string][] {
  const rows: [string, string][] = []
  const label = (path: string) => path.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/\./g, ' › ').replace(/^./, (c) => c.toUpperCase())
  const show = (key: string, value: unknown): string => {
    if (typeof value === 'string') {
      if (SET_ID.test(value) && /setId|supersedes/i.test(key)) return groupId(value)
      // An operator on the roster is recorded by id: shown with the name.
      if ((/custodianId$/i.test(key) || key === 'operator' || key === 'operatorId') && names.custodians[value]) return `${names.custodians[value]} (${value})`
      if (key === 'methodId' && names.methods[value]) return `${names.methods[value]} (${value})`
      if (/releaseId|during/.test(key) && names.tickets[value]) return `${names.tickets[value]} (${value})`
      return value
    }
    if (typeof value === 'boolean') return value ? 'yes' : 'no'
    return String(value)
  }
  const walk = (value: unknown, path: string, key: string) => {
    if (value === null || value === undefined || path === 'type') return
    if (Array.isArray(value)) {
      if (value.every((v) => typeof v !== 'object' || v === null)) rows.push([label(path), value.map((v) => show(key, v)).join(', ') || '(none)'])
      else value.forEach((v, i) => walk(v, `${path} ${i + 1}`, key))
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, path ? `${path}.${k}` : k, k)
    } else rows.push([label(path), show(key, value)])
  }
  walk(event, '', '')
  return rows
}
