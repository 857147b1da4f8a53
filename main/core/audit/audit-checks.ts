// `custos audit verify` as check lines, for the CLI's output and the desktop app's Audit
// screen alike: every check that passed, then the one that failed (named by its error
// code) with the verifier's message; the checks after a failure are not run.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CustosError, isCustosError, type ErrorCode } from '../../../shared/errors'
import type { VaultPublicKey } from '../vault/vault-key'
import { openVault, vaultExists } from '../vault/vault-store'
import { AUDIT_ROOT_CERT_FILE } from './vault-certificates'
import { verifyAuditPdf, type AuditCheckName, type AuditVerifyReport, type VerifyAuditInput } from './verify-audit-pdf'

export interface AuditCheckLine {
  name: AuditCheckName | 'Verification'
  ok: boolean
  detail: string
}

export type AuditFileCheck =
  | { ok: true; checks: AuditCheckLine[]; report: AuditVerifyReport }
  | { ok: false; checks: AuditCheckLine[]; error: CustosError }

const CHECK_OF_CODE: Partial<Record<ErrorCode, AuditCheckName>> = {
  FILE_UNREADABLE: 'File',
  AUDIT_PDF_UNREADABLE: 'File',
  AUDIT_SIGNATURE_INVALID: 'Signature',
  AUDIT_NOT_WHOLE_FILE: 'Whole file',
  AUDIT_SIGNER_UNTRUSTED: 'Signer',
  AUDIT_LOG_INVALID: 'Embedded log',
  AUDIT_CHECKPOINT_MISMATCH: 'Checkpoint',
  AUDIT_SUMMARY_MISMATCH: 'Cover figures',
  AUDIT_NO_TRUST_ANCHOR: 'Trusted through',
}

/** Runs every check on an audit PDF; a refusal becomes the last, failed line (other errors propagate). */
export function checkAuditPdf(input: Omit<VerifyAuditInput, 'onCheck'>): AuditFileCheck {
  const checks: AuditCheckLine[] = []
  const onCheck = (name: AuditCheckName, detail: string) => checks.push({ name, ok: true, detail })
  try {
    const report = verifyAuditPdf({ ...input, onCheck })
    return { ok: true, checks, report }
  } catch (error) {
    if (!isCustosError(error)) throw error
    checks.push({ name: CHECK_OF_CODE[error.code] ?? 'Verification', ok: false, detail: error.message })
    return { ok: false, checks, error }
  }
}

export interface TrustAnchors {
  roots: { source: string; pem: string }[]
  vaultKey?: VaultPublicKey
}

/**
 * What a local vault vouches with, as `custos audit verify --data-dir` uses it: the vault's
 * key (the embedded log must be signed by it) and its audit root certificate once one exists.
 */
export function vaultTrustAnchors(dataDir: string): TrustAnchors {
  if (!vaultExists(dataDir)) return { roots: [] }
  const vault = openVault(dataDir)
  const rootPath = join(dataDir, AUDIT_ROOT_CERT_FILE)
  return {
    vaultKey: vault.key,
    roots: existsSync(rootPath) ? [{ source: rootPath, pem: readFileSync(rootPath, 'utf8') }] : [],
  }
}

/** Reads the file to check with the refusal a person can act on. */
export function readAuditFile(path: string): Buffer {
  try {
    return readFileSync(path)
  } catch (error) {
    throw new CustosError('FILE_UNREADABLE', `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}. Check the path.`, {
      path,
    })
  }
}
