// Typed entry of a sheet whose QR code will not scan: the groups printed under "Typed share",
// checked group by group (shared/typed-groups.ts) so a typo is pinned to its group.
import { useId, useState, type FormEvent } from 'react'
import { GROUP_DATA_CHARS, GROUPS_PER_LINE, parseTypedGroups, typedCharacters } from '../../shared/typed-groups'
import { CustosError } from '../../shared/errors'
import { describedBy, FieldFrame } from '../components/form-field'

interface TypedEntryProps {
  /** Receives the share text once every group's check character matches. */
  onSheet: (payload: string) => void
}

interface Problem {
  message: string
  /** 1-based group the checker blames, when it names one. */
  group?: number
}

const HINT =
  'Type the groups printed under “Typed share” on the sheet, line numbers optional. Each group ends in a check character, so a typo is found in its group.'

export function TypedEntry({ onSheet }: TypedEntryProps) {
  const id = useId()
  const fieldId = `${id}-typed`
  const [text, setText] = useState('')
  const [problem, setProblem] = useState<Problem>()

  function submit(event: FormEvent) {
    event.preventDefault()
    try {
      const payload = readTyped(text)
      setProblem(undefined)
      setText('')
      onSheet(payload)
    } catch (error) {
      const group = error instanceof CustosError && typeof error.details?.group === 'number' ? error.details.group : undefined
      setProblem({ message: error instanceof Error ? error.message : 'These groups could not be read.', ...(group ? { group } : {}) })
    }
  }

  return (
    <form className="stack-tight" onSubmit={submit} noValidate aria-label="Type a sheet">
      <FieldFrame id={fieldId} label="Typed share" hint={HINT} error={problem?.message} alertError>
        <textarea
          id={fieldId}
          className="mono-input typed-groups-input"
          rows={4}
          spellCheck={false}
          autoComplete="off"
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy(fieldId, HINT, problem?.message)}
        />
      </FieldFrame>
      {problem?.group && <GroupMap text={text} bad={problem.group} />}
      <div className="form-actions">
        <button type="submit" className="button">
          Add typed sheet
        </button>
      </div>
    </form>
  )
}

/** The typed groups; failing those, a sheet's QR text pasted whole (e.g. from a scanner app), which the backend checks. */
function readTyped(text: string): string {
  try {
    return parseTypedGroups(text)
  } catch (error) {
    const pasted = text.trim()
    if (/^CUSTOS:[0-9A-Z]{40,}$/i.test(pasted)) return pasted
    throw error
  }
}

/** The line of groups with the one to check marked, as printed: easier to compare with the paper than a number. */
function GroupMap({ text, bad }: { text: string; bad: number }) {
  const labelId = useId()
  const characters = typedCharacters(text).toUpperCase()
  const size = GROUP_DATA_CHARS + 1
  const line = Math.ceil(bad / GROUPS_PER_LINE)
  const first = (line - 1) * GROUPS_PER_LINE + 1
  const groups: { n: number; text: string }[] = []
  for (let n = first; n < first + GROUPS_PER_LINE; n++) {
    const group = characters.slice((n - 1) * size, n * size)
    if (group) groups.push({ n, text: group })
  }
  return (
    <div className="group-line">
      <p className="hint" id={labelId}>
        Line {line} as typed; check the marked group against the sheet:
      </p>
      <ol className="group-map" aria-labelledby={labelId}>
        {groups.map((group) => (
          <li key={group.n} className={group.n === bad ? 'group-bad' : undefined}>
            <span className="mono">{group.text}</span>
            {group.n === bad && <span className="visually-hidden"> (check this group)</span>}
          </li>
        ))}
      </ol>
    </div>
  )
}
