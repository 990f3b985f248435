// Layer rules (ARCHITECTURE.md): the renderer reaches the core only through the contract; the core
// never imports a host, Electron, React or an HTTP server; the contract imports nothing but zod.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const hosts = ['**/electron/**', '**/web-host/**', '**/cli/**'];

export default tseslint.config(
  // electron-vite writes its config as a temporary `electron.vite.config.ts.<stamp>.mjs` while it builds, which npm test
  // runs beside lint: lint once listed that file, then found it gone (ENOENT) and failed.
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'scratch/**', 'test-results/**', 'playwright-report/**', '*.config.ts.*.mjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { jsDocParsingMode: 'none' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src-main/core/**', '**/src-main/core', ...hosts.map((h) => `**/src-main/${h.slice(3)}`)],
              message: 'The renderer talks to the core only through src-main/contract and src-renderer/api.',
            },
            {
              group: ['node:*', 'electron', 'fs', 'path', 'child_process'],
              message: 'The renderer runs in a browser sandbox: no Node or Electron modules.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/core/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'react', 'react-dom', 'node:http', 'node:https', 'http', 'https'].map((name) => ({
            name,
            message: 'The core knows no host: no Electron, React or HTTP server here.',
          })),
          patterns: [{ group: hosts.map((h) => `../${h}`).concat(hosts), message: 'The core never imports a host.' }],
        },
      ],
    },
  },
  {
    files: ['src-main/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'react', '../core/**', '../core', ...hosts],
              message: 'The contract is plain types and schemas: zod only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,mjs,js}', '*.config.{ts,js}'],
    languageOptions: { globals: globals.node },
  },
);
