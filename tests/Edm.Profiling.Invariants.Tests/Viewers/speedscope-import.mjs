// Imports files with speedscope's own importer (the npm package's release bundle, the code the web
// app runs on a dropped file) and prints, as JSON, per file: the warnings the importer logged and
// each imported profile's name, total weight and per-frame self and total weights.
//
// The bundle is a browser app; its importers are reached by exposing the promise of its lazily
// loaded import module, and it runs in a bare context where the app's own start-up (which needs a
// page) fails harmlessly. Usage: node speedscope-import.mjs <file>...
import fs from 'node:fs';
import vm from 'node:vm';

const release = new URL('./node_modules/speedscope/dist/release/', import.meta.url);
const bundle = fs.readdirSync(release).find(f => /^speedscope-.*\.js$/.test(f));
const importModule = 'var jr=Promise.resolve().then(()=>(Sf(),kf));';
let code = fs.readFileSync(new URL(bundle, release), 'utf8');
if (!code.includes(importModule)) {
  console.error(`speedscope-import.mjs: ${bundle} is not the speedscope 1.25.0 bundle this script reads (package-lock.json pins it)`);
  process.exit(2);
}
code = code.replace(importModule, importModule + 'globalThis.__speedscopeImporters=jr;');

const warnings = [];
const log = (...parts) => warnings.push(parts.map(String).join(' '));
const context = {
  console: { ...console, warn: log, error: log, log: () => {}, info: () => {} },
  TextDecoder, TextEncoder, setTimeout, clearTimeout, URL, Promise,
  location: { hash: '', search: '', href: 'http://localhost/', protocol: 'http:' },
  navigator: { userAgent: 'node', platform: 'node' },
};
context.globalThis = context.window = context.self = context;
vm.createContext(context);
try {
  vm.runInContext(code, context);
} catch {
  // the app's start-up needs a page; the importers do not
}

const importers = await context.__speedscopeImporters;
const results = [];
for (const path of process.argv.slice(2)) {
  warnings.length = 0;
  const group = await importers.importProfileGroupFromText(path.split(/[\\/]/).pop(), fs.readFileSync(path, 'utf8'));
  const profiles = (group?.profiles ?? []).map(profile => {
    const frames = [];
    profile.forEachFrame(frame => frames.push({ name: frame.name, self: frame.getSelfWeight(), total: frame.getTotalWeight() }));
    return { name: profile.getName(), totalWeight: profile.getTotalWeight(), frames };
  });
  results.push({ file: path, imported: group != null, warnings: [...warnings], profiles });
}

console.log(JSON.stringify(results));
