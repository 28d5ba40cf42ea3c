import { basename, dirname, isAbsolute, relative, sep } from "node:path";

/**
 * How a report names a local directory: never absolute, so a report shared with others does
 * not carry the builder's home or working directory. Inside the working directory: the path
 * relative to it; elsewhere: the directory's last two parts ("…/runs/claude").
 */
export function displayPath(dir: string, cwd: string = process.cwd()): string {
  if (!isAbsolute(dir)) return dir.split(/[\\/]+/).join("/");
  const rel = relative(cwd, dir);
  if (rel === "") return ".";
  if (!rel.startsWith("..") && !isAbsolute(rel)) return rel.split(sep).join("/");
  const parent = basename(dirname(dir));
  return parent === "" || parent === sep ? basename(dir) : `…/${parent}/${basename(dir)}`;
}
