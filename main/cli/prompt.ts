// Asking a person at a terminal for what a command still needs, one question at a time;
// answers go to stderr's terminal only, so piped stdout stays clean.
import { createInterface } from 'node:readline/promises'

export async function askEach(questions: string[]): Promise<string[]> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true })
  try {
    const answers: string[] = []
    for (const q of questions) answers.push((await rl.question(`${q}: `)).trim())
    return answers
  } finally {
    rl.close()
  }
}
