/** What a rule concludes about one resource. INSUFFICIENT_DATA is never produced: Config rejects it from custom rules. */
export type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';

export interface Verdict {
  readonly compliance: ComplianceType;
  /** The message the user reads in the Config console: what is wrong and how to fix it. */
  readonly annotation: string;
}

export const compliant = (annotation: string): Verdict => ({ compliance: 'COMPLIANT', annotation });
export const nonCompliant = (annotation: string): Verdict => ({ compliance: 'NON_COMPLIANT', annotation });
export const notApplicable = (annotation: string): Verdict => ({ compliance: 'NOT_APPLICABLE', annotation });

/** Config accepts annotations of 1 to 256 characters. A longer one is cut visibly, never silently. */
export const MAX_ANNOTATION = 256;

export function fitAnnotation(text: string): string {
  const trimmed = text.trim() || 'no detail';
  if (trimmed.length <= MAX_ANNOTATION) return trimmed;
  return `${trimmed.slice(0, MAX_ANNOTATION - 1)}…`;
}
