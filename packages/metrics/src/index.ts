export {
  compareItems,
  type ItemAlignment,
  type ItemAlignmentOptions,
  itemAlignments,
} from "./item-alignment.js";
export * from "./stance.js";
