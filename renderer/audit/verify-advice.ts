// What to do when an audit export fails one of `custos audit verify`'s checks, by check name
// (main/core/audit/verify-audit-pdf.ts AUDIT_CHECK_NAMES): the message says what is wrong,
// this says what the person holding the file should do about it.
export const CHECK_ORDER = ['File', 'Signature', 'Whole file', 'Signer', 'Embedded log', 'Checkpoint', 'Cover figures', 'Trusted through'] as const

export const CHECK_ADVICE: Record<string, string> = {
  File:
    'Choose the PDF exactly as Custos exported it: not a printout, a scan, or a copy re-saved by a PDF viewer (re-saving removes or breaks the signature).',
  Signature:
    'The file was changed after the vault signed it. Do not rely on any page of it. Ask the vault owner for the original export, or export a fresh one.',
  'Whole file':
    'Something was appended after signing. An appended update can replace pages or the embedded log while PDF viewers still show a valid signature, so do not rely on this copy; ask for the original export.',
  Signer:
    'This export was not signed by this vault’s audit certificate. If it is another vault’s export, verify it together with that vault’s root certificate (choose the .pem file with the PDF).',
  'Embedded log':
    'The logbook inside the export does not verify, or is another vault’s. Do not rely on it. Check this vault’s own logbook (Logbook, Verify now) and export again.',
  Checkpoint:
    'The export was made from a logbook older than, or different from, a checkpoint you hold: the log may have been restored from an old copy or rewritten. Treat this as a security incident and compare with the checkpoints the custodians hold.',
  'Cover figures':
    'The figures on the cover page do not match the embedded logbook. Do not rely on the cover; ask for a new export.',
  'Trusted through':
    'Nothing you hold ties the file to a vault. Choose the vault’s audit root certificate (.pem) or a checkpoint note (.txt) together with the PDF.',
  Verification: 'Custos could not finish the checks. Note the message and report it.',
}

/** The checks that did not run because an earlier one failed. */
export function notRun(names: string[]): string[] {
  const last = names.at(-1)
  const at = CHECK_ORDER.indexOf(last as (typeof CHECK_ORDER)[number])
  if (at < 0) return []
  return CHECK_ORDER.slice(at + 1).filter((name) => name !== 'Checkpoint' && !names.includes(name))
}
