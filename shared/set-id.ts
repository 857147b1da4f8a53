// Set ids as people read and type them: printed in two groups ("V5Q0-6ES4"), accepted in any
// case, with or without the dash or a space. The one normaliser every layer uses.

/** Accepts "V5Q0-6ES4", "v5q0 6es4" or "V5Q06ES4"; returns the id as logged ("V5Q06ES4"). */
export function normalizeSetId(text: string): string {
  return text.replace(/[\s-]+/g, '').toUpperCase()
}
