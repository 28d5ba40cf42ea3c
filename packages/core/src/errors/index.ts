export { DownloadError } from "./download-error.js";
export { type ErrorCode, errorCodes, isErrorCode } from "./error-code.js";
export { FormatVersionError } from "./format-version-error.js";
export { InputError } from "./input-error.js";
export { describeParseError, parsePosition } from "./parse-position.js";
export { type CatalogKind, UnknownNameError } from "./unknown-name-error.js";
export { UsageError } from "./usage-error.js";
export { type ErrorLocation, ValensError, type ValensErrorOptions } from "./valens-error.js";
export { describeZodIssue, firstZodIssue } from "./zod-issue.js";
