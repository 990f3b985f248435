import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The layer rules must actually fire: lint a forbidden import in each layer and expect an error. */
const eslint = new ESLint({ cwd: process.cwd() });

async function errors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer boundaries (lint)', () => {
  it('forbid the renderer from importing the core, a host, or Node', async () => {
    expect(
      await errors(`import { Session } from '../../src-main/core/session';\nexport const s = Session;\n`, 'src-renderer/features/x.ts'),
    ).toHaveLength(1);
    expect(
      await errors(`import { startWebHost } from '../src-main/web-host/server';\nexport const s = startWebHost;\n`, 'src-renderer/x.ts'),
    ).toHaveLength(1);
    expect(await errors(`import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n`, 'src-renderer/x.ts')).toHaveLength(1);
    expect(
      await errors(`import type { Overview } from '../src-main/contract/types';\nexport type O = Overview;\n`, 'src-renderer/x.ts'),
    ).toHaveLength(0);
  });

  it('forbid the core from importing Electron, React, an HTTP server or a host', async () => {
    expect(await errors(`import { app } from 'electron';\nexport const a = app;\n`, 'src-main/core/x.ts')).toHaveLength(1);
    expect(await errors(`import { createServer } from 'node:http';\nexport const c = createServer;\n`, 'src-main/core/x.ts')).toHaveLength(
      1,
    );
    expect(
      await errors(`import { startWebHost } from '../web-host/server';\nexport const s = startWebHost;\n`, 'src-main/core/x.ts'),
    ).toHaveLength(1);
    expect(await errors(`import { useState } from 'react';\nexport const u = useState;\n`, 'src-main/core/db/x.ts')).toHaveLength(1);
  });

  it('keep the contract free of Node and the core', async () => {
    expect(await errors(`import { join } from 'node:path';\nexport const j = join;\n`, 'src-main/contract/x.ts')).toHaveLength(1);
    expect(await errors(`import { AceError } from '../core/errors';\nexport const e = AceError;\n`, 'src-main/contract/x.ts')).toHaveLength(
      1,
    );
  });
});
