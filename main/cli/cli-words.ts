// The command line's own words beside the core's: the core says what is wrong in terms any
// front end can show; here an error code (and its details) and an obligation kind become the
// `custos` command that helps next. The app writes its own words for the same codes.
import type { ErrorInfo } from '../../shared/errors'

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined)

/** The command-line hint for an error, or '' when the message says enough. */
export function cliHint(info: ErrorInfo): string {
  const d = info.details ?? {}
  switch (info.code) {
    case 'VAULT_NOT_FOUND':
      return str(d.dataDir) && !/custos init/.test(info.message)
        ? `(create one with custos init --data-dir ${str(d.dataDir)} --name NAME, or point --data-dir or CUSTOS_DATA_DIR at an existing vault)`
        : ''
    case 'LOG_VERIFY_FAILED':
      return '(custos log verify shows the damage)'
    case 'VAULT_EXISTS':
      return '(choose another --data-dir)'
    case 'METHOD_NOT_FOUND':
      return Array.isArray(d.known) && d.known.length === 0 ? '(custos method add)' : '(see custos method list)'
    case 'METHOD_EXISTS':
    case 'CUSTODIAN_EXISTS':
      return '(choose the id with --id)'
    case 'CUSTODIAN_NOT_FOUND':
      return '(see custos custodian list)'
    case 'RELEASE_NOT_FOUND':
      return '(see custos release list)'
    case 'SET_NOT_FOUND':
      return '(see custos method list for each method\'s sets)'
    case 'ISSUANCE_IN_PROGRESS': {
      const setId = str(d.setId)
      return setId ? `(custos ceremony activate --set ${setId}, or custos ceremony abandon --set ${setId} --note WHY)` : ''
    }
    case 'SET_NOT_READY':
      return d.step === 'scan-back' && str(d.setId) ? `(custos ceremony verify --set ${str(d.setId)} IMAGES...)` : ''
    case 'AUDIT_NO_TRUST_ANCHOR':
      return '(give --root FILE from custos audit cert, --checkpoint FILE, or --data-dir for the vault)'
    case 'AUDIT_SIGNER_UNTRUSTED':
      return d.reason === 'not-pem' ? '(use the file custos audit cert wrote)' : ''
    case 'SHARE_QR_NOT_FOUND':
      return '(typed groups: custos combine --check --typed, or --present with a share text file)'
    case 'REQUEST_INCOMPLETE':
      return '(give each as a flag of custos release request, or run it in a terminal to be asked)'
    default:
      return ''
  }
}

/** What to run for an obligation of this kind. */
export function obligationCommand(kind: string): string | undefined {
  const commands: Record<string, string> = {
    revoke: 'custos release revoked --release ID --evidence TEXT',
    'rotate-reissue': 'custos release rotated, then custos ceremony issue',
    review: 'custos review --release ID ...',
    'destroy-retired-sheets': 'custos custody destroyed --set ID --sheet N.C --witness NAME',
    'reissue-after-custodian-left': 'custos ceremony issue --method ID --pdf FILE',
    'reissue-after-sheet-lost': 'custos ceremony issue --method ID --pdf FILE',
    drill: 'custos drill run --method ID --present CUSTODIAN=SHEET ...',
    'verify-stale-sheets': 'custos drill run --method ID --present CUSTODIAN=SHEET ...',
    'roster-review': 'custos custodian review --reviewer NAME',
  }
  return commands[kind]
}
