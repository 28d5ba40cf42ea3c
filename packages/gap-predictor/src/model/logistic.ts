import { sigmoid } from "../train/calibration.js";

/** Examples as compressed sparse rows: row i is indices/values[offsets[i] .. offsets[i+1]). */
export interface SparseRows {
  n: number;
  dim: number;
  offsets: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

export interface LogisticModel {
  weights: Float64Array;
  bias: number;
}

export interface FitLogisticOptions {
  /** L2 penalty on the weights (not the bias), per example: loss = mean log loss + l2/2 |w|^2. */
  l2: number;
  /** Per-example weights (default 1). */
  sampleWeights?: ArrayLike<number>;
  maxIterations?: number;
  /** Stop when the gradient's largest entry falls below this. */
  tolerance?: number;
  /** Start from this model (a warm start, e.g. the fit at a neighbouring penalty). */
  initial?: LogisticModel;
}

/** Logits w.x + b of each row. */
export function logisticLogits(model: LogisticModel, rows: SparseRows): Float64Array {
  const out = new Float64Array(rows.n);
  const { offsets, indices, values } = rows;
  const w = model.weights;
  for (let i = 0; i < rows.n; i++) {
    let z = model.bias;
    for (let k = offsets[i] as number; k < (offsets[i + 1] as number); k++)
      z += (w[indices[k] as number] ?? 0) * (values[k] as number);
    out[i] = z;
  }
  return out;
}

/**
 * L2-regularised logistic regression by L-BFGS (memory 10, backtracking Armijo line search).
 * Convex, so the fit is deterministic and does not depend on a seed. Written here rather than
 * taken from npm: the packages there are dense and unregularised or gradient-descent only, and
 * hashed bag-of-words rows are sparse (tens of thousands of columns, a few hundred non-zeros).
 */
export function fitLogistic(
  rows: SparseRows,
  labels: ArrayLike<number>,
  options: FitLogisticOptions,
): LogisticModel {
  const dim = rows.dim + 1; // the last coordinate is the bias
  const n = rows.n;
  const sw = options.sampleWeights;
  let total = 0;
  for (let i = 0; i < n; i++) total += sw ? (sw[i] as number) : 1;
  const scale = total > 0 ? 1 / total : 1;
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-5;
  const { offsets, indices, values } = rows;

  const evaluate = (x: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    const b = x[dim - 1] as number;
    for (let i = 0; i < n; i++) {
      let z = b;
      const start = offsets[i] as number;
      const end = offsets[i + 1] as number;
      for (let k = start; k < end; k++) z += (x[indices[k] as number] as number) * (values[k] as number);
      const y = labels[i] as number;
      const weight = (sw ? (sw[i] as number) : 1) * scale;
      // log(1 + e^z) - y z, stably
      loss += weight * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y * z);
      const d = weight * (sigmoid(z) - y);
      for (let k = start; k < end; k++)
        grad[indices[k] as number] = (grad[indices[k] as number] as number) + d * (values[k] as number);
      grad[dim - 1] = (grad[dim - 1] as number) + d;
    }
    for (let j = 0; j < dim - 1; j++) {
      const xj = x[j] as number;
      loss += 0.5 * options.l2 * xj * xj;
      grad[j] = (grad[j] as number) + options.l2 * xj;
    }
    return loss;
  };

  const memory = 10;
  const s: Float64Array[] = [];
  const yv: Float64Array[] = [];
  const rho: number[] = [];
  let x = new Float64Array(dim);
  if (options.initial) {
    x.set(options.initial.weights.subarray(0, dim - 1));
    x[dim - 1] = options.initial.bias;
  }
  let g = new Float64Array(dim);
  let f = evaluate(x, g);
  const direction = new Float64Array(dim);
  const alpha = new Float64Array(memory);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let gmax = 0;
    for (let j = 0; j < dim; j++) gmax = Math.max(gmax, Math.abs(g[j] as number));
    if (gmax < tolerance) break;
    // Two-loop recursion: direction = -H g.
    direction.set(g);
    for (let m = s.length - 1; m >= 0; m--) {
      const a = (rho[m] as number) * dot(s[m] as Float64Array, direction);
      alpha[m] = a;
      axpy(-a, yv[m] as Float64Array, direction);
    }
    if (s.length > 0) {
      const last = s.length - 1;
      const gamma =
        dot(s[last] as Float64Array, yv[last] as Float64Array) /
        dot(yv[last] as Float64Array, yv[last] as Float64Array);
      for (let j = 0; j < dim; j++) direction[j] = (direction[j] as number) * gamma;
    }
    for (let m = 0; m < s.length; m++) {
      const beta = (rho[m] as number) * dot(yv[m] as Float64Array, direction);
      axpy((alpha[m] as number) - beta, s[m] as Float64Array, direction);
    }
    for (let j = 0; j < dim; j++) direction[j] = -(direction[j] as number);
    let slope = dot(g, direction);
    if (slope >= 0) {
      // Not a descent direction: restart from the gradient.
      for (let j = 0; j < dim; j++) direction[j] = -(g[j] as number);
      slope = dot(g, direction);
      s.length = 0;
      yv.length = 0;
      rho.length = 0;
    }
    let step = iteration === 0 && s.length === 0 ? 1 / Math.max(1, Math.sqrt(-slope)) : 1;
    const xNext = new Float64Array(dim);
    const gNext = new Float64Array(dim);
    let fNext = f;
    let accepted = false;
    for (let tries = 0; tries < 30; tries++) {
      for (let j = 0; j < dim; j++) xNext[j] = (x[j] as number) + step * (direction[j] as number);
      fNext = evaluate(xNext, gNext);
      if (fNext <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
    const sk = new Float64Array(dim);
    const yk = new Float64Array(dim);
    for (let j = 0; j < dim; j++) {
      sk[j] = (xNext[j] as number) - (x[j] as number);
      yk[j] = (gNext[j] as number) - (g[j] as number);
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12) {
      if (s.length === memory) {
        s.shift();
        yv.shift();
        rho.shift();
      }
      s.push(sk);
      yv.push(yk);
      rho.push(1 / sy);
    }
    const improvement = f - fNext;
    x = xNext;
    g = gNext;
    f = fNext;
    if (improvement < 1e-10 * Math.max(1, Math.abs(f))) break;
  }
  return { weights: x.slice(0, dim - 1), bias: x[dim - 1] as number };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] = (y[i] as number) + a * (x[i] as number);
}
