import type { WorkspaceInfo } from '../../contract/types';
import { printJson, str, type CommandSpec } from '../args';
import { withWorkspace } from '../core';

export function formatInfo(info: WorkspaceInfo): string {
  const width = Math.max(...info.datasets.map((d) => d.kind.length));
  return [
    `${info.name}  (${info.path})`,
    `schema v${info.schemaVersion}${info.engine === 'lake' ? ', on a DuckLake' : ''}${info.isDemo ? ', demo campaign' : ''}`,
    `entries from ${info.dateRange ? `${info.dateRange.from} to ${info.dateRange.to}` : '(none yet)'}`,
    '',
    ...info.datasets.map((d) => `  ${d.kind.padEnd(width)}  ${d.rows.toLocaleString('en-US').padStart(12)}`),
  ].join('\n');
}

export const infoCommand: CommandSpec = {
  name: 'info',
  summary: 'Show the datasets of a workspace with their row counts and the date range of its entries.',
  usage: 'info --workspace FILE [--json]',
  options: { workspace: { type: 'string' } },
  help: ['  --workspace FILE    the workspace to describe'],
  async run(args) {
    const path = str(args, 'workspace', true);
    const info = await withWorkspace(path, (call) => call('workspace.info', {}));
    if (!info) throw new Error(`${path} did not open.`);
    if (args.values.json) printJson(info, args.io);
    else args.io.out(formatInfo(info) + '\n');
    return 0;
  },
};
