export * from "./action-record.js";
export * from "./item.js";
export * from "./run-manifest.js";
export * from "./task1-record.js";
export * from "./task2-record.js";
export * from "./variant-order.js";
