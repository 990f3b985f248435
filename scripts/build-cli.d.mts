// Types of scripts/build-cli.mjs for the TypeScript test setups and helpers that import it.
export declare const root: string;
export declare const cliDir: string;
export declare const cliFile: string;
export declare const workerFile: string;
export declare const hostFile: string;
export declare const buildErrorFile: string;
export declare function buildCli(opts?: { quiet?: boolean; tolerant?: boolean }): Promise<string>;
export declare function builtCliProblem(): string | null;
