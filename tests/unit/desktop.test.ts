import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Session } from '../../src-main/core/session';
import { loadWindowState, saveWindowState } from '../../src-main/electron/window-state';
import { tempDir } from './helpers/tmp';

const dir = tempDir('ace-desktop-');

describe('recent workspaces', () => {
  it('lists the workspaces opened, newest first, once each, and says which are gone', async () => {
    const s = new Session({ dataDir: dir });
    for (const name of ['a', 'b', 'a']) await s.open(join(dir, `${name}.duckdb`), { create: true });
    await s.close();
    const recent = s.recent.list();
    expect(recent.map((r) => r.path)).toEqual([join(dir, 'a.duckdb'), join(dir, 'b.duckdb')]);
    expect(recent.every((r) => r.exists)).toBe(true);
    rmSync(join(dir, 'b.duckdb'));
    expect(new Session({ dataDir: dir }).recent.list()[1]).toMatchObject({ path: join(dir, 'b.duckdb'), exists: false });
  });
});

describe('window state', () => {
  const screens = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it('comes back as it was left, maximized or not', () => {
    saveWindowState(dir, { x: 100, y: 80, width: 1200, height: 800, maximized: true });
    expect(loadWindowState(dir, screens)).toEqual({ x: 100, y: 80, width: 1200, height: 800, maximized: true });
  });
  it('is not placed on a screen that is no longer attached, and ignores nonsense', () => {
    saveWindowState(dir, { x: 3000, y: 80, width: 1200, height: 800, maximized: false });
    expect(loadWindowState(dir, screens)).toEqual({ width: 1200, height: 800, maximized: false });
    saveWindowState(dir, { x: 0, y: 0, width: 10, height: 10, maximized: false });
    expect(loadWindowState(dir, screens)).toEqual({ width: 1360, height: 860, maximized: false });
  });
});
