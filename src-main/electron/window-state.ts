import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/lib/fs-atomic';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

const DEFAULT: WindowState = { width: 1360, height: 860, maximized: false };

/** The window's last size and place, if it still fits on one of the screens now attached. */
export function loadWindowState(dataDir: string, screens: { x: number; y: number; width: number; height: number }[]): WindowState {
  try {
    const s = JSON.parse(readFileSync(join(dataDir, 'window-state.json'), 'utf8')) as WindowState;
    if (!(s.width >= 900 && s.height >= 600)) return DEFAULT;
    const visible =
      s.x === undefined ||
      s.y === undefined ||
      screens.some((a) => s.x! >= a.x - 50 && s.y! >= a.y - 50 && s.x! + 200 <= a.x + a.width && s.y! + 100 <= a.y + a.height);
    return visible ? s : { ...DEFAULT, width: s.width, height: s.height, maximized: s.maximized };
  } catch {
    return DEFAULT;
  }
}

export function saveWindowState(dataDir: string, s: WindowState): void {
  try {
    writeFileAtomic(join(dataDir, 'window-state.json'), JSON.stringify(s));
  } catch {
    // Not being able to remember the window's place is no reason to fail.
  }
}
