/** Each reviewed person's latest decision on their fraud flags (fraud_reviews keeps every decision). */
export const LATEST_REVIEW = `(SELECT entrant, arg_max(decision, reviewed_at) AS decision, arg_max(note, reviewed_at) AS note,
  arg_max(reviewed_by, reviewed_at) AS reviewed_by, max(reviewed_at) AS reviewed_at FROM fraud_reviews GROUP BY entrant)`;
