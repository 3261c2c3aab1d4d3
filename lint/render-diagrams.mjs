#!/usr/bin/env node
// Redraws docs/images/<process>.svg from bpmn/<process>.bpmn with bpmn-js (the modeler's own
// renderer) in headless Chromium, for every diagram the docs show. Run it after changing a process:
//
//   node lint/render-diagrams.mjs
//
// Not part of the tests: the pictures are documentation. Needs Debian's chromium (or CHROMIUM_PATH).

import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const requireFromRoot = createRequire(path.join(ROOT, 'package.json'));
const IMAGES = path.join(ROOT, 'docs', 'images');
const OUT = path.join(ROOT, 'target', 'render-diagrams');
const { chromium } = requireFromRoot('playwright-core');

await mkdir(OUT, { recursive: true });
const viewer = path.join(path.dirname(requireFromRoot.resolve('bpmn-js/package.json')), 'dist', 'bpmn-viewer.production.min.js');
await writeFile(path.join(OUT, 'index.html'), `<!DOCTYPE html><html><head><meta charset="utf-8">
<script src="${pathToFileURL(viewer).href}"></script></head><body><div id="canvas" style="width:1600px;height:900px"></div>
<script>
  window.toSvg = async xml => {
    const viewer = new BpmnJS({ container: '#canvas' });
    await viewer.importXML(xml);
    const { svg } = await viewer.saveSVG();
    viewer.destroy();
    return svg;
  };
</script></body></html>`);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium' });
try {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(path.join(OUT, 'index.html')).href);
  for (const file of (await readdir(path.join(ROOT, 'bpmn'))).filter(f => f.endsWith('.bpmn')).sort()) {
    const target = path.join(IMAGES, file.replace(/\.bpmn$/, '.svg'));
    if (!existsSync(target)) continue;
    const svg = await page.evaluate(xml => window.toSvg(xml), await readFile(path.join(ROOT, 'bpmn', file), 'utf8'));
    const before = await readFile(target, 'utf8');
    await writeFile(target, svg);
    console.log(`${before === svg ? 'unchanged' : 'redrawn  '} docs/images/${path.basename(target)}`);
  }
} finally {
  await browser.close();
}
