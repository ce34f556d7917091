/**
 * Platt scaling: maps SVM margins to probabilities, p = sigmoid(a·m + b). Fitted on out-of-fold
 * margins (margins on training items themselves are over-confident), with Platt's smoothed targets
 * and a damped Newton method (Lin, Lin & Weng 2007).
 */
export class PlattCalibrator {
  static fit(margins: ArrayLike<number>, labels: ArrayLike<number>): { a: number; b: number } {
    const n = margins.length;
    let pos = 0;
    for (let i = 0; i < n; i++) pos += labels[i] === 1 ? 1 : 0;
    const neg = n - pos;
    const hiTarget = (pos + 1) / (pos + 2);
    const loTarget = 1 / (neg + 2);
    let a = 1;
    let b = Math.log((neg + 1) / (pos + 1)) * -1;
    const loss = (aa: number, bb: number): number => {
      let f = 0;
      for (let i = 0; i < n; i++) {
        const t = labels[i] === 1 ? hiTarget : loTarget;
        const z = aa * margins[i] + bb;
        // log(1 + e^z) - t z, computed stably
        f += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - t * z;
      }
      return f;
    };
    let current = loss(a, b);
    for (let iter = 0; iter < 100; iter++) {
      let h11 = 1e-12;
      let h22 = 1e-12;
      let h21 = 0;
      let g1 = 0;
      let g2 = 0;
      for (let i = 0; i < n; i++) {
        const t = labels[i] === 1 ? hiTarget : loTarget;
        const p = 1 / (1 + Math.exp(-(a * margins[i] + b)));
        const d = p * (1 - p);
        h11 += margins[i] * margins[i] * d;
        h22 += d;
        h21 += margins[i] * d;
        g1 += margins[i] * (p - t);
        g2 += p - t;
      }
      if (Math.abs(g1) < 1e-6 && Math.abs(g2) < 1e-6) break;
      const det = h11 * h22 - h21 * h21;
      const da = -(h22 * g1 - h21 * g2) / det;
      const db = -(-h21 * g1 + h11 * g2) / det;
      let step = 1;
      while (step > 1e-8) {
        const next = loss(a + step * da, b + step * db);
        if (next < current + 1e-4 * step * (g1 * da + g2 * db)) {
          a += step * da;
          b += step * db;
          current = next;
          break;
        }
        step /= 2;
      }
      if (step <= 1e-8) break;
    }
    return { a, b };
  }
}
