import type * as TfModule from "./tfjs.js";

type Tf = typeof TfModule;
type Tensor = TfModule.Tensor;

const FORWARD = "ValensEmbeddingBag";
const BACKWARD = "ValensEmbeddingBagGrad";
/** Backends whose built-in gather is too slow (wasm) or lacks the gradient kernel (wasm). */
const JS_KERNEL_BACKENDS = ["wasm", "cpu"] as const;

interface TensorInfoLike {
  dataId: unknown;
  shape: number[];
  dtype?: string;
}
interface KernelBackendLike {
  readSync(dataId: unknown): ArrayLike<number>;
  makeOutput?: (shape: number[], dtype: string, offset?: number, values?: Float32Array) => TensorInfoLike;
  makeTensorInfo?: (shape: number[], dtype: string, values?: Float32Array) => TensorInfoLike;
  typedArrayFromHeap?: (info: TensorInfoLike) => Float32Array | Int32Array;
}

/**
 * Runs `compute(inputs..., out)` on plain typed arrays. On wasm the output is allocated in the
 * heap first and every array is a zero-copy heap view: wasm's readSync copies with
 * HEAPU8.slice, which on its shared (threaded) memory is slow enough to dominate inference.
 * On cpu (makeTensorInfo(shape, dtype, values)) readSync returns the stored arrays.
 */
function runOnArrays(
  backend: unknown,
  inputs: readonly TensorInfoLike[],
  shape: number[],
  compute: (arrays: ArrayLike<number>[], out: Float32Array) => void,
): TensorInfoLike {
  const b = backend as KernelBackendLike;
  const size = shape.reduce((a, c) => a * c, 1);
  if (!b.makeTensorInfo && b.makeOutput && b.typedArrayFromHeap) {
    const info = b.makeOutput(shape, "float32");
    const views = inputs.map((i) =>
      (b.typedArrayFromHeap as (x: TensorInfoLike) => Float32Array | Int32Array)(i),
    );
    const out = b.typedArrayFromHeap(info) as Float32Array;
    out.fill(0);
    compute(views, out);
    return info;
  }
  if (b.makeTensorInfo) {
    const out = new Float32Array(size);
    compute(
      inputs.map((i) => b.readSync(i.dataId)),
      out,
    );
    return b.makeTensorInfo(shape, "float32", out);
  }
  throw new Error("backend cannot make outputs");
}

/** What tfjs passes a registered kernel. */
interface KernelArgs {
  inputs: Record<string, TensorInfoLike>;
  backend: unknown;
  attrs: Record<string, unknown>;
}

/**
 * Masked mean of embedding rows per field: ids [n, fields * length] -> out [n, fields * dim],
 * out[n, f] = mean over ids[n, f, l] > 0 of table[ids[n, f, l]]; one pass over the ids in JS.
 * The stock tfjs path (gather + mask + mean) is ~100x slower on the WebAssembly backend, whose
 * gather gradient kernel (UnsortedSegmentSum) does not exist at all.
 */
function forwardKernel({ inputs, backend, attrs }: KernelArgs) {
  const fields = attrs.fields as number;
  const table = inputs.table as TensorInfoLike;
  const ids = inputs.ids as TensorInfoLike;
  const [rows = 0, dim = 0] = table.shape;
  const n = ids.shape[0] ?? 0;
  const segments = n * fields;
  const length = (ids.shape[1] ?? fields) / fields;
  return runOnArrays(backend, [table, ids], [n, fields * dim], ([tv, iv], out) => {
    const t = tv as Float32Array;
    const x = iv as Int32Array;
    for (let r = 0; r < segments; r++) {
      let count = 0;
      const o = r * dim;
      const base = r * length;
      for (let l = 0; l < length; l++) {
        const id = x[base + l] as number;
        if (id <= 0 || id >= rows) continue;
        count++;
        const row = id * dim;
        for (let k = 0; k < dim; k++) out[o + k] = (out[o + k] as number) + (t[row + k] as number);
      }
      if (count > 1) {
        const scale = 1 / count;
        for (let k = 0; k < dim; k++) out[o + k] = (out[o + k] as number) * scale;
      }
    }
  });
}

/** Gradient w.r.t. the table: dense [rows, dim], each row the sum of dy / count over its uses. */
function backwardKernel({ inputs, backend, attrs }: KernelArgs) {
  const dy = inputs.dy as TensorInfoLike;
  const ids = inputs.ids as TensorInfoLike;
  const rows = attrs.rows as number;
  const fields = attrs.fields as number;
  const dim = (dy.shape[1] ?? 0) / fields;
  const n = (ids.shape[0] ?? 0) * fields;
  const length = (ids.shape[1] ?? fields) / fields;
  return runOnArrays(backend, [dy, ids], [rows, dim], ([dv, iv], out) => {
    const d = dv as Float32Array;
    const x = iv as Int32Array;
    for (let r = 0; r < n; r++) {
      const base = r * length;
      let count = 0;
      for (let l = 0; l < length; l++) {
        const id = x[base + l] as number;
        if (id > 0 && id < rows) count++;
      }
      if (count === 0) continue;
      const scale = 1 / count;
      const o = r * dim;
      for (let l = 0; l < length; l++) {
        const id = x[base + l] as number;
        if (id <= 0 || id >= rows) continue;
        const t = id * dim;
        for (let k = 0; k < dim; k++) out[t + k] = (out[t + k] as number) + (d[o + k] as number) * scale;
      }
    }
  });
}

const registered = new WeakSet<object>();

/** Registers the kernels and the layer class with this tf instance (idempotent). */
export function registerEmbeddingBag(tf: Tf): void {
  if (registered.has(tf)) return;
  registered.add(tf);
  for (const backendName of JS_KERNEL_BACKENDS) {
    if (!tf.getKernel(FORWARD, backendName)) {
      tf.registerKernel({ kernelName: FORWARD, backendName, kernelFunc: forwardKernel as never });
      tf.registerKernel({ kernelName: BACKWARD, backendName, kernelFunc: backwardKernel as never });
    }
  }
  if (!tf.getGradient(FORWARD)) {
    tf.registerGradient({
      kernelName: FORWARD,
      inputsToSave: ["table", "ids"],
      gradFunc: (dy, saved, attrs) => {
        const [table, ids] = saved as [Tensor, Tensor];
        const fields = (attrs as { fields: number }).fields;
        return {
          table: () =>
            tf
              .engine()
              .runKernel(
                BACKWARD,
                { dy: dy as Tensor, ids },
                { rows: table.shape[0] as number, fields },
              ) as Tensor,
          ids: () => tf.zerosLike(ids),
        };
      },
    });
  }
  tf.serialization.registerClass(defineLayer(tf));
}

/**
 * Masked mean embedding per field on any backend: ids [n, fields * length] -> [n, fields * dim].
 * The JS kernels where registered (wasm, cpu), stock ops elsewhere (tfjs-node): same result.
 */
export function embeddingBag(tf: Tf, table: Tensor, ids: Tensor, fields: number): Tensor {
  const backend = tf.getBackend();
  if ((JS_KERNEL_BACKENDS as readonly string[]).includes(backend)) {
    return tf.engine().runKernel(FORWARD, { table, ids }, { fields }) as Tensor;
  }
  return embeddingBagStockOps(tf, table, ids, fields);
}

/** The same computation with stock tfjs ops (used on tfjs-node, whose gather is native). */
export function embeddingBagStockOps(tf: Tf, table: Tensor, ids: Tensor, fields: number): Tensor {
  return tf.tidy(() => {
    const n = ids.shape[0] as number;
    const grouped = tf.reshape(ids, [n, fields, (ids.shape[1] as number) / fields]);
    const mask = tf.cast(tf.greater(grouped, 0), "float32");
    const rows = tf.gather(table, grouped);
    const summed = tf.sum(tf.mul(rows, tf.expandDims(mask, -1)), 2);
    const mean = tf.div(summed, tf.expandDims(tf.maximum(tf.sum(mask, 2), 1), -1));
    return tf.reshape(mean, [n, fields * (table.shape[1] as number)]);
  });
}

export interface EmbeddingBagConfig {
  inputDim: number;
  outputDim: number;
  /** Fields side by side in the input, each pooled separately. */
  fields: number;
  seed: number;
  name?: string;
}

let layerClass: (new (config: EmbeddingBagConfig) => TfModule.layers.Layer) | undefined;

function defineLayer(tf: Tf) {
  class EmbeddingBagLayer extends tf.layers.Layer {
    static className = "ValensEmbeddingBag";
    readonly inputDim: number;
    readonly outputDim: number;
    readonly fields: number;
    readonly seed: number;
    private table: TfModule.LayerVariable | undefined;

    constructor(config: EmbeddingBagConfig) {
      super(config.name === undefined ? {} : { name: config.name });
      this.inputDim = config.inputDim;
      this.outputDim = config.outputDim;
      this.fields = config.fields;
      this.seed = config.seed;
    }

    override build(): void {
      this.table = this.addWeight(
        "table",
        [this.inputDim, this.outputDim],
        "float32",
        tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: this.seed }),
      );
      this.built = true;
    }

    override computeOutputShape(inputShape: TfModule.Shape | TfModule.Shape[]): TfModule.Shape {
      const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as TfModule.Shape;
      return [shape[0] ?? null, this.fields * this.outputDim];
    }

    override call(inputs: Tensor | Tensor[]): Tensor {
      const ids = Array.isArray(inputs) ? (inputs[0] as Tensor) : inputs;
      return tf.tidy(() => {
        const intIds = ids.dtype === "int32" ? ids : tf.cast(ids, "int32");
        return embeddingBag(tf, (this.table as TfModule.LayerVariable).read(), intIds, this.fields);
      });
    }

    override getConfig(): TfModule.serialization.ConfigDict {
      return {
        ...super.getConfig(),
        inputDim: this.inputDim,
        outputDim: this.outputDim,
        fields: this.fields,
        seed: this.seed,
      };
    }
  }
  layerClass = EmbeddingBagLayer as unknown as typeof layerClass;
  return EmbeddingBagLayer;
}

export function createEmbeddingBag(config: EmbeddingBagConfig): TfModule.layers.Layer {
  if (!layerClass) throw new Error("loadTf() must run before layers are created");
  return new layerClass(config);
}
