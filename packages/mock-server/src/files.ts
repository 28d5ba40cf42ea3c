import type { StateDir } from "./persistence.js";

export interface FileObject {
  id: string;
  object: "file";
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  status: "processed";
  status_details: null;
  expires_at: number | null;
}

export const filePurposes = [
  "batch",
  "batch_output",
  "fine-tune",
  "assistants",
  "vision",
  "user_data",
  "evals",
];

/** Uploaded and generated files, in memory (and in the state directory when there is one). */
export class FileStore {
  private readonly files = new Map<string, { meta: FileObject; content: Buffer }>();

  constructor(private readonly disk: StateDir | undefined) {}

  async load(): Promise<void> {
    if (!this.disk) return;
    for (const { text } of await this.disk.readAll("files", ".json")) {
      const meta = JSON.parse(text) as FileObject;
      this.files.set(meta.id, { meta, content: await this.disk.read("files", `${meta.id}.bin`) });
    }
  }

  async add(id: string, filename: string, purpose: string, content: Buffer): Promise<FileObject> {
    const meta: FileObject = {
      id,
      object: "file",
      bytes: content.length,
      created_at: Math.floor(Date.now() / 1000),
      filename,
      purpose,
      status: "processed",
      status_details: null,
      expires_at: null,
    };
    this.files.set(id, { meta, content });
    if (this.disk) {
      await this.disk.write("files", `${id}.bin`, content);
      await this.disk.write("files", `${id}.json`, JSON.stringify(meta));
    }
    return meta;
  }

  get(id: string): { meta: FileObject; content: Buffer } | undefined {
    return this.files.get(id);
  }

  list(purpose?: string): FileObject[] {
    return [...this.files.values()]
      .map((f) => f.meta)
      .filter((m) => purpose === undefined || m.purpose === purpose)
      .sort((a, b) => b.created_at - a.created_at);
  }

  async delete(id: string): Promise<boolean> {
    const existed = this.files.delete(id);
    if (existed && this.disk) {
      await this.disk.remove("files", `${id}.json`);
      await this.disk.remove("files", `${id}.bin`);
    }
    return existed;
  }
}
