import { ValensError, type ValensErrorOptions } from "./valens-error.js";

/** A download failed (network, HTTP status) or did not match its published checksum. Exit code 5. */
export class DownloadError extends ValensError {
  static override readonly marker: string = "valens.error.DownloadError";
  override readonly name = "DownloadError";
  constructor(message: string, options: ValensErrorOptions = {}) {
    super("download", message, options);
  }
}
