// Types for scripts/build-cli.mjs, so test helpers and the bench can call it.
export declare const CLI_OUT_DIR: string
export declare const CLI_ENTRY: string
export declare function defaultEntries(): Record<string, string>
export declare function buildCli(options?: { outDir?: string; entryPoints?: Record<string, string>; define?: Record<string, string> }): Promise<void>
