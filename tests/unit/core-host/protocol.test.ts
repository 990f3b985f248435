import { describe, expect, it, vi } from 'vitest';
import { CoreClient } from '../../../src-main/core-host/client';
import type { HostCallbacks } from '../../../src-main/core-host/host-calls';
import type { CoreProcess } from '../../../src-main/core-host/port';
import { parseToCore, parseToMain } from '../../../src-main/core-host/protocol';
import { serveCore } from '../../../src-main/core-host/server';
import { tempDir } from '../helpers/tmp';

/** The relay's rules, against fake ports: what each end accepts, and that nobody is left waiting. */
const dir = tempDir('ace-protocol-');
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('messages are validated, never trusted by shape', () => {
  it('the core accepts only well-formed messages for it', () => {
    expect(parseToCore({ t: 'invoke', id: 1, method: 'app.info', input: { a: 1 } })).toEqual({
      t: 'invoke',
      id: 1,
      method: 'app.info',
      input: { a: 1 },
    });
    for (const bad of [
      null,
      'x',
      [],
      {},
      { t: 'invoke', id: 0, method: 'a' },
      { t: 'invoke', id: 1.5, method: 'a' },
      { t: 'invoke', id: '1', method: 'a' },
      { t: 'invoke', id: 1 },
      { t: 'init', config: { dataDir: '', version: '1', host: 'electron', nativeDialogs: true } },
      { t: 'init', config: { dataDir: '/x', version: '1', host: 'evil', nativeDialogs: true } },
      { t: 'host-result', id: 1, result: { ok: false, error: { code: 'NOPE', message: 'x' } } },
      { t: 'host-result', id: 1, result: { ok: true } },
      { t: 'result', id: 1 },
    ])
      expect(parseToCore(bad), JSON.stringify(bad)).toBeNull();
  });

  it('main accepts only well-formed messages for it', () => {
    expect(parseToMain({ t: 'event', name: 'workspace.changed', payload: { workspace: null } })).toEqual({
      t: 'event',
      name: 'workspace.changed',
      payload: { workspace: null },
    });
    expect(
      parseToMain({ t: 'result', id: 3, result: { ok: false, error: { code: 'BAD_INPUT', message: 'm', details: [1] } } }),
    ).not.toBeNull();
    for (const bad of [
      { t: 'event', name: '' },
      { t: 'event', name: 'a b' },
      { t: 'event', name: 'x'.repeat(101) },
      { t: 'host-call', id: 1, method: '__proto__!' },
      { t: 'fatal' },
      { t: 'invoke', id: 1, method: 'a' },
      { t: 'result', id: -1, result: { ok: true, value: 1 } },
    ])
      expect(parseToMain(bad), JSON.stringify(bad)).toBeNull();
  });
});

/** A core process that is only a port: the test plays the core. */
function fakeCore() {
  const sent: Record<string, unknown>[] = [];
  let listener: (m: unknown) => void = () => undefined;
  let exit: (code: number | null) => void = () => undefined;
  const proc: CoreProcess & { killed: boolean } = {
    killed: false,
    port: {
      post: (m) => void sent.push(m as Record<string, unknown>),
      onMessage: (l) => void (listener = l),
      onClose: () => undefined,
      drain: async () => undefined,
    },
    kill: () => {
      proc.killed = true;
      exit(null);
    },
    onExit: (l) => void (exit = l),
  };
  return { proc, sent, say: (m: unknown) => listener(m), exit: (code: number | null) => exit(code) };
}

const noHost = new Proxy(
  {},
  {
    get: (_t, name) => async () => {
      throw new Error(`unexpected host call ${String(name)}`);
    },
  },
) as HostCallbacks;
const config = { dataDir: dir, version: '1.0.0', host: 'electron' as const, nativeDialogs: true };

describe('the relay client (main’s side)', () => {
  it('hands over the config on hello, holds calls until ready, relays results and only the contract’s events', async () => {
    const core = fakeCore();
    const events: unknown[] = [];
    const client = new CoreClient({
      spawn: () => core.proc,
      config,
      host: noHost,
      onEvent: (n, p) => events.push([n, p]),
      onDown: () => undefined,
    });
    client.start();
    const early = client.invoke('app.info', {});
    expect(core.sent).toEqual([]);
    core.say({ t: 'hello' });
    expect(core.sent).toEqual([{ t: 'init', config }]);
    core.say({ t: 'ready' });
    expect(core.sent[1]).toMatchObject({ t: 'invoke', method: 'app.info', input: {} });
    core.say({ t: 'result', id: core.sent[1]!.id, result: { ok: true, value: 'info' } });
    expect(await early).toEqual({ ok: true, value: 'info' });
    // A reply without a proper result still ends the call (with an error), never leaves it waiting.
    const bad = client.invoke('app.info', {});
    core.say({ t: 'result', id: core.sent.at(-1)!.id, result: { ok: 'yes' } });
    expect(await bad).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    core.say({ t: 'event', name: 'workspace.changed', payload: { workspace: null } });
    core.say({ t: 'event', name: 'evil.event', payload: 1 });
    expect(events).toEqual([['workspace.changed', { workspace: null }]]);
  });

  it('answers host calls: unknown names and bad arguments refused, a failing callback as error data', async () => {
    const core = fakeCore();
    const host = {
      ...noHost,
      pickSavePath: vi.fn(async () => '/tmp/out.csv'),
      pickImportFiles: async () => {
        throw new Error('The dialog broke.');
      },
    } as HostCallbacks;
    const client = new CoreClient({ spawn: () => core.proc, config, host, onEvent: () => undefined, onDown: () => undefined });
    client.start();
    core.say({ t: 'hello' });
    core.say({ t: 'ready' });
    core.say({ t: 'host-call', id: 1, method: 'runShell', args: {} });
    core.say({ t: 'host-call', id: 2, method: 'pickSavePath', args: { defaultName: '', filters: 'all' } });
    core.say({ t: 'host-call', id: 3, method: 'pickImportFiles', args: {} });
    core.say({
      t: 'host-call',
      id: 4,
      method: 'pickSavePath',
      args: { defaultName: 'a.csv', filters: [{ name: 'CSV', extensions: ['csv'] }] },
    });
    await tick();
    const answers = Object.fromEntries(core.sent.filter((m) => m.t === 'host-result').map((m) => [m.id, m.result]));
    expect(answers[1]).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(answers[2]).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/defaultName/) } });
    expect(answers[3]).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'The dialog broke.' } });
    expect(answers[4]).toEqual({ ok: true, value: '/tmp/out.csv' });
    expect(host.pickSavePath).toHaveBeenCalledTimes(1);
  });

  it('a core that dies or never starts: every waiting call gets an error, and main hears why', async () => {
    const core = fakeCore();
    const down: unknown[] = [];
    const client = new CoreClient({
      spawn: () => core.proc,
      config,
      host: noHost,
      onEvent: () => undefined,
      onDown: (w) => down.push(w),
      startTimeoutMs: 50,
    });
    client.start();
    const waiting = client.invoke('app.info', {});
    expect(await waiting).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringMatching(/did not start in time/) },
    });
    expect(core.proc.killed).toBe(true);
    expect(down).toEqual([{ code: null, message: 'The ACE core did not start in time.' }]);
    // Started again; this time it dies with a call in flight.
    const again = fakeCore();
    const c2 = new CoreClient({ spawn: () => again.proc, config, host: noHost, onEvent: () => undefined, onDown: (w) => down.push(w) });
    c2.start();
    again.say({ t: 'hello' });
    again.say({ t: 'ready' });
    const inFlight = c2.invoke('import.run', {});
    again.exit(134);
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/exit code 134/) } });
    expect(await c2.invoke('app.info', {})).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not running/) } });
  });

  it('shutdown is bounded: a core that does not close in time is ended', async () => {
    const core = fakeCore();
    const client = new CoreClient({
      spawn: () => core.proc,
      config,
      host: noHost,
      onEvent: () => undefined,
      onDown: () => undefined,
      shutdownTimeoutMs: 50,
    });
    client.start();
    core.say({ t: 'hello' });
    core.say({ t: 'ready' });
    expect(await client.shutdown()).toBe('killed');
    expect(core.sent.at(-1)).toEqual({ t: 'shutdown' });
    expect(core.proc.killed).toBe(true);
  });
});

describe('the core’s side, against a fake port', () => {
  it('answers a malformed invoke, refuses an answer of the wrong shape from main, and closes on shutdown', async () => {
    const sent: Record<string, unknown>[] = [];
    let deliver: (m: unknown) => void = () => undefined;
    const exit = vi.fn();
    serveCore(
      {
        post: (m) => void sent.push(m as Record<string, unknown>),
        onMessage: (l) => void (deliver = l),
        onClose: () => undefined,
        drain: async () => undefined,
      },
      { exit, log: () => undefined },
    );
    expect(sent).toEqual([{ t: 'hello' }]);
    deliver({ t: 'invoke', id: 7, method: 12 });
    expect(sent.at(-1)).toEqual({ t: 'result', id: 7, result: { ok: false, error: { code: 'BAD_INPUT', message: expect.any(String) } } });
    deliver({ t: 'init', config });
    await tick();
    // The keychain is asked first: here it has none.
    expect(sent.at(-1)).toMatchObject({ t: 'host-call', method: 'keychainStatus' });
    deliver({ t: 'host-result', id: sent.at(-1)!.id, result: { ok: true, value: { ok: false, why: 'none' } } });
    await vi.waitFor(() => expect(sent.at(-1)).toEqual({ t: 'ready' }));
    deliver({ t: 'invoke', id: 8, method: 'workspace.pickNew', input: {} });
    await vi.waitFor(() => expect(sent.at(-1)).toMatchObject({ t: 'host-call', method: 'pickNewWorkspace' }));
    deliver({ t: 'host-result', id: sent.at(-1)!.id, result: { ok: true, value: 42 } });
    await vi.waitFor(() =>
      expect(sent.at(-1)).toMatchObject({
        t: 'result',
        id: 8,
        result: { ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/not understood/) } },
      }),
    );
    deliver({ t: 'shutdown' });
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
    expect(sent.at(-1)).toEqual({ t: 'closed' });
  });
});

describe('the start timer', () => {
  it('does not count the time main spends answering the core (a keychain prompt at start)', async () => {
    const core = fakeCore();
    let answer: (v: { ok: true }) => void = () => undefined;
    const host = { ...noHost, keychainStatus: () => new Promise<{ ok: true }>((r) => (answer = r)) } as HostCallbacks;
    const client = new CoreClient({
      spawn: () => core.proc,
      config,
      host,
      onEvent: () => undefined,
      onDown: () => undefined,
      startTimeoutMs: 40,
    });
    client.start();
    core.say({ t: 'hello' });
    core.say({ t: 'host-call', id: 1, method: 'keychainStatus', args: {} });
    await new Promise((r) => setTimeout(r, 120));
    expect(core.proc.killed).toBe(false);
    answer({ ok: true });
    await tick();
    expect(core.sent.at(-1)).toEqual({ t: 'host-result', id: 1, result: { ok: true, value: { ok: true } } });
    // Once answered, a core that still does not say ready is ended.
    await vi.waitFor(() => expect(core.proc.killed).toBe(true));
  });
});
