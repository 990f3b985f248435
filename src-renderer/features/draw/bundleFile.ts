import type { DrawBundle } from '../../../src-main/contract/draw';

/** The line of verify.mjs that a self-contained copy replaces with the bundle (core/draw/bundle-script.ts). */
const MARKER = 'const embedded = null; // ACE-BUNDLE';

/**
 * One file to hand to anyone: verify.mjs with the bundle written into it, so `node verify-<draw>.mjs`
 * re-runs the draw with nothing else.
 */
export function selfContainedScript(b: DrawBundle): string {
  const { script, ...data } = b;
  if (!script.includes(MARKER)) throw new Error('This verification script cannot hold its bundle (unexpected version).');
  return script.replace(MARKER, `const embedded = ${JSON.stringify(data)};`);
}
