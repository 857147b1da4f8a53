// Names and figures of the audit records that front ends print before any operation runs:
// kept apart from audit-files.ts and vault-certificates.ts, which load node-forge and pdfkit.

/** The vault audit root certificate, in the data directory and in every audit bundle. */
export const AUDIT_ROOT_CERT_FILE = 'audit-root-cert.pem'

/** Auditors commonly keep these records for seven years; the README and the CLI say so. */
export const RETENTION_YEARS = 7
