import { describe, expect, it } from "vitest";
import { groupForecast } from "./forecast.js";

describe("group forecast", () => {
  it("is the mean probability with a Poisson-binomial normal interval", () => {
    const g = groupForecast("x", [0.5, 0.5, 0.5, 0.5], [true, false, null, true]);
    expect(g.expectedShare).toBe(0.5);
    // sd of the share = sqrt(4 * .25) / 4 = .25
    expect(g.high - g.expectedShare).toBeCloseTo(1.959964 * 0.25, 6);
    expect(g.observedShare).toBeNull();
    expect(groupForecast("y", [0, 0], [false, false])).toMatchObject({ low: 0, high: 0, observedShare: 0 });
    expect(groupForecast("z", [0.99, 0.99], [true, true]).high).toBe(1);
  });
});
