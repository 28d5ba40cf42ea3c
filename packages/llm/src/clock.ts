// The clock lives in core now (the mock server shares it); this keeps llm's own imports short.
export { type Clock, type ClockTimer, ManualClock, SkipAheadClock, sleepOn, systemClock } from "@valens/core";
