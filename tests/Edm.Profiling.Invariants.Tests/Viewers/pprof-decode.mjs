// Decodes pprof files with Datadog's pprof-format package (an independent reader of profile.proto) and
// prints, as JSON, per file: the header fields, the string table's first entry, and every sample with
// its stack resolved to function names, files and lines (leaf first). Numbers are printed as strings,
// as they may be 64-bit. Usage: node pprof-decode.mjs <file.pb.gz>...
import fs from 'node:fs';
import zlib from 'node:zlib';
import { Profile } from 'pprof-format';

const text = n => String(n ?? 0);
const results = [];
for (const path of process.argv.slice(2)) {
  const bytes = fs.readFileSync(path);
  const gzipped = bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  const profile = Profile.decode(gzipped ? zlib.gunzipSync(bytes) : bytes);
  const strings = profile.stringTable.strings;
  const str = i => strings[Number(i)];
  const functions = new Map(profile.function.map(f => [text(f.id), f]));
  const locations = new Map(profile.location.map(l => [text(l.id), l]));
  const frame = id => {
    const location = locations.get(text(id));
    if (!location) return { missing: text(id) };
    return location.line.map(line => {
      const fn = functions.get(text(line.functionId));
      return fn
        ? { name: str(fn.name), systemName: str(fn.systemName), file: str(fn.filename), startLine: text(fn.startLine), line: text(line.line) }
        : { missing: text(line.functionId) };
    })[0];
  };
  results.push({
    file: path,
    gzipped,
    firstString: strings[0],
    sampleTypes: profile.sampleType.map(t => ({ type: str(t.type), unit: str(t.unit) })),
    defaultSampleType: str(profile.defaultSampleType),
    periodType: profile.periodType ? { type: str(profile.periodType.type), unit: str(profile.periodType.unit) } : null,
    period: text(profile.period),
    timeNanos: text(profile.timeNanos),
    durationNanos: text(profile.durationNanos),
    comments: profile.comment.map(str),
    mappings: profile.mapping.map(m => ({ id: text(m.id), file: str(m.filename), hasFunctions: !!m.hasFunctions })),
    samples: profile.sample.map(s => ({
      stack: s.locationId.map(frame),
      values: s.value.map(text),
      labels: Object.fromEntries(s.label.map(l => [str(l.key), str(l.str)])),
    })),
  });
}

console.log(JSON.stringify(results));
