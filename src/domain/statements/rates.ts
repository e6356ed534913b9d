import { Decimal } from 'decimal.js';

// Every fixed number a statement's payment is built from, in one place. Amounts and shares are
// Decimals so no payment passes through binary floating point.

/** Decimal arithmetic for money: 40 significant digits (far beyond any statement), halves away from zero. */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Money = Decimal;

/** Statements pay whole pence: two decimal places. */
export const PENCE_PLACES = 2;

/** VAT at the standard rate, added to a statement when its lead provider is VAT-registered. */
export const VAT_RATE = new Money('0.2');

/**
 * The share of a band's output payment that each declaration type earns: the start and the
 * completion a fifth each, every retention (and extension) point the remaining shares.
 */
export const DECLARATION_TYPE_SHARE: Readonly<Record<string, Money>> = {
  started: new Money('0.2'),
  completed: new Money('0.2'),
  'retained-1': new Money('0.15'),
  'retained-2': new Money('0.15'),
  'retained-3': new Money('0.15'),
  'retained-4': new Money('0.15'),
  'extended-1': new Money('0.15'),
  'extended-2': new Money('0.15'),
  'extended-3': new Money('0.15'),
};

/** The contract's service fee is paid in this many equal monthly instalments. */
export const SERVICE_FEE_INSTALMENTS = 29;

/**
 * From the 2025 cohort mentors are paid a flat rate per participant, half on the start and half
 * on the completion.
 */
export const MENTOR_DECLARATION_SHARE: Readonly<Record<string, Money>> = {
  started: new Money('0.5'),
  completed: new Money('0.5'),
};

/** The flat mentor rate when a contract names none: the standard per-mentor payment. */
export const DEFAULT_MENTOR_FEE_PER_PARTICIPANT = new Money('1000');

/**
 * Uplifts (sparsity or pupil premium, at the contract's uplift amount, once per participant even
 * if both apply) are paid on this declaration type only.
 */
export const UPLIFT_DECLARATION_TYPE = 'started';

/** Bands are numbered from participant 1; a band starting at 0 starts at 1. */
export const FIRST_PARTICIPANT = 1;

/** Line-item states a statement pays, and those it claws back. */
export const BILLABLE_LINE_STATES = ['eligible', 'payable', 'paid'] as const;
export const REFUNDABLE_LINE_STATES = ['awaiting_clawback', 'clawed_back'] as const;
