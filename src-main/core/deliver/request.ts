import type { ConnectorConfig, Holdout, PushChannel, PushField } from '../../contract/deliver';
import type { PushAudience, PushExclusion } from './eligible';

/** Connector id used for a push given on the command line (its secret comes from the environment). */
export const CLI_CONNECTOR = 'cli';

export interface PushRequest {
  segment: string;
  templateId?: string;
  version?: number;
  channel: PushChannel;
  fields: readonly PushField[];
  /** A saved connector, or a config given inline (the CLI). */
  connectorId?: string;
  config?: ConnectorConfig;
  dryRun?: boolean;
  retryOf?: string;
  scheduleId?: string;
  /** Only these people (a retry of failed contacts). */
  audience?: PushAudience;
  /** People left out as already sent (a recurring schedule). */
  exclude?: PushExclusion;
  /** A share of the people who may be messaged held out (sent nothing) to measure the push's lift. */
  holdout?: Holdout;
}
