// What the processes (bpmn/*.bpmn) and their job workers (src/main/java/.../worker) read from the
// variables a Camunda form submits. Used by lint/forms-in-browser.mjs; nothing here is a copied
// list of variable names: everything is derived from the BPMN XML and the worker sources.
//
// BPMN side (parsed with bpmn-moddle + the zeebe moddle extension, as lint/lint.mjs does):
//   - which element links which form: zeebe:formDefinition formId on a start event or a
//     zeebe:userTask;
//   - the elements that can run after it: sequence flows followed forward from the form's element,
//     into subprocesses (all their content, event subprocesses included), out of a subprocess
//     through its outgoing flows, boundary events of reached activities, the process's own event
//     subprocesses, and the whole of a called process (zeebe:calledElement) that gets all
//     variables (no zeebe:input mapping);
//   - the variables read there: every FEEL expression ("=..." attributes of the element and its
//     extension elements, condition expressions of outgoing flows, timer and other formal
//     expressions), parsed with feelin (the FEEL engine form-js ships) and walked for variable
//     names (not function names, not path segments after the first, not names bound by
//     for/some/every or a filter's item). A comparison with a literal or with another variable
//     gives the variable a type (string, number, boolean);
//   - output mappings of the form's own user task: with output mappings, Zeebe takes exactly the
//     mapped sources from the completed task, so they are what the process takes from the form.
//
// Java side (read with regular expressions; the worker sources follow one plain style, checked
// by the assertions below, so a regex is enough and keeps this free of a Java parser):
//   - every @JobWorker(type = "...") method, its @Variable parameters (name from the parameter or
//     from name = "..." / name = SomeVariables.CONSTANT, resolved from the sources' String
//     constants) and their Java types (String -> string, Long/long/Integer/int -> integer,
//     Boolean/boolean -> boolean, Map -> object, List -> array);
//   - in the method body: job.getVariable("x") and, for fetchAllVariables workers,
//     <map>.get("x") on the map from job.getVariablesAsMap() ("lit".equals(<map>.get("x")) types x
//     as a string).
//   The workers that can run after the form's element are those whose job type is the
//   zeebe:taskDefinition type, or an execution or task listener type, of a reached element.

import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

// -------------------------------------------------------------------------------------------
// FEEL

let feelin;

async function loadFeel(requireFromRoot) {
  if (!feelin) {
    const viewerRequire = createRequire(requireFromRoot.resolve('@bpmn-io/form-js-viewer/package.json'));
    feelin = await import(viewerRequire.resolve('feelin'));
  }
  return feelin;
}

const LITERAL_TYPES = { StringLiteral: 'string', NumericLiteral: 'number', BooleanLiteral: 'boolean' };

/**
 * Variables a FEEL expression reads, with the types comparisons give them.
 *
 * @returns {{name: string, type?: string, sameAs?: string}[]}
 */
export function evaluateFeel(expression, context) {
  return feelin.evaluate(expression.replace(/^=/, ''), context);
}

export function feelReads(expression) {
  const text = expression.replace(/^=/, '');
  const tree = feelin.parseExpression(text);
  const source = node => text.slice(node.from, node.to);
  const reads = [];
  const bound = new Set([ 'item' ]);

  // names bound by for / some / every
  tree.iterate({
    enter(node) {
      if (node.name === 'InExpression') {
        const name = node.node.firstChild;
        if (name && name.name === 'Name') bound.add(source(name));
      }
    }
  });

  tree.iterate({
    enter(node) {
      if (node.name === 'Comparison') {
        const [ left, op, right ] = children(node.node);
        if (op && op.name === 'CompareOp') {
          for (const [ a, b ] of [ [ left, right ], [ right, left ] ]) {
            if (a && a.name === 'VariableName' && b) {
              const name = source(a);
              if (bound.has(name)) continue;
              if (LITERAL_TYPES[b.name]) {
                const literal = b.name === 'StringLiteral' ? JSON.parse(source(b)) : undefined;
                reads.push({ name, type: LITERAL_TYPES[b.name], literal, how: `${source(node.node)}` });
              }
              else if (b.name === 'VariableName' && /^=|!=$/.test(source(op))) reads.push({ name, sameAs: source(b), how: source(node.node) });
            }
          }
        }
      }
      if (node.name !== 'VariableName') return;
      const parent = node.node.parent;
      if (parent && parent.name === 'FunctionInvocation' && parent.firstChild.from === node.from) return;
      if (parent && parent.name === 'PathExpression' && parent.firstChild.from !== node.from) return;
      const name = source(node.node);
      if (bound.has(name)) return;
      reads.push({ name, how: text.length > 120 ? text.slice(0, 117) + '...' : text });
    }
  });
  return reads;
}

function children(node) {
  const result = [];
  for (let child = node.firstChild; child; child = child.nextSibling) result.push(child);
  return result;
}

// -------------------------------------------------------------------------------------------
// Java workers

const JAVA_TYPES = {
  String: 'string', CharSequence: 'string',
  Long: 'integer', long: 'integer', Integer: 'integer', int: 'integer', Short: 'integer', short: 'integer',
  Double: 'number', double: 'number', Float: 'number', float: 'number', BigDecimal: 'number', Number: 'number',
  Boolean: 'boolean', boolean: 'boolean',
  Map: 'object', List: 'array', Collection: 'array', Set: 'array', Object: 'any'
};

async function javaFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.java')) out.push(path.join(entry.parentPath ?? entry.path, entry.name));
  }
  return out.sort();
}

/** Splits at top-level commas, honouring (), <> and string literals. */
function splitTopLevel(text) {
  const parts = [];
  let depth = 0, current = '', inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      current += c;
      if (c === '\\') current += text[++i];
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if ('(<[{'.includes(c)) depth++;
    if (')>]}'.includes(c)) depth--;
    if (c === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else {
      current += c;
    }
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** Index of the bracket closing the one at `open`. */
function matching(text, open) {
  const pairs = { '(': ')', '{': '}' };
  const openChar = text[open], closeChar = pairs[openChar];
  let depth = 0, inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === openChar) depth++;
    else if (c === closeChar && --depth === 0) return i;
  }
  throw new Error(`unbalanced ${openChar} at ${open}`);
}

/**
 * @returns {Promise<Map<string, {file: string, method: string, reads: {name: string, type: string, nullable: boolean, how: string}[]}[]>>}
 *   job type -> the worker methods that handle it
 */
export async function readWorkers(root) {
  const sources = new Map();
  for (const file of await javaFiles(path.join(root, 'src/main/java'))) {
    sources.set(file, await readFile(file, 'utf8'));
  }

  // String constants of every class: CLASS.NAME and NAME -> value
  const constants = new Map();
  for (const [ file, text ] of sources) {
    const cls = path.basename(file, '.java');
    for (const m of text.matchAll(/static\s+final\s+String\s+(\w+)\s*=\s*"([^"]*)"\s*;/g)) {
      constants.set(`${cls}.${m[1]}`, m[2]);
      if (!constants.has(m[1])) constants.set(m[1], m[2]);
    }
  }
  const resolve = (expr, where) => {
    expr = expr.trim();
    const literal = /^"([^"]*)"$/.exec(expr);
    if (literal) return literal[1];
    const key = expr.split('.').slice(-2).join('.');
    const value = constants.get(key) ?? constants.get(expr.split('.').pop());
    if (value === undefined) throw new Error(`${where}: cannot resolve the variable name ${expr}`);
    return value;
  };

  // Keys any Java source outside the API starters (control/) writes into a map: put(K, ...),
  // Map.entry(K, ...) and the keys of Map.of(K, v, ...). An over-approximation of what the workers
  // write as variables (result maps nested in a variable count too), so a variable counted as
  // written here may still be missing at run time; never the other way round.
  const javaWrites = new Set();
  const controlDir = path.join(root, 'src/main/java/io/camunda/community/backup/control');
  for (const [ file, text ] of sources) {
    if (file.startsWith(controlDir)) continue;
    const key = k => {
      k = k.trim();
      if (/^"[^"]*"$/.test(k)) return k.slice(1, -1);
      if (/^[A-Z][\w.]*$/.test(k)) return constants.get(k.split('.').slice(-2).join('.')) ?? constants.get(k.split('.').pop());
      return undefined;
    };
    for (const m of text.matchAll(/\b(?:put|putIfAbsent|entry)\(\s*("[^"]*"|[A-Z][\w.]*)\s*,/g)) {
      const k = key(m[1]);
      if (k) javaWrites.add(k);
    }
    for (const m of text.matchAll(/\bMap\.of\(/g)) {
      const open = m.index + m[0].length - 1;
      splitTopLevel(text.slice(open + 1, matching(text, open))).forEach((arg, i) => {
        const k = i % 2 === 0 ? key(arg) : undefined;
        if (k) javaWrites.add(k);
      });
    }
  }

  const workers = new Map();
  workers.javaWrites = javaWrites;
  const workerDir = path.join(root, 'src/main/java/io/camunda/community/backup/worker');
  for (const [ file, text ] of sources) {
    if (!file.startsWith(workerDir)) continue;
    for (const m of text.matchAll(/@JobWorker\s*\(/g)) {
      const annotationEnd = matching(text, m.index + m[0].length - 1);
      const annotation = text.slice(m.index, annotationEnd + 1);
      const typeMatch = /\btype\s*=\s*("[^"]*"|[\w.]+)/.exec(annotation);
      if (!typeMatch) throw new Error(`${file}: @JobWorker without type`);
      const where = `${path.relative(root, file)}`;
      const type = resolve(typeMatch[1], where);
      const fetchAll = /fetchAllVariables\s*=\s*true/.test(annotation);

      const rest = text.slice(annotationEnd + 1);
      const signature = /^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:public\s+|protected\s+|private\s+)?[\w<>, ?]+\s+(\w+)\s*\(/.exec(rest);
      if (!signature) throw new Error(`${where}: cannot read the method after @JobWorker(type = "${type}")`);
      const paramsOpen = annotationEnd + 1 + signature[0].length - 1;
      const paramsClose = matching(text, paramsOpen);
      const bodyOpen = text.indexOf('{', paramsClose);
      const body = text.slice(bodyOpen, matching(text, bodyOpen) + 1);

      const reads = [];
      for (const param of splitTopLevel(text.slice(paramsOpen + 1, paramsClose))) {
        const variable = /@Variable\b(?:\s*\(([^)]*)\))?\s+(?:final\s+)?([\w.]+)(?:<.*>)?\s+(\w+)$/s.exec(param);
        if (/@VariablesAsType\b/.test(param)) {
          throw new Error(`${where}: @VariablesAsType parameter "${param}" is not read by lint/process-variables.mjs yet (its record's fields are the variables read): extend readWorkers`);
        }
        if (!variable) {
          if (/@Variable\b/.test(param)) throw new Error(`${where}: cannot read parameter "${param}"`);
          continue;
        }
        const [ , attributes, javaType, paramName ] = variable;
        // @Variable("x"), @Variable(name = "x"), @Variable(value = X.Y), @Variable(optional = true), combined
        let nameExpr = null;
        let optional = false;
        for (const attribute of (attributes ?? '').split(',').map(a => a.trim()).filter(Boolean)) {
          const named = /^(\w+)\s*=\s*(.+)$/s.exec(attribute);
          if (!named) nameExpr = attribute;
          else if (named[1] === 'name' || named[1] === 'value') nameExpr = named[2];
          else if (named[1] === 'optional') optional = named[2].trim() === 'true';
          else throw new Error(`${where}: @Variable attribute "${attribute}" of parameter "${paramName}" is not read by lint/process-variables.mjs`);
        }
        const name = nameExpr ? resolve(nameExpr, where) : paramName;
        reads.push({
          name,
          type: JAVA_TYPES[javaType] ?? 'any',
          nullable: optional || !/^[a-z]/.test(javaType),
          how: `@Variable ${javaType} ${paramName}`
        });
      }
      for (const g of body.matchAll(/\bgetVariable\s*\(\s*("[^"]*"|[\w.]+)\s*\)/g)) {
        reads.push({ name: resolve(g[1], where), type: 'any', nullable: true, how: `job.getVariable(${g[1]})` });
      }
      if (fetchAll) {
        for (const mapName of [ ...body.matchAll(/(\w+)\s*=\s*\w+\.getVariablesAsMap\(\)/g) ].map(x => x[1])) {
          for (const g of text.matchAll(new RegExp(`(?:"([^"]*)"\\.equals\\()?\\b${mapName}\\.(?:get|getOrDefault|containsKey)\\(\\s*("[^"]*"|[\\w.]+)`, 'g'))) {
            reads.push({ name: resolve(g[2], where), type: g[1] !== undefined ? 'string' : 'any', nullable: true, how: `${mapName}.get(${g[2]})` });
          }
        }
      }
      const list = workers.get(type) ?? [];
      list.push({ file: where, method: signature[1], reads });
      workers.set(type, list);
    }
  }
  return workers;
}

// -------------------------------------------------------------------------------------------
// BPMN

export async function readProcesses(root, requireFromRoot) {
  await loadFeel(requireFromRoot);
  const bpmnlintRequire = createRequire(requireFromRoot.resolve('bpmnlint/package.json'));
  const { BpmnModdle } = bpmnlintRequire('bpmn-moddle');
  const moddle = new BpmnModdle({ zeebe: requireFromRoot('zeebe-bpmn-moddle/resources/zeebe.json') });

  const processes = new Map();
  const dir = path.join(root, 'bpmn');
  for (const name of (await readdir(dir)).filter(n => n.endsWith('.bpmn')).sort()) {
    const { rootElement } = await moddle.fromXML(await readFile(path.join(dir, name), 'utf8'), 'bpmn:Definitions');
    for (const element of rootElement.rootElements.filter(e => e.$type === 'bpmn:Process')) {
      processes.set(element.id, { file: `bpmn/${name}`, process: element });
    }
  }
  return processes;
}

const extension = (element, type) => (element.extensionElements?.values || []).find(e => e.$type === type);

/** Every flow element of a container, nested ones included. */
function* allFlowElements(container) {
  for (const element of container.flowElements || []) {
    yield element;
    if (element.flowElements) yield* allFlowElements(element);
  }
}

/** The forms the processes link: formId -> [{processId, file, element, kind}] */
export function formLinks(processes) {
  const links = new Map();
  for (const [ processId, { file, process } ] of processes) {
    for (const element of allFlowElements(process)) {
      const formDefinition = extension(element, 'zeebe:FormDefinition');
      if (!formDefinition?.formId) continue;
      const kind = element.$type === 'bpmn:StartEvent' ? 'start event' : element.$type === 'bpmn:UserTask' ? 'user task' : element.$type;
      const list = links.get(formDefinition.formId) ?? [];
      list.push({ processId, file, element, kind });
      links.set(formDefinition.formId, list);
    }
  }
  return links;
}

/** The elements that can run once `start` has run (start itself included). */
export function reachedElements(processes, processId, start) {
  const { process } = processes.get(processId);
  const reached = new Set();
  const calledProcesses = new Set();
  const all = [ ...allFlowElements(process) ];
  const boundaryOf = new Map();
  for (const element of all) {
    if (element.$type === 'bpmn:BoundaryEvent') {
      const list = boundaryOf.get(element.attachedToRef) ?? [];
      list.push(element);
      boundaryOf.set(element.attachedToRef, list);
    }
  }

  const queue = [ start ];
  const visit = element => {
    if (element && !reached.has(element)) queue.push(element);
  };
  // the process's own event subprocesses can start at any time
  for (const element of process.flowElements || []) {
    if (element.$type === 'bpmn:SubProcess' && element.triggeredByEvent) visit(element);
  }
  while (queue.length) {
    const element = queue.shift();
    if (reached.has(element)) continue;
    reached.add(element);
    for (const flow of element.outgoing || []) {
      reached.add(flow);
      visit(flow.targetRef);
    }
    for (const boundary of boundaryOf.get(element) || []) visit(boundary);
    if (element.flowElements) {
      for (const child of element.flowElements) {
        if (child.$type === 'bpmn:SequenceFlow') continue;
        visit(child);
      }
    }
    // leaving a subprocess: an element without outgoing flows ends its scope
    if (!(element.outgoing || []).length && element.$parent?.$type === 'bpmn:SubProcess') {
      for (const flow of element.$parent.outgoing || []) {
        reached.add(flow);
        visit(flow.targetRef);
      }
    }
    if (element.$type === 'bpmn:CallActivity') {
      const called = extension(element, 'zeebe:CalledElement');
      const mapping = extension(element, 'zeebe:IoMapping');
      if (called?.processId && !called.processId.startsWith('=') && !(mapping?.inputParameters || []).length) {
        calledProcesses.add(called.processId);
      }
    }
  }
  return { reached, calledProcesses };
}

/** FEEL expressions of one element (its attributes, extension elements, formal expressions). */
function* expressions(element) {
  const seen = new Set();
  function* walk(node, where) {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    for (const [ key, value ] of Object.entries(node)) {
      if (key.startsWith('$') || key === 'incoming' || key === 'outgoing' || key === 'flowElements' ||
          key === 'attachedToRef' || key === 'sourceRef' || key === 'targetRef' || key === 'default' ||
          key === 'artifacts' || key === 'di') continue;
      if (typeof value === 'string' && value.startsWith('=')) yield { expression: value, where: `${where}.${key}` };
      else if (Array.isArray(value)) for (const item of value) yield* walk(item, `${where}.${key}`);
      else if (value && typeof value === 'object' && value.$type) yield* walk(value, `${where}.${key}`);
    }
  }
  yield* walk(element, element.id);
}

/**
 * Who reads a variable after a form's element.
 *
 * @returns {Map<string, {type?: string, sameAs?: string, nullable?: boolean, where: string, how: string}[]>}
 */
export function readsAfter(processes, workers, processId, start) {
  const reads = new Map();
  const add = (name, read) => {
    const list = reads.get(name) ?? [];
    list.push(read);
    reads.set(name, list);
  };
  const done = new Set();
  const scan = (pid, startElement) => {
    if (done.has(pid + '#' + (startElement?.id ?? '*'))) return;
    done.add(pid + '#' + (startElement?.id ?? '*'));
    const { file, process } = processes.get(pid) ?? {};
    if (!process) return;
    let elements, called;
    if (startElement) {
      ({ reached: elements, calledProcesses: called } = reachedElements(processes, pid, startElement));
    } else {
      elements = new Set(allFlowElements(process));
      called = new Set([ ...elements ].filter(e => e.$type === 'bpmn:CallActivity')
        .filter(e => !(extension(e, 'zeebe:IoMapping')?.inputParameters || []).length)
        .map(e => extension(e, 'zeebe:CalledElement')?.processId).filter(id => id && !id.startsWith('=')));
    }
    for (const element of elements) {
      for (const { expression, where } of expressions(element)) {
        // the form's own output mappings are compared separately (they are what the process takes)
        if (element === startElement && /outputParameters/.test(where)) continue;
        let found;
        try {
          found = feelReads(expression);
        } catch (e) {
          throw new Error(`${file} ${where}: cannot parse FEEL ${expression}: ${e.message}`);
        }
        for (const read of found) add(read.name, { ...read, expression, where: `${file} ${where}` });
      }
      const jobTypes = [];
      const task = extension(element, 'zeebe:TaskDefinition');
      if (task?.type) jobTypes.push(task.type);
      for (const listener of extension(element, 'zeebe:ExecutionListeners')?.listeners || []) jobTypes.push(listener.type);
      for (const listener of extension(element, 'zeebe:TaskListeners')?.listeners || []) jobTypes.push(listener.type);
      for (const type of jobTypes) {
        for (const worker of workers.get(type) || []) {
          for (const read of worker.reads) {
            add(read.name, { ...read, where: `${worker.file} (${type}, ${file} ${element.id})` });
          }
        }
      }
    }
    for (const calledId of called) scan(calledId, null);
  };
  scan(processId, start);
  return reads;
}

/** Output mappings of a user task: source expression -> target. */
export function outputMappings(element) {
  return (extension(element, 'zeebe:IoMapping')?.outputParameters || []).map(p => ({ source: p.source, target: p.target }));
}

/** Variables any process writes: input/output mapping targets, multi-instance elements and outputs. */
export function bpmnWrites(processes) {
  const writes = new Set();
  for (const { process } of processes.values()) {
    for (const element of allFlowElements(process)) {
      const mapping = extension(element, 'zeebe:IoMapping');
      for (const p of [ ...(mapping?.inputParameters || []), ...(mapping?.outputParameters || []) ]) writes.add(p.target);
      const loop = element.loopCharacteristics && extension(element.loopCharacteristics, 'zeebe:LoopCharacteristics');
      if (loop?.inputElement) writes.add(loop.inputElement);
      if (loop?.outputCollection) writes.add(loop.outputCollection);
    }
  }
  return writes;
}
