// The TensorFlow.js surface valens uses: core ops and the layers API, what the `@tensorflow/tfjs`
// umbrella re-exports minus webgl, converter and data (≈140 MB installed for nothing). Only ever
// imported as types (`import type * as TfModule`); runtime.ts loads the modules themselves.
export * from "@tensorflow/tfjs-core";
export * from "@tensorflow/tfjs-layers";
