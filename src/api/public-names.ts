// The one place internal vocabulary becomes the API's (stored names → the names each version shows).

/** Withdrawals recorded before the 2025 programme-type change surface with their new name. */
export function publicWithdrawReason(reason: string): string {
  return reason === 'school-left-fip' ? 'switched-to-school-led' : reason;
}

/** Declaration states are stored with underscores and shown dasherised. */
export function publicDeclarationState(state: string): string {
  return state.replaceAll('_', '-');
}

/** School programme choices as the API names them since the 2025 change. */
export function publicInductionProgrammeChoice(choice: string): string {
  switch (choice) {
    case 'full_induction_programme':
    case 'school_funded_fip':
      return 'provider_led';
    case 'core_induction_programme':
    case 'design_our_own':
      return 'school_led';
    default:
      return choice;
  }
}

/** Statement `month` and `year` come from its name ("May 2025"). */
export function statementMonthAndYear(name: string): { month: string; year: string } {
  return { month: name.split(/\s+/)[0] ?? '', year: /\d+/.exec(name)?.[0] ?? '' };
}

/** A partnership is `challenged` once the school has given a challenge reason (see docs/partnerships.md). */
export function publicPartnershipStatus(challengeReason: string | null): 'active' | 'challenged' {
  return challengeReason ? 'challenged' : 'active';
}

/** A duplicate declaration's state reason, as v3 `ineligible_for_funding_reason` names it. */
export function publicIneligibleForFundingReason(state: string, stateReason: string | null): 'duplicate_declaration' | null {
  return state === 'ineligible' && stateReason === 'duplicate' ? 'duplicate_declaration' : null;
}
