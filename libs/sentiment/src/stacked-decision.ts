import type { StackerData } from './sentiment-model';

/** Number of stacker inputs: four head margins, |polarity margin| and a constant. */
export const STACKER_INPUTS = 6;

/** Raw margins of the four linear heads of one language for one message. */
export interface HeadMargins {
  polarity: number;
  neutral: number;
  positive: number;
  negative: number;
}

/** Probabilities the stacker derives from the head margins. */
export interface StackedEstimate {
  /** P(positive) among polar readings, from the binary stacker (before any degree sharpening). */
  positiveLogit: number;
  /** Softmax of the 3-class stacker over (positive, negative, neutral). */
  ternary: [number, number, number];
}

/**
 * A second, tiny layer over the linear heads' margins (stacking). The heads are trained one-vs-rest
 * (polar: positive vs negative; neutral vs polar; positive vs rest; negative vs rest); their margins
 * disagree in informative ways that one threshold on one head cannot use. Two multinomial logistic
 * regressions are fitted on out-of-fold margins of the training split: a 3-class one (on sources
 * that annotate neutral) that decides neutral vs polar, and a binary one (on every polar item) that
 * decides the sign. Both are six numbers per class, so scoring stays a handful of multiplications.
 */
export class StackedDecision {
  static inputs(m: HeadMargins, out: Float64Array): Float64Array {
    out[0] = m.polarity;
    out[1] = m.neutral;
    out[2] = m.positive;
    out[3] = m.negative;
    out[4] = Math.abs(m.polarity);
    out[5] = 1;
    return out;
  }

  static estimate(stacker: StackerData, x: Float64Array): StackedEstimate {
    const z = [0, 0, 0];
    for (let k = 0; k < 3; k++) z[k] = StackedDecision.dot(stacker.ternary[k], x);
    const max = Math.max(z[0], z[1], z[2]);
    const e0 = Math.exp(z[0] - max);
    const e1 = Math.exp(z[1] - max);
    const e2 = Math.exp(z[2] - max);
    const sum = e0 + e1 + e2;
    return { positiveLogit: StackedDecision.dot(stacker.binary, x), ternary: [e0 / sum, e1 / sum, e2 / sum] };
  }

  /**
   * Multinomial logistic regression by full-batch gradient descent with a small L2 penalty: six
   * inputs and a few ten thousand rows converge in a few hundred steps. Returns one weight row per class.
   */
  static fitSoftmax(
    rows: readonly Float64Array[],
    labels: ArrayLike<number>,
    classes: number,
    steps = 300,
  ): number[][] {
    const dim = STACKER_INPUTS;
    const w = Array.from({ length: classes }, () => new Float64Array(dim));
    const grad = Array.from({ length: classes }, () => new Float64Array(dim));
    const z = new Float64Array(classes);
    const rate = 0.5;
    const l2 = 1e-4;
    for (let step = 0; step < steps; step++) {
      for (const g of grad) g.fill(0);
      for (let n = 0; n < rows.length; n++) {
        const x = rows[n];
        let max = -Infinity;
        for (let k = 0; k < classes; k++) {
          z[k] = StackedDecision.dot(w[k], x);
          if (z[k] > max) max = z[k];
        }
        let sum = 0;
        for (let k = 0; k < classes; k++) {
          z[k] = Math.exp(z[k] - max);
          sum += z[k];
        }
        for (let k = 0; k < classes; k++) {
          const g = z[k] / sum - (labels[n] === k ? 1 : 0);
          for (let d = 0; d < dim; d++) grad[k][d] += g * x[d];
        }
      }
      for (let k = 0; k < classes; k++) {
        for (let d = 0; d < dim; d++) w[k][d] -= rate * (grad[k][d] / Math.max(rows.length, 1) + l2 * w[k][d]);
      }
    }
    return w.map((row) => Array.from(row));
  }

  private static dot(w: ArrayLike<number>, x: Float64Array): number {
    let s = 0;
    for (let d = 0; d < STACKER_INPUTS; d++) s += w[d] * x[d];
    return s;
  }
}
