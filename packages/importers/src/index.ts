export * from "./released/index.js";
export * from "./table/index.js";
