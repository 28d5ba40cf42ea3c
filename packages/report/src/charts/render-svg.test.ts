import { describe, expect, it } from "vitest";
import { externalReferences } from "./render-svg.js";

describe("externalReferences", () => {
  it("finds what a browser would fetch: URL attributes, url(), @import", () => {
    const svg = [
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">',
      "<image xlink:href=\"https://evil.example/a.png\"/><use href='//cdn.example/s.svg#x'/>",
      '<style>@import "https://fonts.example/f.css"; g { fill: url(http://x.example/p) }</style>',
      "</svg>",
    ].join("");
    expect(externalReferences(svg)).toEqual([
      "https://evil.example/a.png",
      "//cdn.example/s.svg#x",
      "http://x.example/p",
      "https://fonts.example/f.css",
    ]);
  });

  it("lets fragments, inline data and text that merely reads like a URL pass", () => {
    const svg =
      '<svg><use href="#bar"/><rect style="fill: url(#grad)"/><image href="data:image/png;base64,AA"/>' +
      '<text aria-label="model: http://x/y">http://x/y</text></svg>';
    expect(externalReferences(svg)).toEqual([]);
  });
});
