import type { SparseVector } from './linear-head';

/** Binary training data in one hash space: label 1 is the positive class of the head. */
export interface BinaryTrainingSet {
  vectors: SparseVector[];
  labels: Uint8Array;
  /** Per-example weight (cost multiplier); corrections from agents weigh more. */
  weights: Float32Array;
}

export interface LinearTrainOptions {
  bits: number;
  /** SVM cost: larger fits the training data harder. */
  c: number;
  epochs: number;
  /** Smoothing of the NB log-count ratios; 0 turns NB scaling off. */
  nbAlpha: number;
  seed: number;
}

export interface TrainedLinear {
  /** Weights with the NB scaling already folded in, so scoring is a plain dot product. */
  weights: Float32Array;
  bias: number;
}

/**
 * NB-SVM (Wang & Manning 2012): features are scaled by their naive-Bayes log-count ratio, then an
 * L2-regularised, L2-loss linear SVM is fitted by dual coordinate descent (Hsieh et al. 2008, the
 * LIBLINEAR solver). Dual CD needs no learning rate and converges in a few passes over sparse text
 * features, which keeps training within seconds on two cores.
 */
export class LinearClassifierTrainer {
  train(set: BinaryTrainingSet, options: LinearTrainOptions): TrainedLinear {
    const dim = 1 << options.bits;
    const scale = options.nbAlpha > 0 ? this.logCountRatios(set, dim, options.nbAlpha) : new Float32Array(dim).fill(1);
    const n = set.vectors.length;
    const w = new Float64Array(dim);
    let wBias = 0;
    const alpha = new Float64Array(n);
    const diag = new Float64Array(n);
    const qii = new Float64Array(n);
    const y = new Int8Array(n);
    for (let i = 0; i < n; i++) {
      const v = set.vectors[i];
      y[i] = set.labels[i] === 1 ? 1 : -1;
      diag[i] = 0.5 / (options.c * set.weights[i]);
      let sq = 1; // the bias feature
      for (let k = 0; k < v.indices.length; k++) {
        const x = scale[v.indices[k]] * v.value;
        sq += x * x;
      }
      qii[i] = sq + diag[i];
    }
    const order = Int32Array.from({ length: n }, (_v, i) => i);
    let rng = options.seed >>> 0 || 1;
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      for (let i = n - 1; i > 0; i--) {
        rng ^= rng << 13;
        rng ^= rng >>> 17;
        rng ^= rng << 5;
        const j = (rng >>> 0) % (i + 1);
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      let maxViolation = 0;
      for (let o = 0; o < n; o++) {
        const i = order[o];
        const v = set.vectors[i];
        let dot = wBias;
        for (let k = 0; k < v.indices.length; k++) {
          const idx = v.indices[k];
          dot += w[idx] * scale[idx] * v.value;
        }
        const g = y[i] * dot - 1 + diag[i] * alpha[i];
        const pg = alpha[i] === 0 ? Math.min(g, 0) : g;
        if (Math.abs(pg) > maxViolation) maxViolation = Math.abs(pg);
        if (pg === 0) continue;
        const old = alpha[i];
        alpha[i] = Math.max(old - g / qii[i], 0);
        const delta = (alpha[i] - old) * y[i];
        if (delta === 0) continue;
        for (let k = 0; k < v.indices.length; k++) {
          const idx = v.indices[k];
          w[idx] += delta * scale[idx] * v.value;
        }
        wBias += delta;
      }
      if (maxViolation < 0.01) break;
    }
    const folded = new Float32Array(dim);
    for (let j = 0; j < dim; j++) folded[j] = w[j] * scale[j];
    return { weights: folded, bias: wBias };
  }

  /** log of (share of the feature in class 1) / (share in class 0), over binary presence, weighted. */
  private logCountRatios(set: BinaryTrainingSet, dim: number, alpha: number): Float32Array {
    const p = new Float64Array(dim);
    const q = new Float64Array(dim);
    let pSum = 0;
    let qSum = 0;
    for (let i = 0; i < set.vectors.length; i++) {
      const target = set.labels[i] === 1 ? p : q;
      const weight = set.weights[i];
      const indices = set.vectors[i].indices;
      for (let k = 0; k < indices.length; k++) target[indices[k]] += weight;
      if (set.labels[i] === 1) pSum += weight * indices.length;
      else qSum += weight * indices.length;
    }
    const pNorm = Math.log(pSum + alpha * dim);
    const qNorm = Math.log(qSum + alpha * dim);
    const r = new Float32Array(dim);
    for (let j = 0; j < dim; j++) r[j] = Math.log(p[j] + alpha) - pNorm - (Math.log(q[j] + alpha) - qNorm);
    return r;
  }
}
