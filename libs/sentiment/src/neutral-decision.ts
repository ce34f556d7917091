/**
 * The 3-class rule: neutral when pNeutral + β·(1 − |2·pPositive − 1|) ≥ threshold, so a message the
 * polarity head cannot call either way leans neutral. Shared by the trainer, which tunes β and the
 * threshold, and the scorer, so that production runs exactly the rule that was tuned.
 */
export class NeutralDecision {
  static neutrality(neutralProb: number, positiveProb: number, uncertaintyWeight: number): number {
    return neutralProb + uncertaintyWeight * (1 - Math.abs(2 * positiveProb - 1));
  }
}
