// The reasons a provider may give when it withdraws or defers an NPQ participant.

/** Note the full stop ending `quality-of-programme-structure-not-suitable.`: it is part of the value. */
export const NPQ_WITHDRAW_REASONS = [
  'insufficient-capacity-to-undertake-programme',
  'personal-reason-health-or-pregnancy-related',
  'personal-reason-moving-school',
  'personal-reason-other',
  'insufficient-capacity',
  'change-in-developmental-or-personal-priorities',
  'change-in-school-circumstances',
  'change-in-school-leadership',
  'quality-of-programme-structure-not-suitable.',
  'quality-of-programme-content-not-suitable',
  'quality-of-programme-facilitation-not-effective',
  'quality-of-programme-accessibility',
  'quality-of-programme-other',
  'programme-not-appropriate-for-role-and-cpd-needs',
  'started-in-error',
  'expected-commitment-unclear',
  'other',
] as const;
export type NpqWithdrawReason = (typeof NPQ_WITHDRAW_REASONS)[number];

export const NPQ_DEFER_REASONS = ['bereavement', 'long-term-sickness', 'parental-leave', 'career-break', 'other'] as const;
export type NpqDeferReason = (typeof NPQ_DEFER_REASONS)[number];
