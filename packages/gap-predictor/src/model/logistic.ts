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
  const x0 = new Float64Array(dim);
  if (options.initial) {
    x0.set(options.initial.weights.subarray(0, dim - 1));
    x0[dim - 1] = options.initial.bias;
  }
  const x = minimiseLbfgs(
    logLossObjective(rows, labels, options),
    x0,
    options.maxIterations ?? 200,
    options.tolerance ?? 1e-5,
  );
  return { weights: x.slice(0, dim - 1), bias: x[dim - 1] as number };
}

/** f(x) and its gradient (written into `grad`); x holds the weights, then the bias. */
type Objective = (x: Float64Array, grad: Float64Array) => number;

/** The (sample-weighted) mean log loss plus l2/2 |w|^2 over sparse rows. */
function logLossObjective(
  rows: SparseRows,
  labels: ArrayLike<number>,
  options: FitLogisticOptions,
): Objective {
  const dim = rows.dim + 1;
  const n = rows.n;
  const sw = options.sampleWeights;
  let total = 0;
  for (let i = 0; i < n; i++) total += sw ? (sw[i] as number) : 1;
  const scale = total > 0 ? 1 / total : 1;
  const { offsets, indices, values } = rows;
  return (x, grad) => {
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
}

/** The last few steps s and gradient changes y of L-BFGS (memory 10). */
interface History {
  s: Float64Array[];
  y: Float64Array[];
  rho: number[];
}
const MEMORY = 10;

function minimiseLbfgs(
  evaluate: Objective,
  x0: Float64Array,
  maxIterations: number,
  tolerance: number,
): Float64Array {
  const dim = x0.length;
  const history: History = { s: [], y: [], rho: [] };
  let x: Float64Array = x0;
  let g: Float64Array = new Float64Array(dim);
  let f = evaluate(x, g);
  const direction = new Float64Array(dim);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let gmax = 0;
    for (let j = 0; j < dim; j++) gmax = Math.max(gmax, Math.abs(g[j] as number));
    if (gmax < tolerance) break;
    let slope = searchDirection(history, g, direction);
    if (slope >= 0) {
      // Not a descent direction: restart from the gradient.
      for (let j = 0; j < dim; j++) direction[j] = -(g[j] as number);
      slope = dot(g, direction);
      history.s.length = 0;
      history.y.length = 0;
      history.rho.length = 0;
    }
    const first = iteration === 0 && history.s.length === 0;
    const next = lineSearch(evaluate, x, f, direction, slope, first ? 1 / Math.max(1, Math.sqrt(-slope)) : 1);
    if (next === null) break;
    remember(history, x, g, next.x, next.g);
    const improvement = f - next.f;
    x = next.x;
    g = next.g;
    f = next.f;
    if (improvement < 1e-10 * Math.max(1, Math.abs(f))) break;
  }
  return x;
}

/** Two-loop recursion: direction = -H g; returns the slope g . direction. */
function searchDirection(history: History, g: Float64Array, direction: Float64Array): number {
  const { s, y, rho } = history;
  const alpha = new Float64Array(s.length);
  direction.set(g);
  for (let m = s.length - 1; m >= 0; m--) {
    const a = (rho[m] as number) * dot(s[m] as Float64Array, direction);
    alpha[m] = a;
    axpy(-a, y[m] as Float64Array, direction);
  }
  if (s.length > 0) {
    const last = s.length - 1;
    const gamma =
      dot(s[last] as Float64Array, y[last] as Float64Array) /
      dot(y[last] as Float64Array, y[last] as Float64Array);
    for (let j = 0; j < direction.length; j++) direction[j] = (direction[j] as number) * gamma;
  }
  for (let m = 0; m < s.length; m++) {
    const beta = (rho[m] as number) * dot(y[m] as Float64Array, direction);
    axpy((alpha[m] as number) - beta, s[m] as Float64Array, direction);
  }
  for (let j = 0; j < direction.length; j++) direction[j] = -(direction[j] as number);
  return dot(g, direction);
}

/** Backtracking Armijo line search from `step`; null when no step lowers f enough. */
function lineSearch(
  evaluate: Objective,
  x: Float64Array,
  f: number,
  direction: Float64Array,
  slope: number,
  step: number,
): { x: Float64Array; g: Float64Array; f: number } | null {
  const dim = x.length;
  const xNext = new Float64Array(dim);
  const gNext = new Float64Array(dim);
  for (let tries = 0; tries < 30; tries++) {
    for (let j = 0; j < dim; j++) xNext[j] = (x[j] as number) + step * (direction[j] as number);
    const fNext = evaluate(xNext, gNext);
    if (fNext <= f + 1e-4 * step * slope) return { x: xNext, g: gNext, f: fNext };
    step *= 0.5;
  }
  return null;
}

function remember(
  history: History,
  x: Float64Array,
  g: Float64Array,
  xNext: Float64Array,
  gNext: Float64Array,
) {
  const dim = x.length;
  const sk = new Float64Array(dim);
  const yk = new Float64Array(dim);
  for (let j = 0; j < dim; j++) {
    sk[j] = (xNext[j] as number) - (x[j] as number);
    yk[j] = (gNext[j] as number) - (g[j] as number);
  }
  const sy = dot(sk, yk);
  if (sy <= 1e-12) return;
  if (history.s.length === MEMORY) {
    history.s.shift();
    history.y.shift();
    history.rho.shift();
  }
  history.s.push(sk);
  history.y.push(yk);
  history.rho.push(1 / sy);
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] = (y[i] as number) + a * (x[i] as number);
}
