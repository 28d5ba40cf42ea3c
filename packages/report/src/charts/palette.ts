/**
 * Okabe-Ito: eight categorical colours distinguishable with the common colour-vision deficiencies
 * (Okabe & Ito 2008). Yellow is left last because it is weak on white.
 */
export const OKABE_ITO = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#CC79A7",
  "#56B4E9",
  "#D55E00",
  "#000000",
  "#F0E442",
] as const;

/** Perceptually uniform and colour-blind-safe sequential scheme for the heatmaps. */
export const HEATMAP_SCHEME = "viridis";

export const PRIMARY = OKABE_ITO[0];
export const ACCENT = OKABE_ITO[5];
