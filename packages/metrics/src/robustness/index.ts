export { type Task1Agreement, type Task2Agreement, task1Agreement, task2Agreement } from "./agreement.js";
export { type OrderPair, type PositionBias, positionBias } from "./position-bias.js";
export { type Robustness, robustness } from "./robustness.js";
export { type VariantEstimate, type VariantFigures, variantFigures } from "./variant-figures.js";
