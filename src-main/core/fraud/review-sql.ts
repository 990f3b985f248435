/**
 * Each reviewed person's latest decision on their fraud flags (fraud_reviews keeps every decision); with
 * `asOf` (SQL of a timestamp), the latest as of then: a draw re-run later sees the decisions it was drawn with.
 */
export const latestReviewSql = (
  asOf?: string,
) => `(SELECT entrant, arg_max(decision, reviewed_at) AS decision, arg_max(note, reviewed_at) AS note,
  arg_max(reviewed_by, reviewed_at) AS reviewed_by, max(reviewed_at) AS reviewed_at FROM fraud_reviews
  ${asOf ? `WHERE reviewed_at <= ${asOf}` : ''} GROUP BY entrant)`;

export const LATEST_REVIEW = latestReviewSql();

/** SQL: the entrants confirmed as fraud (as of `asOf`, when given). */
export const confirmedFraudSql = (asOf?: string) => `SELECT entrant FROM ${latestReviewSql(asOf)} WHERE decision = 'confirmed'`;
