// How the command line gets the passphrase that unlocks the vault keys: the file named by
// CUSTOS_PASSPHRASE_FILE (scripts, CI), else a prompt at the terminal, else a refusal (exit 2).
import { closeSync, openSync, readSync, writeSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { CustosError } from '../../shared/errors'
import { passphraseFromEnv, type PassphraseSource } from '../core/api'
import type { Io } from './output'

export function cliPassphraseSource(env: NodeJS.ProcessEnv, io: Io): PassphraseSource {
  let asked: string | undefined
  return (purpose) => {
    if (env.CUSTOS_PASSPHRASE_FILE) return passphraseFromEnv(purpose, env)
    if (!io.isStdinTty) {
      throw new CustosError(
        'PASSPHRASE_REQUIRED',
        'The vault keys are protected by a passphrase, and there is no terminal to ask for it. ' +
          'Set CUSTOS_PASSPHRASE_FILE to a file (readable only by you) that holds it.',
      )
    }
    if (asked !== undefined) return asked
    if (purpose === 'create') {
      const first = askHidden('Choose a passphrase for the vault keys (at least 12 characters): ')
      if (askHidden('Type it again: ') !== first) throw new CustosError('PASSPHRASE_REQUIRED', 'The two passphrases differ; nothing was made. Run the command again.')
      return (asked = first)
    }
    return (asked = askHidden('Passphrase for the vault keys: '))
  }
}

/**
 * Reads one line from the terminal without echo, synchronously: signing happens inside a
 * logbook transaction, which cannot wait for a promise.
 */
function askHidden(question: string): string {
  const fd = openSync('/dev/tty', 'r+')
  const stty = (arg: string) => execFileSync('stty', [arg], { stdio: [fd, 'ignore', 'ignore'] })
  try {
    // Echo goes off before the question shows, so nothing typed after it is ever echoed.
    stty('-echo')
    writeSync(fd, question)
    const bytes: number[] = []
    const one = Buffer.alloc(1)
    while (readSync(fd, one, 0, 1, null) === 1 && one[0] !== 0x0a && one[0] !== 0x0d) bytes.push(one[0]!)
    return Buffer.from(bytes).toString('utf8')
  } finally {
    try {
      stty('echo')
    } finally {
      writeSync(fd, '\n')
      closeSync(fd)
    }
  }
}
