#!/usr/bin/env node
// Renders every forms/*.form the way Tasklist (Camunda 8.8) does and checks it against the
// processes that use it.
//
//   npm run forms-in-browser          (also run by ./mvnw test, after the lint; -Dforms.browser.skip=true skips it)
//   UPDATE_SCREENSHOTS=1 ...          also rewrites docs/images/form-<form id>.png
//
// Renderer: @bpmn-io/form-js-viewer, the exact version Tasklist 8.8 depends on (see
// docs/forms.md), bundled with esbuild into target/forms-in-browser/ with its form-js.css, loaded
// from file:// in headless Chromium (Debian's chromium, /usr/bin/chromium or $CHROMIUM_PATH),
// driven by playwright-core. Every request that is not file:// is aborted and fails the test.
// Like Tasklist, the test calls form.submit() (Tasklist's "Complete task" / "Start process" does)
// and reads the data it returns; fields are filled with Playwright's real keyboard and mouse.
//
// Per form:
//   1. renders without console errors, page errors or import warnings; every field's label is shown
//      and not cut off at 640 px;
//   2. submitting it empty shows "Field is required." under exactly its required fields; each
//      other validate rule of a field (pattern, min, max, maxLength, integer, number) is fed a
//      breaking value and its message is shown; a required checkbox ticked and unticked again
//      is refused; letters typed into a number field are refused; a mistyped confirmation (which
//      form-js cannot check) makes the process's conditions comparing it false; a valid fill
//      submits with no error, exactly what was entered;
//   3. the keys and value types it submits (all fields filled, and only the required ones) are what
//      the process reads after the element that links the form (lint/process-variables.mjs derives
//      them from the BPMN and the job workers): every key has a reader, a user task's form submits
//      exactly the sources of the task's output mappings, every value has the type its readers
//      expect (a Java Long needs an integer, "x = \"approve\"" a string, a confirmation compared with
//      clusterName the type of clusterName), and an empty optional field submits null, not "",
//      where a reader expects a number;
//   4. the variables the form displays (templates, options) are ones the processes write;
//   5. screenshot of the filled form compared with / written to docs/images/form-<id>.png.
//
// Exit code 0 when every check passed, 1 on any failure, 2 when the tool itself failed.

import { readFile, readdir, mkdir, writeFile, copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  readWorkers, readProcesses, formLinks, readsAfter, outputMappings, bpmnWrites, feelReads, evaluateFeel
} from './process-variables.mjs';

const started = Date.now();
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const requireFromRoot = createRequire(path.join(ROOT, 'package.json'));
const OUT = path.join(ROOT, 'target', 'forms-in-browser');
const IMAGES = path.join(ROOT, 'docs', 'images');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const UPDATE_SCREENSHOTS = !!process.env.UPDATE_SCREENSHOTS;

const failures = [];
const notes = [];
const fail = (form, field, message) => failures.push(`${form}${field ? ` / ${field}` : ''}: ${message}`);
const note = (form, field, message) => notes.push(`${form}${field ? ` / ${field}` : ''}: ${message}`);

// What the workers put into the variables the forms display (Tasklist passes the task's
// variables to the form). Shapes follow the workers: ReadCatalogWorker's completeBackupChoices
// ({label, value} strings, "latest" first), PlanRestoreWorker's restorePlanSummary and
// manualSteps. Only their values are examples; check 4 makes sure each name is written by the
// processes and that every variable a form displays has an example here.
const EXAMPLE_CONTEXT = {
  clusterName: 'prod',
  restorePlanSummary: '## Restore plan for prod\n' +
    '- **Backup** 1733500000, taken 2024-12-06T15:46:40Z, Camunda 8.8.3, 3 partitions\n' +
    '- **Stops** Zeebe brokers and gateway, Operate, Tasklist, Optimize\n' +
    '- **Deletes** the Camunda indices of the cluster, then restores the backup\'s snapshots',
  approvalRefusal: null,
  completeBackupChoices: [
    { label: 'Latest complete backup (1733500000)', value: 'latest' },
    { label: '1733500000, taken 2024-12-06T15:46:40Z, Camunda 8.8.3, 3 partitions', value: '1733500000' },
    { label: '1733413600, taken 2024-12-05T15:46:40Z, Camunda 8.8.3, 3 partitions', value: '1733413600' }
  ],
  componentsStillRunning: null,
  manualSteps: {
    stopComponents: '### Stop the Camunda components of prod\n1. Scale the Zeebe brokers and gateway to 0\n2. Scale Operate, Tasklist and Optimize to 0\n3. Keep Elasticsearch/OpenSearch running',
    restoreZeebe: '### Restore the Zeebe brokers of prod\nOn each of the 3 brokers run `/usr/local/camunda/bin/restore --backupId=1733500000` and wait for the log line.',
    startComponents: '### Start the Camunda components of prod\nScale the Zeebe brokers, gateway, Operate, Tasklist and Optimize back to their original replicas.'
  }
};

// Process state for evaluating the flow conditions that compare a typed confirmation (check 2d):
// the variables of those conditions that are neither form keys nor the compared variable. A
// requester and two different approvers, four eyes on, no refusal pending.
const EXAMPLE_PROCESS_STATE = { requestedBy: 'carol', firstApprover: 'alice', secondApprover: 'bob', fourEyes: true, approvalRefusal: null };

// Example text for a valid fill, by field key, else by field type; a textfield with a pattern
// must match it (checked).
const EXAMPLE_TEXT = { note: 'Before upgrading to 8.8.3', pointInTime: '2024-12-06T15:40:00Z', textfield: 'prod', textarea: 'Plan checked with the on-call team' };
const EXAMPLE_NUMBER = '1733500000';
// tried in turn when a pattern refuses the example (valid fill) / accepts the bad value (pattern check)
const VALID_TEXT_CANDIDATES = [ 'prod', '1733500000', 'example', 'Example text' ];
const BAD_TEXT_CANDIDATES = [ 'Prod Cluster!', 'abc', '-', ' ', 'x'.repeat(300) ];

// -------------------------------------------------------------------------------------------

function jsType(value) {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeFits(expected, value) {
  const actual = jsType(value);
  if (expected === 'any') return true;
  if (expected === 'number') return actual === 'number' || actual === 'integer';
  return expected === actual;
}

async function bundle() {
  await mkdir(OUT, { recursive: true });
  const esbuild = requireFromRoot('esbuild');
  await esbuild.build({
    stdin: { contents: "export { Form, getSchemaVariables } from '@bpmn-io/form-js-viewer';", resolveDir: ROOT },
    bundle: true, format: 'iife', globalName: 'FormJs', minify: true, logLevel: 'silent',
    outfile: path.join(OUT, 'form-viewer.js')
  });
  const viewerDir = path.dirname(requireFromRoot.resolve('@bpmn-io/form-js-viewer/package.json'));
  await copyFile(path.join(viewerDir, 'dist/assets/form-js.css'), path.join(OUT, 'form-js.css'));
  await writeFile(path.join(OUT, 'index.html'), `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>form</title>
<link rel="stylesheet" href="form-js.css">
<style>body { margin: 0; background: #fff; font-family: sans-serif; } #form { width: 640px; padding: 16px 24px; }</style>
<script src="form-viewer.js"></script>
<script>
  window.render = async (schema, data) => {
    const form = new FormJs.Form({ container: document.getElementById('form') });
    window.formChanges = 0;
    form.on('changed', () => { window.formChanges++; });
    const { warnings } = await form.importSchema(schema, data);
    window.form = form;
    await window.settle();
    return warnings.map(w => String(w.message || w));
  };
  // Resolves once the form has stopped changing: Preact runs effects after a paint, and an
  // effect that updates the form re-renders its fields with the state's values, which wipes text
  // typed in between (form-js applies typed text after a debounce). A person cannot type in the
  // first frames after a form shows; a machine can, so every fill waits for this first.
  window.settle = async () => {
    const frame = () => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
    for (let quiet = 0, i = 0; quiet < 2 && i < 100; i++) {
      const before = window.formChanges;
      await frame();
      quiet = window.formChanges === before ? quiet + 1 : 0;
    }
  };
  window.submitForm = () => {
    const { data, errors } = window.form.submit();
    return { data, errors };
  };
  window.inputs = schema => FormJs.getSchemaVariables(schema, { inputs: true, outputs: false });
</script></head>
<body><div id="form"></div></body></html>
`);
  return pathToFileURL(path.join(OUT, 'index.html')).href;
}

function keyedFields(schema) {
  const out = [];
  const walk = components => {
    for (const c of components || []) {
      if (c.key) out.push(c);
      walk(c.components);
    }
  };
  walk(schema.components);
  return out;
}

/** The wrapper of a field in the rendered form (form-js ids end with -<field id>). */
function fieldWrapper(page, field) {
  return page.locator(`.fjs-form-field:has([id$="-${field.id}"], [id$="-${field.id}-0"])`).first();
}

async function fieldErrors(page, field) {
  return (await fieldWrapper(page, field).locator('.fjs-form-field-error').allInnerTexts()).join(' ').trim();
}

async function fill(page, field, value, paste = false) {
  const wrapper = fieldWrapper(page, field);
  switch (field.type) {
    case 'textfield':
    case 'textarea':
    case 'number': {
      const input = wrapper.locator('input, textarea').first();
      // focusing can update the form; typing starts once it has settled (see window.settle)
      await input.focus();
      await page.evaluate(() => window.settle());
      // Text is replaced by one input event below; a clearing event first could be applied last.
      if (field.type === 'number') await input.fill('');
      // A number field filters keystrokes, so it is typed key by key. Text goes in as one input
      // event (as a paste does): form-js debounces text input and, typed at machine speed on a
      // loaded machine, drops keystrokes that a person would not lose.
      if (paste || field.type !== 'number') await input.fill(String(value));
      else if (value !== '') await input.pressSequentially(String(value), { delay: 10 });
      await input.blur();
      if (field.type !== 'number') {
        // form-js applies text input after a debounce: on a busy machine a submit right after the
        // fill could still see the old value (CI saw "entered prod, submitted ''"). Wait until the
        // form's state holds what was entered; a later check reports it if it never does.
        await page.waitForFunction(({ key, entered }) => String(window.form._getState().data[key] ?? '') === entered,
          { key: field.key, entered: String(value) }, { timeout: 10000 }).catch(() => {});
      }
      return;
    }
    case 'checkbox': {
      const input = wrapper.locator('input[type=checkbox]');
      if ((await input.isChecked()) !== value) await input.click();
      return;
    }
    case 'radio':
      await wrapper.locator('.fjs-inline-label label', { hasText: field.values.find(o => o.value === value).label }).click();
      return;
    case 'select': {
      await wrapper.locator('.fjs-input-group').first().click();
      const label = (field.values || page.__context[field.valuesKey] || []).find(o => o.value === value)?.label;
      await wrapper.locator('.fjs-dropdownlist-item', { hasText: label }).first().click();
      return;
    }
    default:
      throw new Error(`no filler for field type ${field.type}`);
  }
}

async function submit(page) {
  return page.evaluate(() => window.submitForm());
}

/** A valid value per field: the compared variable's value for a confirmation, else an example. */
function validValue(field, context, reads) {
  const sameAs = (reads.get(field.key) || []).find(r => r.sameAs)?.sameAs;
  if (sameAs && context[sameAs] !== undefined) return context[sameAs];
  switch (field.type) {
    case 'textfield':
    case 'textarea': {
      const pattern = field.validate?.pattern && new RegExp(field.validate.pattern);
      const candidates = [ EXAMPLE_TEXT[field.key] ?? EXAMPLE_TEXT[field.type], ...VALID_TEXT_CANDIDATES ];
      return candidates.find(c => !pattern || pattern.test(c));
    }
    case 'number': return EXAMPLE_NUMBER;
    case 'checkbox': return true;
    case 'radio': return field.values[0].value;
    case 'select': return (field.values || context[field.valuesKey])[0].value;
    default: throw new Error(`no example value for field type ${field.type}`);
  }
}

/**
 * Inputs that break one validate rule each: {value, how, message, rule}. how: "type" (keystrokes),
 * "paste" (the value set at once, as a paste does), "untick", "type-then-clear". message: the
 * error the field must show; for a number field's typed letters there is none to show: form-js
 * refuses the keystrokes, so the check is that the field stays empty and submits no string.
 */
function breakingValues(field) {
  const v = field.validate || {};
  const cases = [];
  if (v.pattern) {
    // the first candidate the pattern refuses; none: the case fails with "no bad value found"
    const value = BAD_TEXT_CANDIDATES.find(c => !new RegExp(v.pattern).test(c));
    cases.push({ value, how: 'type', message: 'must match pattern', rule: `pattern ${v.pattern}` });
  }
  if (field.type === 'number') {
    cases.push({ value: 'abc', how: 'type', refused: true, rule: 'numeric (letters typed)' });
    cases.push({ value: 'abc', how: 'paste', display: 'NaN', rule: 'numeric (letters pasted)' });
    if (field.decimalDigits === 0) cases.push({ value: '12.5', how: 'paste', message: 'be an integer', rule: 'decimalDigits 0' });
    if ('min' in v) cases.push({ value: String(v.min - 1), how: 'type', message: 'minimum value', rule: `min ${v.min}` });
    if ('max' in v) cases.push({ value: String(BigInt(v.max) + 1n), how: 'type', message: 'maximum value', rule: `max ${v.max}` });
  }
  if ('maxLength' in v) cases.push({ value: 'x'.repeat(v.maxLength + 1), how: 'paste', message: 'maximum length', rule: `maxLength ${v.maxLength}` });
  if ('minLength' in v && v.minLength > 1) cases.push({ value: 'x'.repeat(v.minLength - 1), how: 'type', message: 'minimum length', rule: `minLength ${v.minLength}` });
  if (v.required && field.type === 'checkbox') cases.push({ how: 'untick', message: 'is required', rule: 'required (ticked, then unticked)' });
  if (v.required && (field.type === 'textfield' || field.type === 'textarea')) cases.push({ how: 'type-then-clear', message: 'is required', rule: 'required (typed, then cleared)' });
  return cases;
}

// -------------------------------------------------------------------------------------------

async function checkForm(browser, file, schema, link, analysis) {
  const formId = schema.id;
  const { processes, workers, writes } = analysis;
  const fields = keyedFields(schema);
  const reads = readsAfter(processes, workers, link.processId, link.element);
  const mappings = link.kind === 'user task' ? outputMappings(link.element) : [];
  const where = `${link.file} ${link.element.id} (${link.kind})`;

  const { page, problems } = browser;
  problems.length = 0;

  // the variables the form displays, with the examples the workers' shapes suggest
  const displayed = (await page.evaluate(s => window.inputs(s), schema))
    .filter(name => !fields.some(f => f.key === name));
  const data = {};
  for (const name of displayed) {
    if (!(name in EXAMPLE_CONTEXT)) fail(formId, null, `displays variable ${name}, which has no example in EXAMPLE_CONTEXT`);
    else data[name] = EXAMPLE_CONTEXT[name];
    if (!writes.has(name)) fail(formId, null, `displays variable ${name}, which no process or worker writes`);
  }
  // Tasklist also passes the task's variables the form's keys name; the approvals compare with clusterName
  for (const read of [ ...reads.values() ].flat()) {
    if (read.sameAs && fields.some(f => f.key === read.name) && EXAMPLE_CONTEXT[read.sameAs] !== undefined) data[read.sameAs] = EXAMPLE_CONTEXT[read.sameAs];
  }
  page.__context = data;

  const render = async () => {
    const warnings = await page.evaluate(([ s, d ]) => window.render(s, d), [ schema, data ]);
    for (const w of warnings) fail(formId, null, `import warning: ${w}`);
  };
  await page.evaluate(() => { document.getElementById('form').innerHTML = ''; });
  await render();

  // 1. labels
  for (const field of fields) {
    if (!field.label) {
      fail(formId, field.key, 'has no label');
      continue;
    }
    const wrapper = fieldWrapper(page, field);
    if (!(await wrapper.count())) {
      fail(formId, field.key, `is not rendered (no element with id ending -${field.id})`);
      continue;
    }
    const label = (await wrapper.locator('.fjs-form-field-label').first().innerText()).replace(/\*\s*$/, '').trim();
    if (label !== field.label) fail(formId, field.key, `label shows "${label}", the form says "${field.label}"`);
    if (!(await wrapper.isVisible())) fail(formId, field.key, 'is not visible');
    // form-js (and Tasklist's Carbon theme on top of it) keeps labels on one line and cuts off
    // what does not fit: at the test's 640 px form width every label and option must fit
    const cut = await wrapper.locator('.fjs-form-field-label').evaluateAll(labels =>
      labels.filter(l => l.scrollWidth > l.clientWidth + 1).map(l => l.textContent.replace(/\s+/g, ' ').replace(/\*$/, '').trim()));
    for (const text of cut) fail(formId, field.key, `label "${text}" is cut off at 640 px (form-js does not wrap labels): shorten it, or move detail to the description`);
  }

  // 2a. empty submit: "Field is required." under exactly the required fields
  const empty = await submit(page);
  for (const field of fields) {
    const shown = await fieldErrors(page, field);
    const required = !!field.validate?.required;
    if (required && !/Field is required/.test(shown)) fail(formId, field.key, `required, but submitting the empty form shows "${shown}" under it`);
    if (required && !empty.errors[field.id]) fail(formId, field.key, 'required, but the empty form submits without an error for it');
    if (!required && shown) fail(formId, field.key, `optional, but submitting the empty form shows "${shown}"`);
  }

  // 2b. values that break one rule each
  let badCases = 0;
  for (const field of fields) {
    for (const bad of breakingValues(field)) {
      await page.evaluate(() => { document.getElementById('form').innerHTML = ''; });
      await render();
      if (bad.how === 'untick') {
        await fill(page, field, true);
        await fill(page, field, false);
      } else if (bad.how === 'type-then-clear') {
        await fill(page, field, 'x');
        await fill(page, field, '');
      } else {
        if (bad.value === undefined) {
          fail(formId, field.key, `${bad.rule} accepts every bad value tried (${BAD_TEXT_CANDIDATES.map(c => JSON.stringify(c.slice(0, 20)))}): it validates nothing`);
          continue;
        }
        await fill(page, field, bad.value, bad.how === 'paste');
      }
      const result = await submit(page);
      const shown = await fieldErrors(page, field);
      const input = JSON.stringify(bad.value && bad.value.length > 20 ? bad.value.slice(0, 20) + '...' : bad.value ?? '');
      const display = await fieldWrapper(page, field).locator('input, textarea').first().inputValue();
      const submitted = result.data[field.key];
      badCases++;
      if (bad.message) {
        if (!shown.includes(bad.message)) fail(formId, field.key, `bad input ${input} (${bad.rule}, ${bad.how}): expected an error containing "${bad.message}", shown: "${shown}"`);
        if (!result.errors[field.id]) fail(formId, field.key, `bad input ${input} (${bad.rule}) submits without an error`);
      }
      if (bad.refused && display !== '') fail(formId, field.key, `bad input ${input} (${bad.rule}): the field took the keystrokes and shows "${display}"`);
      if (bad.display && display !== bad.display) fail(formId, field.key, `bad input ${input} (${bad.rule}): the field shows "${display}", expected "${bad.display}"`);
      if ((bad.refused || bad.display) && submitted !== null && submitted !== undefined) {
        fail(formId, field.key, `bad input ${input} (${bad.rule}) submits ${JSON.stringify(submitted)}; a non-number must never reach the process`);
      }
    }
  }

  // 2d. a typed confirmation the process compares with a variable (confirmClusterName =
  // clusterName): form-js 1.16 cannot compare a field with a variable, so a wrong one is submitted;
  // the process's flow conditions that compare it must then be false, and true for the right one
  for (const field of fields) {
    // compared with a variable the task already has (not one a later form provides)
    const compared = (reads.get(field.key) || []).filter(r => r.sameAs && /conditionExpression/.test(r.where) &&
      (data[r.sameAs] ?? EXAMPLE_CONTEXT[r.sameAs]) !== undefined && !fields.some(f => f.key === r.sameAs));
    if (!compared.length) continue;
    const fillAll = async wrong => {
      await page.evaluate(() => { document.getElementById('form').innerHTML = ''; });
      await render();
      for (const f of fields) {
        const value = validValue(f, data, reads);
        if (value !== undefined) await fill(page, f, f === field && wrong ? `${value}-typo` : value);
      }
      return submit(page);
    };
    const right = await fillAll(false);
    const wrong = await fillAll(true);
    badCases++;
    if (Object.keys(wrong.errors).length) {
      note(formId, field.key, `a wrong confirmation is refused by the form itself: ${JSON.stringify(wrong.errors)}`);
    }
    for (const read of compared) {
      const state = { ...EXAMPLE_PROCESS_STATE, [read.sameAs]: data[read.sameAs] ?? EXAMPLE_CONTEXT[read.sameAs] };
      const onRight = evaluateFeel(read.expression, { ...state, ...right.data });
      const onWrong = evaluateFeel(read.expression, { ...state, ...wrong.data });
      if (onWrong !== false) fail(formId, field.key, `wrong confirmation ${JSON.stringify(wrong.data[field.key])}: ${read.where} (${read.expression}) evaluates to ${onWrong}, expected false`);
      if (onRight !== true) fail(formId, field.key, `right confirmation ${JSON.stringify(right.data[field.key])}: ${read.where} (${read.expression}) evaluates to ${onRight}, expected true (example state ${JSON.stringify(state)})`);
    }
  }

  // 2c + 3. valid fills: all fields, then only the required ones
  const screenshotName = `form-${formId}.png`;
  const submissions = {};
  for (const variant of [ 'required fields only', 'all fields' ]) {
    await page.evaluate(() => { document.getElementById('form').innerHTML = ''; });
    await render();
    for (const field of fields) {
      if (variant === 'required fields only' && !field.validate?.required) continue;
      const value = validValue(field, data, reads);
      if (value === undefined) {
        fail(formId, field.key, `no example value matches its pattern ${field.validate?.pattern} (tried ${VALID_TEXT_CANDIDATES})`);
        continue;
      }
      await fill(page, field, value);
    }
    const result = await submit(page);
    for (const [ id, errors ] of Object.entries(result.errors)) {
      fail(formId, fields.find(f => f.id === id)?.key ?? id, `valid fill (${variant}) refused: ${errors.join(' ')}`);
    }
    for (const field of fields) {
      const shown = await fieldErrors(page, field);
      if (shown) fail(formId, field.key, `valid fill (${variant}) shows "${shown}"`);
    }
    // what was entered is what is submitted (a number field's text as a number)
    for (const field of fields) {
      if (variant === 'required fields only' && !field.validate?.required) continue;
      const entered = validValue(field, data, reads);
      const expected = field.type === 'number' ? Number(entered) : entered;
      if (entered !== undefined && result.data[field.key] !== expected) {
        fail(formId, field.key, `valid fill (${variant}): entered ${JSON.stringify(entered)}, submitted ${JSON.stringify(result.data[field.key])}`);
      }
    }
    submissions[variant] = result.data;
    if (variant === 'all fields') {
      const png = await page.locator('#form').screenshot({ animations: 'disabled' });
      await mkdir(IMAGES, { recursive: true });
      const target = path.join(IMAGES, screenshotName);
      if (UPDATE_SCREENSHOTS || !existsSync(target)) await writeFile(target, png);
      else if (!(await readFile(target)).equals(png)) await writeFile(path.join(OUT, screenshotName), png);
    }
  }
  for (const p of problems) fail(formId, null, p);

  // 3. keys and types against what the process reads
  const submittedKeys = Object.keys(submissions['all fields']);
  const formKeys = fields.map(f => f.key);
  if (submittedKeys.sort().join() !== [ ...formKeys ].sort().join()) {
    fail(formId, null, `submits keys [${submittedKeys}] but its fields are [${formKeys}]`);
  }
  const mappedSources = new Map();
  for (const { source, target } of mappings) {
    for (const read of feelReads(source)) mappedSources.set(read.name, target);
  }
  const report = [];
  for (const key of submittedKeys) {
    const readers = reads.get(key) || [];
    const mappedTo = mappedSources.get(key);
    if (link.kind === 'user task' && mappings.length && !mappedTo) {
      fail(formId, key, `submitted, but ${where} has output mappings and none takes ${key}: the engine drops it`);
      continue;
    }
    const laterReaders = mappedTo ? reads.get(mappedTo) || [] : readers;
    if (!laterReaders.length && !mappedTo) {
      fail(formId, key, `submitted, but nothing reads ${key} after ${where} (no FEEL expression, no job worker)`);
      continue;
    }
    if (!laterReaders.length) note(formId, key, `taken by the output mapping of ${link.element.id} and kept as a process variable; no later element or worker reads it`);
    // a choice the process compares with a string must offer that string
    const field = fields.find(f => f.key === key);
    for (const read of laterReaders) {
      if (read.literal !== undefined && field.values && !field.values.some(o => o.value === read.literal)) {
        fail(formId, key, `${read.where} compares it with "${read.literal}" (${read.how}), which is none of the options [${field.values.map(o => o.value)}]`);
      }
    }
    for (const [ variant, submitted ] of Object.entries(submissions)) {
      const value = submitted[key];
      for (const read of laterReaders) {
        let expected = read.type;
        if (read.sameAs) {
          // compared with another variable: the same type as that one, where the form or the example knows it
          const other = submitted[read.sameAs] ?? data[read.sameAs];
          expected = other === undefined || other === null ? undefined : jsType(other);
        }
        if (!expected) continue;
        if (value === null || value === undefined) {
          if (read.nullable === false) fail(formId, key, `(${variant}) submits ${JSON.stringify(value)}, but ${read.where} reads it as ${read.how} (not nullable)`);
          continue;
        }
        if (!typeFits(expected, value)) {
          fail(formId, key, `(${variant}) submits ${jsType(value)} ${JSON.stringify(value)}, but ${read.where} reads it as ${expected} (${read.how})`);
        }
      }
    }
    report.push(`${key}=${jsType(submissions['all fields'][key])}${mappedTo ? ` -> ${mappedTo}` : ''} (${laterReaders.length} reader${laterReaders.length === 1 ? '' : 's'})`);
  }
  for (const name of mappedSources.keys()) {
    if (!submittedKeys.includes(name)) fail(formId, name, `${where} maps ${name} out of the task, but the form does not submit it`);
  }
  // variables the process needs from a start form: read after it, written by nothing, read as a Java primitive
  if (link.kind === 'start event') {
    for (const [ name, list ] of reads) {
      if (submittedKeys.includes(name) || writes.has(name)) continue;
      const strict = list.find(r => r.nullable === false);
      if (strict) fail(formId, name, `${strict.where} needs ${name} (${strict.how}), nothing writes it and the start form does not submit it`);
    }
  }
  const requiredCount = fields.filter(f => f.validate?.required).length;
  return { formId, where, report, badCases, requiredCount };
}

async function main() {
  if (!existsSync(CHROMIUM)) {
    console.error(`forms-in-browser: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
    process.exit(2);
  }
  const formFiles = (await readdir(path.join(ROOT, 'forms'))).filter(n => n.endsWith('.form')).sort();
  const [ url, workers, processes ] = await Promise.all([
    bundle(), readWorkers(ROOT), readProcesses(ROOT, requireFromRoot)
  ]);
  const writes = new Set([ ...bpmnWrites(processes), ...workers.javaWrites ]);
  const links = formLinks(processes);

  const { chromium } = requireFromRoot('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [ '--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none' ]
  });
  // one page for all forms (a new browser context costs seconds on a loaded machine); each check
  // renders the form afresh into the emptied container
  const context = await browser.newContext({ viewport: { width: 688, height: 400 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const problems = [];
  page.on('console', msg => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', err => problems.push(`page error: ${err.message}`));
  await page.route('**/*', route => {
    if (route.request().url().startsWith('file:')) return route.continue();
    problems.push(`request to ${route.request().url()} (blocked: the test runs offline)`);
    return route.abort();
  });
  await page.goto(url);
  for (const p of problems) fail('(page)', null, p);
  const shared = { page, problems };
  const results = [];
  try {
    for (const name of formFiles) {
      const schema = JSON.parse(await readFile(path.join(ROOT, 'forms', name), 'utf8'));
      const uses = links.get(schema.id) || [];
      if (!uses.length) {
        fail(schema.id, null, `forms/${name} is linked by no zeebe:formDefinition in bpmn/`);
        continue;
      }
      for (const link of uses) {
        results.push(await checkForm(shared, name, schema, link, { processes, workers, writes }));
      }
    }
  } finally {
    await browser.close();
  }

  for (const r of results) {
    console.log(`${r.formId}  [${r.where}]  empty submit refused for ${r.requiredCount} required field${r.requiredCount === 1 ? '' : 's'}, ` +
      `${r.badCases} bad-input case${r.badCases === 1 ? '' : 's'}; submits ${r.report.join(', ')}`);
  }
  for (const n of notes) console.log(`note: ${n}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (failures.length) {
    for (const f of failures) console.error(`FAIL ${f}`);
    console.error(`forms-in-browser: ${failures.length} failure(s) in ${formFiles.length} forms (${seconds} s)`);
    process.exit(1);
  }
  console.log(`forms-in-browser: ${formFiles.length} forms rendered with @bpmn-io/form-js-viewer in Chromium, all checks passed (${seconds} s)`);
}

main().catch(e => {
  console.error(`forms-in-browser: ${e.stack || e}`);
  process.exit(2);
});
