#!/usr/bin/env node
// Lints the project's BPMN processes and Camunda forms for Camunda 8.8.
//
//   npm run lint                     every bpmn/*.bpmn and forms/*.form of the repository
//   npm run lint -- a.bpmn b.form    only the given files (paths relative to where npm was run)
//
// BPMN: bpmnlint with the repository's .bpmnlintrc (bpmnlint:correctness +
// camunda-compat/camunda-cloud-8-8, zeebe and modeler moddle extensions), plus the project
// checks below. Forms: @camunda/form-linting (what the Camunda Modeler runs; bundled in memory
// with esbuild because its ES modules use extension-less imports that Node cannot load), plus
// structural checks of the form schema.
//
// Project checks (rule names "project/..."):
//   execution-platform  definitions / form say executionPlatform "Camunda Cloud", version 8.8.x
//   form-schema         form JSON basics: type "default", id, components[], unique ids and keys
//   duplicate-id        two files deploy the same process id or form id
//   form-reference      a static zeebe:formDefinition formId (start event, user task) names no
//                       form in forms/
//   called-element      a call activity's static processId is not a process in bpmn/
//
// Exit code 0 when no error or warning was found, 1 on any, 2 when the tool itself failed.
// Reports of category "info" are printed but do not fail the run.

import { readFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const started = process.hrtime.bigint();

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const requireFromRoot = createRequire(path.join(ROOT, 'package.json'));

const EXPECTED_PLATFORM = 'Camunda Cloud';
const EXPECTED_VERSION_PREFIX = '8.8';

// -------------------------------------------------------------------------------------------
// problem collection and output

/** @type {{file: string, id: string, rule: string, category: string, message: string}[]} */
const problems = [];

function report(file, id, rule, category, message) {
  problems.push({ file, id: id || '-', rule, category: normalizeCategory(category), message });
}

function normalizeCategory(category) {
  if (category === 'warning') return 'warn';
  if (category === 'rule-error') return 'error';
  return category || 'error';
}

function display(file) {
  const relative = path.relative(ROOT, file);
  return relative.startsWith('..') ? file : relative;
}

// -------------------------------------------------------------------------------------------
// file discovery

async function listDir(dir, extension) {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter(entry => entry.isFile() && entry.name.endsWith(extension))
    .map(entry => path.join(dir, entry.name))
    .sort();
}

async function discover() {
  const args = process.argv.slice(2);
  const repoBpmn = await listDir(path.join(ROOT, 'bpmn'), '.bpmn');
  const repoForms = await listDir(path.join(ROOT, 'forms'), '.form');

  if (!args.length) {
    return { bpmnFiles: repoBpmn, formFiles: repoForms, repoBpmn, repoForms };
  }

  const base = process.env.INIT_CWD || process.cwd();
  const bpmnFiles = [];
  const formFiles = [];

  for (const arg of args) {
    const file = path.resolve(base, arg);
    if (file.endsWith('.bpmn')) bpmnFiles.push(file);
    else if (file.endsWith('.form')) formFiles.push(file);
    else throw new Error(`not a .bpmn or .form file: ${arg}`);
    if (!existsSync(file)) throw new Error(`no such file: ${arg}`);
  }

  return { bpmnFiles, formFiles, repoBpmn, repoForms };
}

// -------------------------------------------------------------------------------------------
// BPMN

async function createBpmnLinting() {
  const configPath = path.join(ROOT, '.bpmnlintrc');
  const config = JSON.parse(await readFile(configPath, 'utf8'));

  const bpmnlintRequire = createRequire(requireFromRoot.resolve('bpmnlint/package.json'));
  const { BpmnModdle } = bpmnlintRequire('bpmn-moddle');
  const { Linter } = requireFromRoot('bpmnlint');
  const NodeResolver = requireFromRoot('bpmnlint/lib/resolver/node-resolver');

  const extensions = {};
  for (const [ prefix, location ] of Object.entries(config.moddleExtensions || {})) {
    extensions[prefix] = requireFromRoot(location);
  }

  const moddle = new BpmnModdle(extensions);
  const resolver = new NodeResolver({ require: requireFromRoot });

  // One Linter per file, as the bpmnlint CLI does: rule instances are cached per Linter and
  // some rules (no-duplicate-sequence-flows) keep state between lint() calls.
  return { moddle, createLinter: () => new Linter({ config, resolver }) };
}

function* walk(element, seen = new Set()) {
  if (!element || typeof element !== 'object' || seen.has(element)) return;
  seen.add(element);
  yield element;
  for (const key of Object.keys(element)) {
    if (key.startsWith('$')) continue;
    const value = element[key];
    if (Array.isArray(value)) {
      for (const child of value) {
        if (child && child.$type) yield* walk(child, seen);
      }
    } else if (value && value.$type && value.$parent === element) {
      yield* walk(value, seen);
    }
  }
}

function extensionValues(element, type) {
  const extensionElements = element.extensionElements;
  return (extensionElements && extensionElements.values || []).filter(value => value.$type === type);
}

// moddle messages: "unparsable content <x> detected\n\tline: 16\n\tcolumn: 8\n\tnested error: ..."
function oneLine(message) {
  const [ first, ...details ] = String(message).split('\n').map(line => line.trim()).filter(Boolean);
  return details.length ? `${first} (${details.join(', ')})` : first;
}

function isStaticId(value) {
  return typeof value === 'string' && value.length > 0 && !value.startsWith('=');
}

async function lintBpmn(file, tools, collected) {
  let xml;
  try {
    xml = await readFile(file, 'utf8');
  } catch (error) {
    report(file, '', 'bpmn/read', 'error', error.message);
    return;
  }

  let definitions;
  let warnings;
  try {
    ({ rootElement: definitions, warnings = [] } = await tools.moddle.fromXML(xml, 'bpmn:Definitions'));
  } catch (error) {
    report(file, '', 'bpmn/parse', 'error', `not a parsable BPMN 2.0 file: ${oneLine(error.message)}`);
    return;
  }

  for (const warning of warnings) {
    const id = warning.element && warning.element.id;
    report(file, id, 'bpmn/import', 'error', oneLine(warning.message));
  }

  const results = await tools.createLinter().lint(definitions);
  for (const [ rule, reports ] of Object.entries(results)) {
    for (const entry of reports) {
      report(file, entry.id, entry.name || rule, entry.category, entry.message);
    }
  }

  // project/execution-platform
  const platform = definitions.get('modeler:executionPlatform');
  const version = definitions.get('modeler:executionPlatformVersion');
  if (platform !== EXPECTED_PLATFORM || typeof version !== 'string' || !version.startsWith(EXPECTED_VERSION_PREFIX + '.')) {
    report(file, definitions.id, 'project/execution-platform', 'error',
      `bpmn:definitions must declare modeler:executionPlatform="${EXPECTED_PLATFORM}" and ` +
      `modeler:executionPlatformVersion="${EXPECTED_VERSION_PREFIX}.x" (found "${platform ?? ''}" / "${version ?? ''}")`);
  }

  for (const element of walk(definitions)) {
    if (element.$type === 'bpmn:Process') {
      collected.processes.push({ file, id: element.id });
    }

    for (const form of extensionValues(element, 'zeebe:FormDefinition')) {
      if (isStaticId(form.formId)) {
        collected.formRefs.push({ file, elementId: element.id, formId: form.formId });
      }
    }

    if (element.$type === 'bpmn:CallActivity') {
      for (const called of extensionValues(element, 'zeebe:CalledElement')) {
        if (isStaticId(called.processId)) {
          collected.calls.push({ file, elementId: element.id, processId: called.processId });
        }
      }
    }
  }
}

// -------------------------------------------------------------------------------------------
// forms

// Components that bind a value to a process variable and therefore need a `key`.
const KEYED_TYPES = new Set([
  'textfield', 'textarea', 'number', 'datetime', 'checkbox', 'checklist', 'radio', 'select',
  'taglist', 'filepicker', 'expression'
]);
const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

async function createFormLinting() {
  const esbuild = requireFromRoot('esbuild');
  const result = await esbuild.build({
    stdin: {
      contents: [
        'export { FormLinter } from "@camunda/form-linting";',
        'export { defaultRuleRegistry } from "@camunda/form-linting/lib/rules/ruleRegistry";'
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'js'
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent'
  });

  const code = result.outputFiles[0].text;
  const module = await import('data:text/javascript;base64,' + Buffer.from(code).toString('base64'));

  // Reports of @camunda/form-linting do not carry the rule name: tag them per rule.
  for (const [ name, execute ] of Object.entries(module.defaultRuleRegistry)) {
    module.defaultRuleRegistry[name] = (node, context) => execute(node, {
      ...context,
      reporter: { report: entry => context.reporter.report({ ...entry, rule: name }) }
    });
  }

  return new module.FormLinter();
}

function checkFormSchema(file, schema) {
  const rule = 'project/form-schema';
  const fail = (id, message) => report(file, id, rule, 'error', message);

  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) {
    fail('', 'a form must be a JSON object');
    return;
  }

  if (schema.type !== 'default') {
    fail(schema.id, `root "type" must be "default" (found ${JSON.stringify(schema.type)})`);
  }

  if (typeof schema.id !== 'string' || !schema.id.trim()) {
    fail('', 'root "id" must be a non-empty string (it is the formId that BPMN elements reference)');
  }

  if (schema.executionPlatform !== EXPECTED_PLATFORM ||
      typeof schema.executionPlatformVersion !== 'string' ||
      !schema.executionPlatformVersion.startsWith(EXPECTED_VERSION_PREFIX + '.')) {
    report(file, schema.id, 'project/execution-platform', 'error',
      `form must declare "executionPlatform": "${EXPECTED_PLATFORM}" and "executionPlatformVersion": ` +
      `"${EXPECTED_VERSION_PREFIX}.x" (found ${JSON.stringify(schema.executionPlatform)} / ` +
      `${JSON.stringify(schema.executionPlatformVersion)}); without it @camunda/form-linting checks nothing`);
  }

  if (!Array.isArray(schema.components)) {
    fail(schema.id, 'root "components" must be an array');
    return;
  }

  const componentIds = new Map();
  const keys = new Map();

  const visit = (components, scope, where) => {
    components.forEach((component, index) => {
      const at = `${where}[${index}]`;

      if (!component || typeof component !== 'object' || Array.isArray(component)) {
        fail('', `${at} must be an object`);
        return;
      }

      const label = component.id || component.key || at;

      if (typeof component.type !== 'string' || !component.type) {
        fail(label, `${at} has no "type"`);
      }

      if (component.id !== undefined) {
        if (typeof component.id !== 'string' || !component.id) {
          fail(label, `${at} "id" must be a non-empty string`);
        } else if (componentIds.has(component.id)) {
          fail(component.id, `component id "${component.id}" is used twice (${componentIds.get(component.id)} and ${at})`);
        } else {
          componentIds.set(component.id, at);
        }
      }

      if (component.key !== undefined) {
        if (typeof component.key !== 'string' || !KEY_PATTERN.test(component.key)) {
          fail(label, `${at} key ${JSON.stringify(component.key)} must be a variable name or a dot-separated path`);
        } else {
          const scopedKey = scope + component.key;
          if (keys.has(scopedKey)) {
            fail(label, `key "${component.key}" is bound twice (${keys.get(scopedKey)} and ${at})`);
          } else {
            keys.set(scopedKey, at);
          }
        }
      } else if (KEYED_TYPES.has(component.type)) {
        fail(label, `${at} of type "${component.type}" needs a "key" (the variable it reads and writes)`);
      }

      if (component.components !== undefined) {
        if (!Array.isArray(component.components)) {
          fail(label, `${at} "components" must be an array`);
        } else {
          // groups and dynamic lists with a "path" open a new variable scope
          const childScope = typeof component.path === 'string' && component.path
            ? `${scope}${component.path}.`
            : scope;
          visit(component.components, childScope, `${at}.components`);
        }
      }
    });
  };

  visit(schema.components, '', 'components');
}

async function lintForm(file, getFormLinter, collected) {
  let schema;
  try {
    schema = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    report(file, '', 'form/parse', 'error', `not valid JSON: ${error.message}`);
    return;
  }

  checkFormSchema(file, schema);

  if (schema && typeof schema.id === 'string' && schema.id) {
    collected.forms.push({ file, id: schema.id });
  }

  if (!schema || !Array.isArray(schema.components)) return;

  const formLinter = await getFormLinter();
  let reports;
  try {
    reports = formLinter.lint(schema);
  } catch (error) {
    report(file, schema.id, 'form-linting', 'error', `@camunda/form-linting failed: ${error.message}`);
    return;
  }

  for (const entry of reports) {
    report(file, entry.id, `form-linting/${entry.rule || 'unknown'}`, entry.category, entry.message);
  }
}

// -------------------------------------------------------------------------------------------
// cross-file checks

async function collectIds(files, kind) {
  // ids of repository files that are not linted in this run, for reference checks only
  const ids = new Set();
  for (const file of files) {
    try {
      const text = await readFile(file, 'utf8');
      if (kind === 'form') {
        const id = JSON.parse(text).id;
        if (typeof id === 'string') ids.add(id);
      } else {
        for (const match of text.matchAll(/<(?:[\w-]+:)?process\b[^>]*\bid="([^"]+)"/g)) ids.add(match[1]);
      }
    } catch {
      // reported when the file itself is linted
    }
  }
  return ids;
}

async function crossCheck(collected, repoBpmn, repoForms, lintedFiles) {
  const duplicates = (entries, what) => {
    const byId = new Map();
    for (const entry of entries) {
      if (byId.has(entry.id)) {
        report(entry.file, entry.id, 'project/duplicate-id', 'error',
          `${what} id "${entry.id}" is also deployed by ${display(byId.get(entry.id))}`);
      } else {
        byId.set(entry.id, entry.file);
      }
    }
  };
  duplicates(collected.processes, 'process');
  duplicates(collected.forms, 'form');

  const formIds = new Set(collected.forms.map(form => form.id));
  for (const id of await collectIds(repoForms.filter(f => !lintedFiles.has(f)), 'form')) formIds.add(id);

  for (const ref of collected.formRefs) {
    if (!formIds.has(ref.formId)) {
      report(ref.file, ref.elementId, 'project/form-reference', 'error',
        `zeebe:formDefinition formId="${ref.formId}" matches no form in forms/ (a form's "id")`);
    }
  }

  const processIds = new Set(collected.processes.map(process => process.id));
  for (const id of await collectIds(repoBpmn.filter(f => !lintedFiles.has(f)), 'bpmn')) processIds.add(id);

  for (const call of collected.calls) {
    if (!processIds.has(call.processId)) {
      report(call.file, call.elementId, 'project/called-element', 'error',
        `zeebe:calledElement processId="${call.processId}" matches no process in bpmn/`);
    }
  }
}

// -------------------------------------------------------------------------------------------

async function main() {
  for (const dependency of [ 'bpmnlint', 'bpmnlint-plugin-camunda-compat', '@camunda/form-linting', 'esbuild' ]) {
    try {
      requireFromRoot.resolve(dependency);
    } catch {
      console.error(`lint: ${dependency} is not installed: run \`npm ci\` in ${ROOT} first`);
      return 2;
    }
  }

  const { bpmnFiles, formFiles, repoBpmn, repoForms } = await discover();

  if (!bpmnFiles.length && !formFiles.length) {
    console.log('lint: no bpmn/*.bpmn or forms/*.form files found, nothing to lint');
    return 0;
  }

  const collected = { processes: [], forms: [], formRefs: [], calls: [] };

  if (bpmnFiles.length) {
    const tools = await createBpmnLinting();
    for (const file of bpmnFiles) await lintBpmn(file, tools, collected);
  }

  let formLinter;
  const getFormLinter = async () => (formLinter ??= await createFormLinting());
  for (const file of formFiles) await lintForm(file, getFormLinter, collected);

  await crossCheck(collected, repoBpmn, repoForms, new Set([ ...bpmnFiles, ...formFiles ]));

  const order = [ ...bpmnFiles, ...formFiles ];
  problems.sort((a, b) => order.indexOf(a.file) - order.indexOf(b.file));

  for (const p of problems) {
    console.log(`${display(p.file)}  ${p.category.padEnd(5)}  ${p.id}  ${p.rule}  ${p.message}`);
  }

  const errors = problems.filter(p => p.category === 'error').length;
  const warnings = problems.filter(p => p.category === 'warn').length;
  const infos = problems.length - errors - warnings;
  const millis = Number((process.hrtime.bigint() - started) / 1000000n);
  const scope = `${bpmnFiles.length} BPMN file(s), ${formFiles.length} form(s)`;

  if (errors || warnings) {
    console.log(`\nlint: ${errors + warnings} problem(s) (${errors} error(s), ${warnings} warning(s)${infos ? `, ${infos} info` : ''}) in ${scope}, ${millis} ms`);
    return 1;
  }

  console.log(`lint: ${scope} OK${infos ? ` (${infos} info)` : ''}, ${millis} ms`);
  return 0;
}

main().then(
  code => { process.exitCode = code; },
  error => {
    console.error(`lint: failed: ${error && error.stack || error}`);
    process.exitCode = 2;
  }
);
