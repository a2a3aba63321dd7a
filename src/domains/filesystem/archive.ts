import { Buffer } from "node:buffer";

/**
 * The archive format `compress` writes. It is text, so an archive is an ordinary file of the
 * simulated filesystem, and its size is its UTF-8 byte length like any other file's. It is a pure
 * function of the members' names and contents: no zlib, whose output may differ between versions.
 *
 *   ATZ1\n
 *   <member name>\t<bytes>\n    one line per member, in the order given
 *   \n
 *   <body>                       the members' contents concatenated, LZ77-coded
 *
 * In the body a back-reference is NUL, the distance and the length in base 36 (in code points),
 * "," between and ";" after: "\0k,9;" copies 9 code points starting 20 back. A literal NUL is "\0;".
 */

export interface ArchiveMember {
  readonly name: string;
  readonly content: string;
}

const MAGIC = "ATZ1";
const KEY = 4; // code points hashed to find match candidates
const MIN_MATCH = 6; // shorter matches would not be shorter than their token
const WINDOW = 32_768;
const CANDIDATES = 16; // most recent positions tried per key: bounds the work on repetitive text

export function packArchive(members: readonly ArchiveMember[]): string {
  const header = members.map((m) => `${m.name}\t${Buffer.byteLength(m.content, "utf8")}\n`).join("");
  return `${MAGIC}\n${header}\n${lzEncode(members.map((m) => m.content).join(""))}`;
}

export function unpackArchive(archive: string): ArchiveMember[] {
  const headerEnd = archive.indexOf("\n\n");
  if (!archive.startsWith(`${MAGIC}\n`) || headerEnd < 0) throw new Error("not an ATZ1 archive");
  const lines = archive
    .slice(MAGIC.length + 1, headerEnd + 1)
    .split("\n")
    .slice(0, -1);
  const body = Buffer.from(lzDecode(archive.slice(headerEnd + 2)), "utf8");
  let offset = 0;
  return lines.map((line) => {
    const tab = line.lastIndexOf("\t");
    const bytes = Number(line.slice(tab + 1));
    const content = body.subarray(offset, offset + bytes).toString("utf8");
    offset += bytes;
    return { name: line.slice(0, tab), content };
  });
}

export function lzEncode(text: string): string {
  const cps = Array.from(text); // code points, so a match never splits a surrogate pair
  const heads = new Map<string, number[]>();
  const remember = (p: number): void => {
    if (p + KEY > cps.length) return;
    const key = cps.slice(p, p + KEY).join("");
    const list = heads.get(key);
    if (!list) heads.set(key, [p]);
    else if (list.push(p) > CANDIDATES) list.shift();
  };
  const out: string[] = [];
  let i = 0;
  while (i < cps.length) {
    let bestLen = 0;
    let bestDist = 0;
    const candidates = i + KEY <= cps.length ? heads.get(cps.slice(i, i + KEY).join("")) : undefined;
    for (let c = (candidates?.length ?? 0) - 1; c >= 0; c--) {
      const p = candidates?.[c] ?? 0;
      if (i - p > WINDOW) break;
      let len = 0;
      while (i + len < cps.length && cps[p + len] === cps[i + len]) len++;
      if (len > bestLen) {
        bestLen = len;
        bestDist = i - p;
      }
    }
    if (bestLen >= MIN_MATCH) {
      out.push(`\0${bestDist.toString(36)},${bestLen.toString(36)};`);
      for (let k = 0; k < bestLen; k++) remember(i + k);
      i += bestLen;
    } else {
      const ch = cps[i] ?? "";
      out.push(ch === "\0" ? "\0;" : ch);
      remember(i);
      i++;
    }
  }
  return out.join("");
}

export function lzDecode(body: string): string {
  const cps = Array.from(body);
  const out: string[] = [];
  let i = 0;
  while (i < cps.length) {
    const ch = cps[i] ?? "";
    if (ch !== "\0") {
      out.push(ch);
      i++;
      continue;
    }
    const end = cps.indexOf(";", i);
    if (end < 0) throw new Error("truncated back-reference");
    if (end === i + 1) {
      out.push("\0");
    } else {
      const [dist = 0, len = 0] = cps
        .slice(i + 1, end)
        .join("")
        .split(",")
        .map((s) => Number.parseInt(s, 36));
      // One at a time: a match may overlap the text it produces (a run).
      for (let k = 0; k < len; k++) out.push(out[out.length - dist] ?? "");
    }
    i = end + 1;
  }
  return out.join("");
}
