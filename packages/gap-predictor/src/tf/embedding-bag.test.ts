import { describe, expect, it } from "vitest";
import { embeddingBag, embeddingBagStockOps } from "./embedding-bag.js";
import { loadTf } from "./runtime.js";

describe("embedding bag kernels", () => {
  it("pools each field's rows by masked mean and back-propagates to the rows used", async () => {
    const { tf, backend } = await loadTf();
    expect(["wasm", "cpu", "tensorflow"]).toContain(backend);
    const table = tf.tensor2d([0, 0, 1, 2, 3, 4, 5, 6], [4, 2]);
    // two rows, two fields of length 3; 0 is padding
    const ids = tf.tensor2d([1, 2, 0, 3, 0, 0, 0, 0, 0, 2, 2, 3], [2, 6], "int32");
    for (const name of ["wasm", "cpu"]) {
      await tf.setBackend(name);
      const out = embeddingBag(tf, table, ids, 2);
      expect(out.shape).toEqual([2, 4]);
      const values = [...(await out.data())];
      [2, 3, 5, 6, 0, 0, (3 + 3 + 5) / 3, (4 + 4 + 6) / 3].forEach((v, i) => {
        expect(values[i]).toBeCloseTo(v, 5);
      });
      // d(sum of outputs)/d(table): each use of a row contributes 1/count of its field
      const grad = tf.grad((t) => tf.sum(embeddingBag(tf, t, ids, 2)))(table);
      expect([...(await grad.data())].map((v) => Number(v.toFixed(6)))).toEqual(
        [0, 0, 0.5, 0.5, 0.5 + 2 / 3, 0.5 + 2 / 3, 1 + 1 / 3, 1 + 1 / 3].map((v) => Number(v.toFixed(6))),
      );
    }
    // The stock-ops path (tfjs-node) gives the same values and gradients.
    await tf.setBackend("cpu");
    const stock = embeddingBagStockOps(tf, table, ids, 2);
    expect([...(await stock.data())]).toEqual([...(await embeddingBag(tf, table, ids, 2).data())]);
    const g1 = tf.grad((t) => tf.sum(embeddingBagStockOps(tf, t, ids, 2)))(table);
    const g2 = tf.grad((t) => tf.sum(embeddingBag(tf, t, ids, 2)))(table);
    [...(await g1.data())].forEach((v, i) => {
      expect(v).toBeCloseTo((g2.dataSync()[i] as number) ?? Number.NaN, 5);
    });
    await tf.setBackend(backend);
  });
});
