import { REPLY_TYPE_MACRO } from '../import/reply-words';

/**
 * Workspace schema: the campaign's datasets in canonical form (DOMAIN.md) plus the app's own tables.
 * Migrations only go forward; each runs once, in order, in one transaction with its version bump.
 *
 * Conventions: identifiers and keywords are stored normalised (keyword upper-case, email lower-case,
 * phone E.164); money is DECIMAL(18,2) so sums are exact to the cent; every row keeps `import_id` and
 * the source `line` so a figure can be traced back to the file it came from; unknown columns live in
 * `attrs` (JSON).
 */
export const MIGRATIONS: string[][] = [
  // v1: datasets, import bookkeeping, app tables.
  [
    `CREATE TABLE ace_meta (key VARCHAR PRIMARY KEY, value VARCHAR)`,
    `CREATE TABLE imports (
      import_id INTEGER PRIMARY KEY, kind VARCHAR NOT NULL, file_name VARCHAR, file_hash VARCHAR,
      started_at TIMESTAMP, finished_at TIMESTAMP, rows_read BIGINT, rows_imported BIGINT,
      rows_rejected BIGINT, duplicates_skipped BIGINT, status VARCHAR, mapping JSON, report JSON)`,
    `CREATE TABLE rejects (import_id INTEGER, line BIGINT, reason VARCHAR, raw JSON)`,
    `CREATE TABLE media_buys (
      media_buy_id VARCHAR PRIMARY KEY, name VARCHAR, media_type VARCHAR, market VARCHAR, keyword VARCHAR,
      start_date DATE, end_date DATE, attrs JSON, import_id INTEGER, line BIGINT)`,
    `CREATE TABLE spend (
      date DATE NOT NULL, media_buy_id VARCHAR, keyword VARCHAR, amount DECIMAL(18,2) NOT NULL, currency VARCHAR,
      impressions BIGINT, clicks BIGINT, attrs JSON, import_id INTEGER, line BIGINT)`,
    `CREATE TABLE entries (
      entry_id VARCHAR, entered_at TIMESTAMP NOT NULL, channel VARCHAR, keyword VARCHAR, media_buy_id VARCHAR,
      source VARCHAR, email VARCHAR, phone VARCHAR, phone_raw VARCHAR, first_name VARCHAR, last_name VARCHAR,
      zip VARCHAR, age INTEGER, product_affinity VARCHAR, purchase_timeframe VARCHAR, email_opt_in BOOLEAN,
      sms_opt_in BOOLEAN, coupon_code VARCHAR, attrs JSON, import_id INTEGER, line BIGINT)`,
    `CREATE TABLE redemptions (
      redemption_id VARCHAR, redeemed_at TIMESTAMP NOT NULL, coupon_code VARCHAR NOT NULL, store_id VARCHAR,
      order_amount DECIMAL(18,2), discount_amount DECIMAL(18,2), attrs JSON, import_id INTEGER, line BIGINT)`,
    `CREATE TABLE stores (
      store_id VARCHAR PRIMARY KEY, name VARCHAR, zip VARCHAR, lat DOUBLE, lon DOUBLE, market VARCHAR,
      attrs JSON, import_id INTEGER, line BIGINT)`,
    `CREATE TABLE contacts (
      email VARCHAR, phone VARCHAR, phone_raw VARCHAR, first_name VARCHAR, last_name VARCHAR, zip VARCHAR,
      email_opt_in BOOLEAN, sms_opt_in BOOLEAN, source VARCHAR, attrs JSON, import_id INTEGER, line BIGINT)`,
    `CREATE TABLE optouts (
      channel VARCHAR NOT NULL, address VARCHAR NOT NULL, opted_out_at TIMESTAMP, reason VARCHAR, feedback VARCHAR,
      attrs JSON, import_id INTEGER, line BIGINT)`,
    `CREATE TABLE saved_views (
      view_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, spec JSON NOT NULL, chart VARCHAR,
      created_at TIMESTAMP DEFAULT current_timestamp, updated_at TIMESTAMP DEFAULT current_timestamp)`,
    `CREATE TABLE segments (
      segment_id VARCHAR, version INTEGER, name VARCHAR NOT NULL, rule JSON NOT NULL,
      created_at TIMESTAMP DEFAULT current_timestamp, PRIMARY KEY (segment_id, version))`,
    `CREATE TABLE pushes (
      push_id VARCHAR PRIMARY KEY, segment_id VARCHAR, segment_version INTEGER, connector VARCHAR,
      status VARCHAR, created_at TIMESTAMP DEFAULT current_timestamp, finished_at TIMESTAMP, summary JSON)`,
  ],
  // v2: import support: raw text of unusable emails, saved header mappings, settings, and the
  // derived facts (entrant of each entry, attribution of entries and redemptions) every query joins.
  [
    `ALTER TABLE entries ADD COLUMN email_raw VARCHAR`,
    `ALTER TABLE contacts ADD COLUMN email_raw VARCHAR`,
    `CREATE TABLE mappings (source_key VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, mapping JSON NOT NULL, updated_at TIMESTAMP DEFAULT current_timestamp)`,
    `INSERT INTO ace_meta SELECT * FROM (VALUES ('currency', 'USD'), ('timezone', 'America/New_York')) v(key, value) WHERE key NOT IN (SELECT key FROM ace_meta)`,
    // Facts are keyed by each row's origin (import_id << 32 | line: unique, and unlike rowid already
    // final inside the import's transaction), with integer person ids: cheap to write for millions of
    // rows. The views give them names.
    `CREATE MACRO ace_row_key(import_id, line) AS (import_id::BIGINT << 32) | line::BIGINT`,
    `CREATE TABLE identity_edges (x UBIGINT, y UBIGINT)`,
    `CREATE TABLE identity_labels (node UBIGINT, label UBIGINT)`,
    `CREATE TABLE entry_facts_t (entry_key BIGINT, entrant UBIGINT, media_buy_id VARCHAR, attributed_by VARCHAR)`,
    `CREATE TABLE redemption_facts_t (redemption_key BIGINT, entry_key BIGINT)`,
    `CREATE VIEW entry_facts AS
       SELECT e.entry_id, 'P' || lpad(to_hex(f.entrant), 16, '0') AS entrant_id, f.media_buy_id, f.attributed_by
       FROM entry_facts_t f JOIN entries e ON ace_row_key(e.import_id, e.line) = f.entry_key`,
    `CREATE VIEW redemption_facts AS
       SELECT r.redemption_id, e.entry_id, 'P' || lpad(to_hex(ef.entrant), 16, '0') AS entrant_id, ef.media_buy_id
       FROM redemption_facts_t f JOIN redemptions r ON ace_row_key(r.import_id, r.line) = f.redemption_key
       LEFT JOIN entries e ON ace_row_key(e.import_id, e.line) = f.entry_key
       LEFT JOIN entry_facts_t ef ON ef.entry_key = f.entry_key`,
  ],
  // v3: Deliver. A push is planned whole before its first request (numbered batches with stable
  // idempotency keys, every contact with the consent it was chosen on), then sent batch by batch;
  // each answer is committed with its batch, so a crash or kill resumes where it stopped.
  [
    `ALTER TABLE pushes ADD COLUMN segment_name VARCHAR`,
    `ALTER TABLE pushes ADD COLUMN channel VARCHAR`,
    `ALTER TABLE pushes ADD COLUMN connector_id VARCHAR`,
    `ALTER TABLE pushes ADD COLUMN target VARCHAR`,
    `ALTER TABLE pushes ADD COLUMN fields JSON`,
    `ALTER TABLE pushes ADD COLUMN batch_size INTEGER`,
    `ALTER TABLE pushes ADD COLUMN dry_run BOOLEAN DEFAULT false`,
    `ALTER TABLE pushes ADD COLUMN created_by VARCHAR`,
    `ALTER TABLE pushes ADD COLUMN retry_of VARCHAR`,
    `ALTER TABLE pushes ADD COLUMN schedule_id VARCHAR`,
    `ALTER TABLE pushes ADD COLUMN last_error VARCHAR`,
    `CREATE TABLE push_batches (
      push_id VARCHAR, batch INTEGER, idempotency_key VARCHAR NOT NULL, contacts INTEGER, status VARCHAR NOT NULL,
      attempts INTEGER DEFAULT 0, last_error VARCHAR, sent_at TIMESTAMP, PRIMARY KEY (push_id, batch))`,
    `CREATE TABLE push_contacts (
      push_id VARCHAR, batch INTEGER, contact_id VARCHAR, entrant UBIGINT, address VARCHAR, consent_at TIMESTAMP,
      fields JSON, status VARCHAR NOT NULL, reason VARCHAR)`,
    `CREATE TABLE push_addresses (push_id VARCHAR, entrant UBIGINT, address VARCHAR)`,
    `CREATE TABLE connectors (
      connector_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, name VARCHAR NOT NULL, config JSON NOT NULL,
      created_at TIMESTAMP DEFAULT current_timestamp)`,
    `CREATE TABLE push_schedules (
      schedule_id VARCHAR PRIMARY KEY, segment_id VARCHAR NOT NULL, connector_id VARCHAR NOT NULL, channel VARCHAR NOT NULL,
      fields JSON, every_days INTEGER, next_run_at TIMESTAMP NOT NULL, last_run_at TIMESTAMP, enabled BOOLEAN DEFAULT true,
      created_at TIMESTAMP DEFAULT current_timestamp)`,
  ],
  // v4: the winner draw's audit records (who drew, when, rules, seed, pool, result); message templates.
  [
    `CREATE TABLE draws (
      draw_id VARCHAR PRIMARY KEY, seq INTEGER NOT NULL, tier VARCHAR NOT NULL, count INTEGER, alternates INTEGER, seed VARCHAR NOT NULL,
      rule JSON, exclude JSON, pool_size BIGINT, pool_hash VARCHAR, drawn_by VARCHAR,
      drawn_at TIMESTAMP DEFAULT current_timestamp, winners JSON, alternates_drawn JSON)`,
    `CREATE TABLE draw_winners (draw_id VARCHAR, tier VARCHAR, rank INTEGER, entrant UBIGINT, alternate BOOLEAN)`,
    // Messages: per-channel templates written once (SMS, email, push), with merge fields.
    `CREATE TABLE message_templates (
      template_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, promotional BOOLEAN DEFAULT true, sms JSON, email JSON, push JSON,
      updated_at TIMESTAMP DEFAULT current_timestamp)`,
    `ALTER TABLE pushes ADD COLUMN template_id VARCHAR`,
    // Watched folders: exports that land there are imported when complete.
    `CREATE TABLE watched_folders (folder VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, added_at TIMESTAMP DEFAULT current_timestamp)`,
    `CREATE TABLE dashboards (dashboard_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, tiles JSON NOT NULL, filters JSON NOT NULL, built_in BOOLEAN DEFAULT false, updated_at TIMESTAMP DEFAULT current_timestamp)`,
    `CREATE TABLE objectives (objective_id VARCHAR PRIMARY KEY, metric VARCHAR NOT NULL, media_buy_id VARCHAR, target DOUBLE NOT NULL, due DATE NOT NULL, created_at TIMESTAMP DEFAULT current_timestamp)`,
    `CREATE TABLE watched_files (path VARCHAR PRIMARY KEY, size BIGINT, mtime_ms DOUBLE, import_id INTEGER, status VARCHAR, message VARCHAR, seen_at TIMESTAMP DEFAULT current_timestamp)`,
  ],
  // v5: every run of a push schedule, with the push it started or why it could not start, so a
  // background failure is recorded and shown instead of lost.
  [
    `CREATE TABLE push_schedule_runs (
      schedule_id VARCHAR NOT NULL, run_at TIMESTAMP NOT NULL, push_id VARCHAR, error VARCHAR, recorded_at TIMESTAMP DEFAULT current_timestamp)`,
  ],
  // v6: when a contact opted in, where the export says (Mailchimp's OPTIN_TIME, Klaviyo's consent timestamp):
  // an opt-out is then weighed against that date instead of always winning.
  [`ALTER TABLE contacts ADD COLUMN opted_in_at TIMESTAMP`],
  // v7: the export log, every file of personal data written out of the workspace (core/export/log.ts).
  [
    `CREATE TABLE export_log (
      logged_at TIMESTAMP NOT NULL, by_user VARCHAR, via VARCHAR NOT NULL, what VARCHAR NOT NULL,
      personal JSON NOT NULL, rows BIGINT NOT NULL, file_name VARCHAR NOT NULL)`,
  ],
  // v8: what became of the messages (sending services' delivery and engagement events), and the opt-outs
  // consent reads: the opt-out files plus every unsubscribe or spam complaint those events report.
  [
    `CREATE TABLE message_events (
      occurred_at TIMESTAMP NOT NULL, event VARCHAR NOT NULL, channel VARCHAR, address VARCHAR NOT NULL, push_id VARCHAR,
      message_id VARCHAR, event_id VARCHAR, reason VARCHAR, url VARCHAR, attrs JSON, import_id INTEGER, line BIGINT)`,
    `CREATE VIEW consent_optouts AS
       SELECT channel, address, opted_out_at FROM optouts
       UNION ALL SELECT channel, address, occurred_at FROM message_events WHERE event IN ('unsubscribed', 'complained')`,
  ],
  // v9: a schedule that sends to each person at their best hour in their local time, over the 24 hours after
  // its start (it runs every hour until window_end).
  [`ALTER TABLE push_schedules ADD COLUMN best_hour BOOLEAN DEFAULT false`, `ALTER TABLE push_schedules ADD COLUMN window_end TIMESTAMP`],
  // v10: what people wrote back (inbound texts that are not entries, survey answers), each read as an opt-out,
  // a help request or feedback by ace_reply_type (import/reply-words.ts); a STOP reply is an opt-out consent reads.
  [
    `CREATE TABLE replies (
      received_at TIMESTAMP NOT NULL, text VARCHAR NOT NULL, channel VARCHAR, email VARCHAR, phone VARCHAR, keyword VARCHAR,
      media_buy_id VARCHAR, question VARCHAR, reply_id VARCHAR, attrs JSON, import_id INTEGER, line BIGINT)`,
    REPLY_TYPE_MACRO,
    `CREATE OR REPLACE VIEW consent_optouts AS
       SELECT channel, address, opted_out_at FROM optouts
       UNION ALL SELECT channel, address, occurred_at FROM message_events WHERE event IN ('unsubscribed', 'complained')
       UNION ALL SELECT channel, CASE channel WHEN 'sms' THEN phone ELSE email END, received_at FROM replies
         WHERE ace_reply_type(text, channel) = 'opt_out' AND CASE channel WHEN 'sms' THEN phone ELSE email END IS NOT NULL`,
  ],
  // v11: the campaign's official rules as data, every saved version kept (core/rules).
  [`CREATE TABLE official_rules (version INTEGER PRIMARY KEY, rules JSON NOT NULL, saved_at TIMESTAMP DEFAULT current_timestamp)`],
  // v12: the version of the official rules a draw followed (NULL or 0: none) and its odds (per entry or per person).
  [`ALTER TABLE draws ADD COLUMN rules_version INTEGER`, `ALTER TABLE draws ADD COLUMN odds VARCHAR`],
  // v13: commit before reveal: seeds made ahead of a draw with only their hash shown, and the draw that used one.
  [
    `CREATE TABLE draw_commitments (
      commitment_id VARCHAR PRIMARY KEY, seed_hash VARCHAR NOT NULL, seed VARCHAR NOT NULL,
      committed_at TIMESTAMP DEFAULT current_timestamp, used_by VARCHAR)`,
    `ALTER TABLE draws ADD COLUMN commitment_id VARCHAR`,
  ],
  // v14: reviewers' decisions on people flagged for fraud (every decision kept; the latest counts).
  [
    `CREATE TABLE fraud_reviews (
      entrant UBIGINT NOT NULL, decision VARCHAR NOT NULL, note VARCHAR, reviewed_by VARCHAR, reviewed_at TIMESTAMP DEFAULT current_timestamp)`,
    // When a draw was made as far as fraud decisions go: people confirmed as fraud by then were out of its pool.
    `ALTER TABLE draws ADD COLUMN fraud_as_of TIMESTAMP`,
  ],
  // v15: prize fulfilment after a draw (every step kept with who and when).
  [
    `CREATE TABLE winner_steps (
      draw_id VARCHAR NOT NULL, entrant UBIGINT NOT NULL, step VARCHAR NOT NULL, note VARCHAR,
      by_user VARCHAR, done_at TIMESTAMP DEFAULT current_timestamp)`,
  ],
  // v16: who sends each push now (one program at a time on a shared lake: core/deliver/lease.ts).
  [
    `CREATE TABLE push_leases (push_id VARCHAR PRIMARY KEY, holder VARCHAR, expires_at TIMESTAMP)`,
    `INSERT INTO push_leases SELECT push_id, NULL, NULL FROM pushes`,
  ],
  // v17: reproducible by snapshot (#24): the lake snapshot a draw or a push read (NULL on a DuckDB file, which
  // keeps none), and a push's segment as it matched then (how many people, their fingerprint).
  [
    `ALTER TABLE draws ADD COLUMN snapshot BIGINT`,
    `ALTER TABLE pushes ADD COLUMN snapshot BIGINT`,
    `ALTER TABLE pushes ADD COLUMN segment_people BIGINT`,
    `ALTER TABLE pushes ADD COLUMN segment_print VARCHAR`,
  ],
  // v18: audience sync (core/sync): a list kept equal to a segment. The last synced state per person (what the
  // list holds as far as we know), each run, its operations and their numbered batches (sent exactly once).
  [
    `CREATE TABLE syncs (
      sync_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, segment_id VARCHAR NOT NULL, channel VARCHAR NOT NULL, fields JSON NOT NULL,
      connector_id VARCHAR NOT NULL, mode VARCHAR NOT NULL, guard_pct DOUBLE NOT NULL, batch_size INTEGER,
      every_hours INTEGER, next_run_at TIMESTAMP, schedule_note VARCHAR, created_at TIMESTAMP DEFAULT current_timestamp)`,
    `CREATE TABLE sync_state (sync_id VARCHAR, entrant UBIGINT, contact_id VARCHAR, address VARCHAR, print VARCHAR, synced_at TIMESTAMP)`,
    `CREATE TABLE sync_runs (
      run_id VARCHAR PRIMARY KEY, sync_id VARCHAR NOT NULL, segment_version INTEGER, status VARCHAR NOT NULL, planned JSON NOT NULL,
      started_at TIMESTAMP DEFAULT current_timestamp, finished_at TIMESTAMP, last_error VARCHAR, snapshot BIGINT, started_by VARCHAR,
      seq INTEGER)`,
    `CREATE TABLE sync_ops (
      run_id VARCHAR, batch INTEGER, op VARCHAR, entrant UBIGINT, contact_id VARCHAR, address VARCHAR, previous_address VARCHAR,
      fields JSON, print VARCHAR, consent_at TIMESTAMP, reason VARCHAR, status VARCHAR, result VARCHAR)`,
    `CREATE TABLE sync_batches (
      run_id VARCHAR, batch INTEGER, op VARCHAR, idempotency_key VARCHAR, contacts INTEGER, status VARCHAR, attempts INTEGER DEFAULT 0,
      last_error VARCHAR, sent_at TIMESTAMP)`,
  ],
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export const DATASET_TABLES = {
  media_buys: 'media_buys',
  spend: 'spend',
  entries: 'entries',
  redemptions: 'redemptions',
  stores: 'stores',
  contacts: 'contacts',
  optouts: 'optouts',
  message_events: 'message_events',
  replies: 'replies',
} as const;
