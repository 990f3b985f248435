import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionTest, PushInfo, PushPreview } from '../../../src-main/contract/deliver';
import { startSendServer } from '../../support/sending/server';
import { saveSegment } from '../../../src-main/core/segments/run';
import { ace } from '../helpers/cli';
import { demoSession } from '../helpers/demo';
import { tempDir } from '../helpers/tmp';

/** `ace push`: the dry run is the API's preview; bad calls say what to do in one line; a CSV drop push works end to end. */
const dir = tempDir('ace-push-cli-');
const ws = join(dir, 'demo.duckdb');
let preview: PushPreview;

beforeAll(async () => {
  const s = await demoSession(dir, 'demo.duckdb', 2000);
  await saveSegment(s.requireDb(), { name: 'Redeemers', rule: { type: 'redeemed', value: true } });
  preview = await s.deliver.preview({ segment: 'redeemers', channel: 'sms', fields: ['first_name', 'coupon_code'] });
  await s.close();
}, 120_000);

describe('ace push', () => {
  it('--dry-run prints the same preview as the API and sends nothing', async () => {
    const r = await ace(
      [
        'push',
        '--workspace',
        ws,
        '--segment',
        'Redeemers',
        '--connector',
        'webhook',
        '--endpoint',
        'https://hooks.example.com/ace',
        '--channel',
        'sms',
        '--fields',
        'first_name,coupon_code',
        '--dry-run',
        '--json',
      ],
      { ACE_PUSH_SECRET: '' },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as PushPreview;
    expect({ ...out, samplePayload: null }).toEqual({ ...preview, samplePayload: null });
    expect(out.samplePayload).toEqual(preview.samplePayload);
    expect(preview.reachable).toBeGreaterThan(0);
    expect(Object.values(preview.excluded).reduce((a, b) => a + b, 0) + preview.reachable).toBe(preview.people);
    // Nothing planned: the history holds only the demo's own past push.
    const list = await ace(['push', '--workspace', ws, '--list']);
    expect(list.stdout.trim().split('\n')).toHaveLength(1);
    expect(list.stdout).toContain('psh_20260406_demo01');
  });

  it('says what to do when the secret, the endpoint, the segment or a field is wrong', async () => {
    const base = ['push', '--workspace', ws, '--segment', 'Redeemers', '--connector', 'webhook'];
    const noSecret = await ace([...base, '--endpoint', 'https://hooks.example.com/ace'], { ACE_PUSH_SECRET: '' });
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toMatch(/^ace: The webhook connector has no signing secret .*ACE_PUSH_SECRET/);
    const plainHttp = await ace([...base, '--endpoint', 'http://hooks.example.com/ace']);
    expect(plainHttp.code).toBe(2);
    expect(plainHttp.stderr).toBe('ace: --endpoint: an https:// URL (plain http:// only to 127.0.0.1 or localhost)\n');
    const noSegment = await ace(['push', '--workspace', ws, '--segment', 'Nobody', '--connector', 'csv', '--endpoint', dir]);
    expect(noSegment.code).toBe(1);
    expect(noSegment.stderr).toMatch(/There is no saved segment "Nobody"/);
    const badField = await ace([...base, '--endpoint', 'https://x.example.com', '--fields', 'email']);
    expect(badField.code).toBe(2);
    expect(badField.stderr).toMatch(/--fields: "email" is not a field a push can carry/);
  });

  it('--test-connection makes one signed ping and says what came back, with the fix when it fails', async () => {
    const sender = await startSendServer();
    try {
      const base = ['push', '--workspace', ws, '--connector', 'webhook', '--endpoint', sender.endpoint, '--test-connection'];
      const ok = await ace([...base, '--json'], { ACE_PUSH_SECRET: sender.secret });
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout) as ConnectionTest).toMatchObject({ ok: true, status: 200, failure: null });
      const bad = await ace(base, { ACE_PUSH_SECRET: 'whsec_d3JvbmdzZWNyZXR3cm9uZ3NlY3JldA==' });
      expect(bad.code).toBe(1);
      expect(bad.stdout).toMatch(
        /^FAILED: The service at http:\/\/127\.0\.0\.1:\d+\/push refused the credentials \(401: .*\) — re-enter the signing secret/,
      );
      expect(bad.stdout).toMatch(/status 401; \d+ ms; class auth\n$/);
      expect(sender.deliveries()).toHaveLength(0);
    } finally {
      await sender.close();
    }
  });

  it('pushes to a CSV drop folder: one file per batch, exactly the reachable people, and records it', async () => {
    const folder = join(dir, 'drop');
    const r = await ace([
      'push',
      '--workspace',
      ws,
      '--segment',
      'Redeemers',
      '--connector',
      'csv',
      '--endpoint',
      folder,
      '--channel',
      'sms',
      '--fields',
      'first_name,coupon_code',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout) as PushInfo;
    expect(info.status).toBe('done');
    expect(info.counts.accepted).toBe(preview.reachable);
    const files = readdirSync(folder);
    expect(files).toEqual([`${info.pushId}-b1.csv`]);
    const lines = readFileSync(join(folder, files[0]!), 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('contact_id,phone,first_name,coupon_code');
    expect(lines).toHaveLength(preview.reachable + 1);
    expect(lines.slice(1).every((l) => /^P[0-9A-F]{16},\+\d+,/.test(l))).toBe(true);
    // Resuming a finished push changes nothing.
    const again = await ace(['push', '--workspace', ws, '--resume', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual([]);
    expect(readdirSync(folder)).toHaveLength(1);
  });
});
