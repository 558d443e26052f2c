// archsim's browser app: edit a scenario with live validation, run it, watch it, read its report,
// compare two runs. Talks only to the server it came from; never puts text into the page as HTML
// (every string goes in through textContent; the server's diagrams are parsed as SVG documents and
// the report is shown in a sandboxed frame that runs no script).
'use strict';

const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem('archsim-token') || '';
const runs = new Map(); // runId -> {id, name, status, done, total, result}
let validationSeq = 0;
let validTimer = null;
let lastValid = false;

async function api(method, path, body, accept, type) {
  const headers = {};
  if (token) headers.Authorization = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = type || 'application/json';
  if (accept) headers.Accept = accept;
  const r = await fetch(path, { method, headers, body, cache: 'no-store' });
  if (r.status === 401) $('token-box').hidden = false;
  return r;
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function save(name, type, text) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 2000);
}

// ------------------------------------------------------------------ JSON paths to lines

/** The line each JSON path ($.stages[0].name) starts on, for a JSON text (as far as it parses). */
function locate(text) {
  const lines = new Map();
  let i = 0;
  let line = 1;
  const ws = () => {
    while (i < text.length) {
      const c = text[i];
      if (c === '\n') { line++; i++; } else if (c === ' ' || c === '\t' || c === '\r') { i++; } else break;
    }
  };
  const str = () => {
    let s = '';
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') { s += text[i + 1]; i += 2; } else { if (text[i] === '\n') line++; s += text[i++]; }
    }
    i++;
    return s;
  };
  const value = (path) => {
    ws();
    if (!lines.has(path)) lines.set(path, line);
    const c = text[i];
    if (c === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return; }
      while (i < text.length) {
        ws();
        if (text[i] !== '"') throw new Error('key');
        const keyLine = line;
        const k = str();
        ws();
        if (text[i] !== ':') throw new Error('colon');
        i++;
        const p = path + '.' + k;
        lines.set(p, keyLine);
        value(p);
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return; }
        throw new Error('object');
      }
    } else if (c === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return; }
      let n = 0;
      while (i < text.length) {
        value(path + '[' + (n++) + ']');
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return; }
        throw new Error('array');
      }
    } else if (c === '"') {
      str();
    } else {
      while (i < text.length && /[^,\]}\s]/.test(text[i])) i++;
    }
  };
  try { value('$'); } catch (e) { /* the server says what is wrong */ }
  return lines;
}

/** The format of a scenario's text: JSON starts with { (or [); anything else is read as YAML. */
function formatOf(text) {
  return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
}

/** The content type a scenario's text is sent with: YAML goes as YAML, kept as the user wrote it. */
function typeOf(text) {
  return formatOf(text) === 'yaml' ? 'application/yaml' : 'application/json';
}

/**
 * The line of a problem: the one the server gives (a YAML text's own line), else its path's or its
 * nearest parent's; or the line a parse error names.
 */
function lineOf(problem, lines) {
  if (Number.isInteger(problem.line)) return problem.line;
  const m = /at line (\d+)/.exec(problem.message);
  if (m) return Number(m[1]);
  let p = problem.path;
  while (p) {
    if (lines.has(p)) return lines.get(p);
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) break;
    p = p.substring(0, cut);
  }
  return null;
}

// ------------------------------------------------------------------ editor

function gutter(bad) {
  const n = $('scenario').value.split('\n').length;
  const g = $('gutter');
  g.textContent = '';
  for (let k = 1; k <= n; k++) {
    const s = el('span', k + '\n', bad.has(k) ? 'bad' : '');
    g.append(s);
  }
  g.scrollTop = $('scenario').scrollTop;
}

function selectLine(n) {
  const t = $('scenario');
  const lines = t.value.split('\n');
  let start = 0;
  for (let k = 1; k < n; k++) start += lines[k - 1].length + 1;
  t.focus();
  t.setSelectionRange(start, start + (lines[n - 1] || '').length);
  t.scrollTop = Math.max(0, (n - 5) * 16);
}

function showProblems(problems, text) {
  const lines = formatOf(text) === 'json' ? locate(text) : new Map();
  const list = $('problems');
  list.textContent = '';
  const bad = new Set();
  for (const p of problems) {
    const n = lineOf(p, lines);
    if (n && p.severity === 'error') bad.add(n);
    const li = el('li', null, p.severity);
    li.dataset.path = p.path;
    if (n) li.dataset.line = n;
    li.append(el('span', (n ? 'line ' + n + ' · ' : '') + p.path, 'where'), document.createTextNode(': ' + p.message));
    if (n) li.addEventListener('click', () => selectLine(n));
    list.append(li);
  }
  gutter(bad);
}

function showDiagrams(diagrams) {
  const box = $('diagrams');
  if (!diagrams.length) return; // keep the last valid picture while the text is being edited
  box.textContent = '';
  for (const d of diagrams) {
    box.append(el('h3', d.stage));
    const doc = new DOMParser().parseFromString(d.svg, 'image/svg+xml');
    if (doc.documentElement.nodeName === 'svg') box.append(document.importNode(doc.documentElement, true));
  }
}

// The verdict shown is always the one computed for the text in the editor. An edit marks it
// "checking…" at once (Run disabled, the previous problems and diagrams dimmed) and numbers the
// text; an answer is shown only if no edit came after its request and the editor still holds the
// text it was computed for, so a slow answer for an older text never overwrites a newer one.
async function validate() {
  const text = $('scenario').value;
  const seq = ++validationSeq;
  if (!text.trim()) {
    showProblems([], text);
    setValidity(false, 'Open a library scenario or a file, or paste one.');
    return;
  }
  checking();
  const current = () => seq === validationSeq && text === $('scenario').value;
  let r, answer;
  try {
    // the text goes as the user wrote it: a YAML one as YAML (comments and layout stay in the editor;
    // the server gives each problem the line of this text)
    r = formatOf(text) === 'yaml'
      ? await api('POST', '/scenarios/validate', text, undefined, 'application/yaml')
      : await api('POST', '/scenarios/validate', JSON.stringify({ format: 'json', text }));
    if (!current()) return; // a later edit is being checked
    answer = await r.json();
  } catch (e) {
    if (current()) setValidity(false, 'Could not check the scenario: the server did not answer (' + e.message + ').');
    return;
  }
  if (!current()) return;
  if (!r.ok) {
    showProblems([], text);
    setValidity(false, answer.message || ('the server answered ' + r.status));
    return;
  }
  const errors = answer.problems.filter((p) => p.severity === 'error').length;
  setValidity(answer.valid, answer.valid
    ? 'Valid' + (answer.problems.length ? ' (' + answer.problems.length + ' warnings)' : '') + '.'
    : errors + (errors === 1 ? ' problem' : ' problems') + ' to fix:');
  showProblems(answer.problems, text);
  showDiagrams(answer.diagrams);
  // an invalid text keeps the last valid text's diagrams, dimmed
  $('diagrams').classList.toggle('stale', !answer.valid);
}

function checking() {
  const v = $('validity');
  v.textContent = 'checking…';
  v.className = 'checking';
  $('run').disabled = true;
  $('problems').classList.add('stale');
  $('diagrams').classList.add('stale');
}

function setValidity(ok, message) {
  lastValid = ok;
  const v = $('validity');
  v.textContent = message;
  v.className = ok ? 'ok' : 'bad';
  $('run').disabled = !ok;
  $('problems').classList.remove('stale');
}

function edited() {
  clearTimeout(validTimer);
  validationSeq++; // an answer still on its way is for an older text
  gutter(new Set());
  checking();
  validTimer = setTimeout(validate, 350);
}

function setScenario(text) {
  $('scenario').value = text;
  validate();
}

async function openLibrary(name) {
  if (!name) return;
  const r = await api('GET', '/library/' + encodeURIComponent(name));
  if (r.ok) setScenario(JSON.stringify(await r.json(), null, 2));
}

async function openFile(file) {
  // a .yaml file stays YAML in the editor, as written (the server reads it with the command line's rules)
  setScenario(await file.text());
}

function scenarioName() {
  const text = $('scenario').value;
  if (formatOf(text) === 'yaml') {
    const m = /^name:[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^#\n]*[^#\s]))/m.exec(text);
    return m ? (m[1] || m[2] || m[3] || 'scenario') : 'scenario';
  }
  try { return JSON.parse(text).name || 'scenario'; } catch (e) { return 'scenario'; }
}

/** Downloads the editor's scenario in the format it is written in. */
function saveScenario() {
  const text = $('scenario').value;
  const yaml = formatOf(text) === 'yaml';
  save(scenarioName() + (yaml ? '.yaml' : '.json'), yaml ? 'application/yaml' : 'application/json', text);
}


// ------------------------------------------------------------------ schema-aware completion

let schema = null; // the scenario JSON Schema, from GET /schema
let offered = []; // the completions shown: {label, insert}
let chosen = 0;

/**
 * Where the cursor is in a JSON text: the path of the container it is in, whether a key or a
 * value is being written there (and under which key), the keys the object has already, and the
 * word typed so far (from its opening quote, if any).
 */
function cursorContext(text, pos) {
  const stack = [];
  let i = 0;
  while (i < pos) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '"') {
      let j = i + 1;
      let str = '';
      while (j < pos && text[j] !== '"') {
        if (text[j] === '\\') { str += text[j + 1] || ''; j += 2; } else { str += text[j++]; }
      }
      if (j >= pos) return { stack, word: str, wordStart: i };
      if (top && top.type === 'obj' && top.expectKey) { top.key = str; top.keys.add(str); }
      i = j + 1;
      continue;
    }
    if (c === '{') stack.push({ type: 'obj', key: null, expectKey: true, keys: new Set() });
    else if (c === '[') stack.push({ type: 'arr', index: 0 });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ':' && top && top.type === 'obj') top.expectKey = false;
    else if (c === ',' && top) { if (top.type === 'obj') { top.expectKey = true; top.key = null; } else top.index++; }
    i++;
  }
  // a bare word being typed (true, a number, a key without its quote yet)
  let k = pos;
  while (k > 0 && /[A-Za-z0-9_.-]/.test(text[k - 1])) k--;
  return { stack, word: text.substring(k, pos), wordStart: k, bare: true };
}

/** The schema nodes a node stands for: itself, its $ref's target and its branches. */
function expand(node, out = [], depth = 0) {
  if (!node || typeof node !== 'object' || depth > 12) return out;
  if (node.$ref && node.$ref.startsWith('#/')) {
    let target = schema;
    for (const part of node.$ref.substring(2).split('/')) target = target && target[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    expand(target, out, depth + 1);
  }
  out.push(node);
  for (const k of ['allOf', 'anyOf', 'oneOf']) (node[k] || []).forEach((b) => expand(b, out, depth + 1));
  if (node.then) expand(node.then, out, depth + 1);
  if (node.else) expand(node.else, out, depth + 1);
  return out;
}

/** The schema nodes at a path of keys and indexes, from the root. */
function nodesAt(path) {
  let nodes = expand(schema);
  for (const seg of path) {
    const next = [];
    for (const n of nodes) {
      if (typeof seg === 'number') {
        if (n.items && typeof n.items === 'object') expand(n.items, next);
        if (Array.isArray(n.prefixItems) && n.prefixItems[seg]) expand(n.prefixItems[seg], next);
      } else {
        if (n.properties && n.properties[seg]) expand(n.properties[seg], next);
        else if (n.patternProperties) {
          for (const [re, sub] of Object.entries(n.patternProperties)) if (new RegExp(re).test(seg)) expand(sub, next);
        } else if (n.additionalProperties && typeof n.additionalProperties === 'object') expand(n.additionalProperties, next);
      }
    }
    nodes = next;
  }
  return nodes;
}

/** What may be written at the cursor: the object's field names, or the value's allowed values (JSON or YAML). */
function completionsAt(text, pos) {
  if (!schema) return [];
  if (formatOf(text) === 'yaml') return yamlCompletionsAt(text, pos);
  const ctx = cursorContext(text, pos);
  const top = ctx.stack[ctx.stack.length - 1];
  if (!top) return [];
  const path = [];
  for (let d = 0; d < ctx.stack.length - 1; d++) {
    const f = ctx.stack[d];
    path.push(f.type === 'obj' ? f.key : f.index);
  }
  const quoted = !ctx.bare;
  const word = ctx.word.toLowerCase();
  const out = [];
  const seen = new Set();
  const add = (label, insert, detail) => {
    if (seen.has(label) || !label.toLowerCase().startsWith(word)) return;
    seen.add(label);
    out.push({ label, insert, detail });
  };
  if (top.type === 'obj' && top.expectKey) {
    for (const n of nodesAt(path)) {
      for (const [name, sub] of Object.entries(n.properties || {})) {
        if (top.keys.has(name) && name !== ctx.word) continue;
        add(name, JSON.stringify(name) + ': ', (expand(sub).find((x) => x.description) || {}).description);
      }
    }
  } else {
    const valuePath = top.type === 'obj' ? path.concat([top.key]) : path.concat([top.index]);
    for (const n of nodesAt(valuePath)) {
      for (const v of n.enum || []) add(String(v), JSON.stringify(v), null);
      if (n.const !== undefined) add(String(n.const), JSON.stringify(n.const), null);
      if (n.type === 'boolean') { add('true', 'true', null); add('false', 'false', null); }
    }
  }
  return out.map((o) => ({ ...o, start: quoted || top.expectKey ? ctx.wordStart : ctx.wordStart }))
    .slice(0, 40);
}

// ------------------------------------------------------------------ completion in a YAML text

/*
 * A YAML text's structure read line by line, for the cursor only (the server's parser judges the
 * text): block mappings ("key:" at an indentation), block sequences ("- " items), flow collections
 * ("[a, b]", "{a: 1}"), block scalars ("|", ">"), comments and document markers.
 */

/** A line's structure: its "- " columns, the key it writes (quoted or plain, and its column), the value after its colon. */
function yamlLine(s) {
  s = s.replace(/\r$/, '');
  let col = 0;
  while (s[col] === ' ') col++;
  const indent = col;
  const dashes = [];
  while (s[col] === '-' && (col + 1 === s.length || s[col + 1] === ' ')) {
    dashes.push(col);
    col++;
    while (s[col] === ' ') col++;
  }
  const line = { indent, dashes, col, key: null, keyCol: col, valueCol: col, value: '', comment: false };
  const rest = s.substring(col);
  if (rest.startsWith('#')) { line.comment = true; return line; }
  // (the plain key stops at its first ": ", the blanks before it trimmed: one pass over a long line)
  const m = /^(?:("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')[ \t]*|([^\s#,[\]{}"'&*!|>%@`][^#]*?)):(?=[ \t]|$)/.exec(rest);
  let value = rest;
  if (m) {
    line.key = yamlUnquote(m[1] || m[2]);
    value = rest.substring(m[0].length);
  }
  let lead = 0;
  while (value[lead] === ' ' || value[lead] === '\t') lead++;
  line.valueCol = col + (m ? m[0].length : 0) + lead;
  value = value.substring(lead);
  // a comment starts at a # after a blank, outside quotes (none in a quote still open)
  let end = value.length;
  let i = 0;
  if (value[0] === '"' || value[0] === "'") {
    i = yamlQuoteEnd(value, 0);
    if (i < 0) i = value.length;
  }
  for (; i < value.length; i++) {
    if (value[i] === '#' && (i === 0 || value[i - 1] === ' ' || value[i - 1] === '\t')) { end = i; line.comment = true; break; }
  }
  line.value = value.substring(0, end).trimEnd();
  return line;
}

/** Where a quoted scalar that opens at i closes (the index after its closing quote), or -1. */
function yamlQuoteEnd(s, i, limit = s.length) {
  const q = s[i];
  for (let j = i + 1; j < limit; j++) {
    if (q === '"' && s[j] === '\\') j++;
    else if (q === "'" && s[j] === "'" && s[j + 1] === "'") j++;
    else if (s[j] === q) return j + 1;
  }
  return -1;
}

/** A scalar as written (quoted or plain) as the text it stands for. */
function yamlUnquote(s) {
  if (s.startsWith('"')) { try { return JSON.parse(s); } catch (e) { return s.slice(1, -1); } }
  if (s.startsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
  return s.trim();
}

/** A value with its anchor and tag left out ("&a", "!!map"): empty when nothing else is written. */
function yamlBare(value) {
  return value.replace(/^(?:[&!]\S*\s*)+/, '');
}

/** A line's "- " items and key, entered into the stack of open collections. */
function yamlEnter(stack, line) {
  const top = () => stack[stack.length - 1];
  for (const d of line.dashes) {
    while (stack.length && top().indent > d) stack.pop();
    if (top() && top().type === 'seq' && top().indent === d) top().index++;
    else stack.push({ type: 'seq', indent: d, index: 0 });
  }
  if (line.key === null) return;
  yamlMapAt(stack, line.keyCol, line.dashes.length > 0);
  const map = top();
  map.key = line.key;
  map.keys.add(line.key);
  map.values.set(line.key, yamlUnquote(yamlBare(line.value)));
}

/** The mapping whose keys sit at a column: the open one there, or a new one (under the key or item above it). */
function yamlMapAt(stack, col, afterDash) {
  const top = () => stack[stack.length - 1];
  while (stack.length && top().indent > col) stack.pop();
  // a key at the column of a sequence's "- " ends it ("key:\n- a\nnext:")
  if (!afterDash && top() && top().type === 'seq' && top().indent === col) stack.pop();
  if (!(top() && top().type === 'map' && top().indent === col)) {
    stack.push({ type: 'map', indent: col, key: null, keys: new Set(), values: new Map() });
  }
  return top();
}

/** The path of keys and indexes to the node the stack's top collection is. */
function yamlPath(frames) {
  return frames.slice(0, -1).map((f) => (f.type === 'seq' || f.type === 'arr' ? f.index : f.key));
}

/**
 * A flow collection read from its opening bracket at start up to limit: where it closes, or the
 * collections still open at limit and the word being written there.
 */
function yamlFlow(text, start, limit) {
  const stack = [];
  let i = start;
  while (i < limit) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '"' || c === "'") {
      const end = yamlQuoteEnd(text, i, limit);
      if (end < 0) return { stack, word: yamlUnquote(text.substring(i, limit) + c), wordStart: i, quote: c };
      if (top && top.type === 'obj' && top.expectKey) top.pending = yamlUnquote(text.substring(i, end));
      i = end;
      continue;
    }
    if (c === '#' && /\s/.test(text[i - 1])) {
      while (i < limit && text[i] !== '\n') i++;
      continue;
    }
    if (c === '[') stack.push({ type: 'arr', index: 0 });
    else if (c === '{') stack.push({ type: 'obj', key: null, expectKey: true, keys: new Set(), values: new Map(), pending: '' });
    else if (c === ']' || c === '}') {
      stack.pop();
      if (!stack.length) return { closedAt: i };
    } else if (c === ',' && top) {
      if (top.type === 'arr') top.index++;
      else { top.expectKey = true; top.key = null; top.pending = ''; }
    } else if (c === ':' && top && top.type === 'obj' && top.expectKey && (i + 1 >= limit || /[\s,\]}]/.test(text[i + 1]))) {
      top.key = yamlUnquote(top.pending);
      top.keys.add(top.key);
      top.expectKey = false;
    } else if (top && top.type === 'obj' && top.expectKey) top.pending += c;
    i++;
  }
  let k = limit;
  while (k > start && /[A-Za-z0-9_.-]/.test(text[k - 1])) k--;
  return { stack, word: text.substring(k, limit), wordStart: k, quote: null };
}

/**
 * Where the cursor is in a YAML text: the path of the node being written (from the root: keys and
 * indexes), whether a key of that mapping, its value, or a sequence item (either) is being written,
 * the keys the mapping has already (after the cursor too) with their scalar values, the word typed
 * so far and where it starts, the quote it opened, and where a completion's text ends. Null where
 * nothing can be offered: in a comment, a block scalar or a quoted scalar closed already.
 */
function yamlContext(text, pos) {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  let stack = [];
  let block = -1; // inside a block scalar: its lines are indented more than this
  let skipTo = -1; // a flow collection running over lines ends here
  for (let at = 0; at < lineStart;) {
    const nl = text.indexOf('\n', at);
    const raw = text.substring(at, nl < 0 ? text.length : nl);
    const lineAt = at;
    at = nl < 0 ? text.length : nl + 1;
    if (lineAt <= skipTo) continue;
    const line = yamlLine(raw);
    const blank = yamlBlank(raw, line);
    if (block >= 0) { if (blank || line.indent > block) continue; block = -1; }
    if (blank) continue;
    if (/^(---|\.\.\.)(\s|$)/.test(raw)) { stack = []; continue; }
    if (raw.startsWith('%')) continue;
    yamlEnter(stack, line);
    const value = yamlBare(line.value);
    if (/^[|>]/.test(value)) {
      block = line.key !== null ? line.keyCol : line.dashes[line.dashes.length - 1] ?? -1;
    } else if (/^[[{]/.test(value)) {
      const start = lineAt + line.valueCol + (line.value.length - value.length);
      const flow = yamlFlow(text, start, lineStart);
      if (flow.closedAt === undefined) return yamlFlowContext(text, pos, stack, start);
      skipTo = flow.closedAt;
    }
  }
  if (lineStart <= skipTo) return null; // after a flow collection on the same line
  const prefix = text.substring(lineStart, pos);
  const line = yamlLine(prefix);
  if (line.comment || /^(---|\.\.\.)(\s|$)/.test(prefix) || prefix.startsWith('%')) return null;
  if (block >= 0 && line.indent > block) return null;
  const after = text.substring(pos);
  if (line.key !== null) {
    // a value after "key: "
    yamlEnter(stack, line);
    const value = yamlBare(line.value);
    const valueAt = lineStart + line.valueCol + (line.value.length - value.length);
    if (/^[[{]/.test(value)) return yamlFlowContext(text, pos, stack, valueAt);
    if (/^[|>]/.test(value)) return null;
    const path = yamlPath(stack).concat([stack[stack.length - 1].key]);
    const ctx = yamlScalarContext('value', path, value, valueAt, pos, after);
    // right after the colon: the value goes after a blank
    return ctx && prefix.endsWith(':') ? { ...ctx, pad: ' ' } : ctx;
  }
  const written = prefix.substring(line.col);
  if (/^[[{]/.test(written)) {
    yamlEnter(stack, line);
    return yamlFlowContext(text, pos, stack, lineStart + line.col);
  }
  // a key being written (or, after "- ", an item: a key of its mapping or a value); the mapping's
  // keys after the cursor are written already too
  yamlEnter(stack, line);
  const map = yamlMapAt(stack, line.col, line.dashes.length > 0);
  const keys = new Set(map.keys);
  const values = new Map(map.values);
  yamlKeysAfter(text, text.indexOf('\n', pos), line.col, keys, values);
  const ctx = yamlScalarContext(line.dashes.length ? 'item' : 'key', yamlPath(stack), written, lineStart + line.col, pos, after);
  return ctx && { ...ctx, keys, values };
}

/** The context of a scalar being written at start (a key, a value or an item), up to the cursor. */
function yamlScalarContext(kind, path, written, start, pos, after) {
  const quote = written[0] === '"' || written[0] === "'" ? written[0] : null;
  if (quote && yamlQuoteEnd(written, 0) >= 0) return null; // a quoted scalar closed already
  const word = quote ? written.substring(1) : written;
  // the rest of a word under the cursor is replaced too ("fl|uid"), and a quote closed already
  let end = pos;
  if (quote && after[0] === quote) end++;
  else if (!quote) end += /^[A-Za-z0-9_.-]*/.exec(after)[0].length;
  // a key whose colon is written already keeps it
  const colon = kind !== 'value' && /^[ \t]*:/.test(after.substring(end - pos));
  return { kind, path, word, wordStart: start, quote, end, colon, keys: new Set(), values: new Map() };
}

/** The context inside a flow collection ("[a, b]", "{a: 1}") that opens at start, under the block stack. */
function yamlFlowContext(text, pos, stack, start) {
  const flow = yamlFlow(text, start, pos);
  if (flow.closedAt !== undefined || !flow.stack.length) return null;
  const frames = stack.concat(flow.stack);
  const top = frames[frames.length - 1];
  const path = yamlPath(frames);
  const end = pos + (flow.quote && text[pos] === flow.quote ? 1 : 0);
  const common = { word: flow.word, wordStart: flow.wordStart, quote: flow.quote, end, colon: false };
  if (top.type === 'obj' && top.expectKey) return { ...common, kind: 'key', path, keys: top.keys, values: top.values };
  return { ...common, kind: 'value', path: path.concat([top.type === 'obj' ? top.key : top.index]), keys: new Set(), values: new Map() };
}

/** A line with nothing but blanks or a comment. */
function yamlBlank(raw, line) {
  return line.col >= raw.replace(/\r$/, '').length || (line.comment && line.key === null && !line.value && !line.dashes.length);
}

/** The keys (and their scalar values) a mapping at a column has after the cursor's line (from its newline). */
function yamlKeysAfter(text, from, col, keys, values) {
  if (from < 0) return;
  for (const raw of text.substring(from + 1).split('\n')) {
    const line = yamlLine(raw);
    if (yamlBlank(raw, line)) continue;
    if (/^(---|\.\.\.)(\s|$)/.test(raw) || line.indent < col) return;
    if (line.indent > col || line.dashes.length || line.key === null) continue;
    keys.add(line.key);
    values.set(line.key, yamlUnquote(yamlBare(line.value)));
  }
}

/**
 * The schema nodes that fit the scalar values a mapping has: a oneOf branch whose field allows
 * other values than the one written ("type: resize" against an az-outage's const) is left out.
 */
function yamlBranches(nodes, values) {
  return nodes.filter((n) => ![...values].some(([k, v]) => {
    const sub = n.properties && n.properties[k];
    if (!sub || !v) return false;
    const allowed = expand(sub).flatMap((x) => x.enum || (x.const !== undefined ? [x.const] : []));
    return allowed.length > 0 && !allowed.some((a) => String(a) === v);
  }));
}

/** Whether YAML would read a plain scalar as something else than this string (a number, a boolean, null, a date, a structure). */
function yamlMisread(s) {
  return s === '' || s !== s.trim()
    || /^[-?:,[\]{}#&*!|>'"%@`]/.test(s) || /: |:$| #|[,[\]{}]/.test(s)
    || /^(y|yes|n|no|true|false|on|off|null|~)$/i.test(s)
    || /^[-+]?\.?[0-9][0-9_]*([.:][0-9_]*)*([eE][-+]?[0-9]+)?$/.test(s)
    || /^[-+]?\.(inf|nan)$/i.test(s) || /^0[xob][0-9a-f_]+$/i.test(s)
    || /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt\s]|$)/.test(s) || s === '<<' || s === '=';
}

/** A value as YAML writes it: plain unless it would be misread, in the quotes the user opened. */
function yamlScalar(v, quote) {
  if (typeof v !== 'string') return JSON.stringify(v);
  if (quote === "'") return "'" + v.replace(/'/g, "''") + "'";
  return quote === '"' || yamlMisread(v) ? JSON.stringify(v) : v;
}

/** What may be written at the cursor of a YAML text: a mapping's field names as "name: ", values as YAML scalars. */
function yamlCompletionsAt(text, pos) {
  const ctx = yamlContext(text, pos);
  if (!ctx) return [];
  const word = ctx.word.toLowerCase();
  const out = [];
  const seen = new Set();
  const offer = (label, insert, detail) => {
    if (!seen.has(label) && label.toLowerCase().startsWith(word)) out.push({ label, insert, detail, start: ctx.wordStart, end: ctx.end });
    seen.add(label);
  };
  const nodes = nodesAt(ctx.path);
  const pad = ctx.pad || '';
  if (ctx.kind !== 'value') {
    for (const n of yamlBranches(nodes, ctx.values)) {
      for (const [name, sub] of Object.entries(n.properties || {})) {
        if (!ctx.keys.has(name)) offer(name, ctx.colon ? name : name + ': ', (expand(sub).find((x) => x.description) || {}).description);
      }
    }
  }
  if (ctx.kind !== 'key') {
    for (const n of nodes) {
      for (const v of n.enum || []) offer(String(v), pad + yamlScalar(v, ctx.quote), null);
      if (n.const !== undefined) offer(String(n.const), pad + yamlScalar(n.const, ctx.quote), null);
      if (n.type === 'boolean') { offer('true', pad + 'true', null); offer('false', pad + 'false', null); }
    }
  }
  return out.slice(0, 40);
}

// ------------------------------------------------------------------ completion list

function showCompletions() {
  const t = $('scenario');
  const list = $('completions');
  offered = completionsAt(t.value, t.selectionStart);
  chosen = 0;
  list.textContent = '';
  list.hidden = offered.length === 0;
  offered.forEach((o, k) => {
    const li = el('li', o.label, k === chosen ? 'chosen' : '');
    li.setAttribute('role', 'option');
    if (o.detail) li.title = o.detail;
    li.addEventListener('mousedown', (e) => { e.preventDefault(); chosen = k; acceptCompletion(); });
    list.append(li);
  });
}

function hideCompletions() {
  offered = [];
  $('completions').hidden = true;
}

function acceptCompletion() {
  const o = offered[chosen];
  if (!o) return;
  const t = $('scenario');
  const pos = t.selectionStart;
  // YAML's completions say where they end; in JSON a key's closing quote typed already is replaced too
  let end = o.end === undefined ? pos : o.end;
  if (o.end === undefined && t.value[end] === '"') end++;
  t.value = t.value.substring(0, o.start) + o.insert + t.value.substring(end);
  const at = o.start + o.insert.length;
  t.setSelectionRange(at, at);
  hideCompletions();
  t.focus();
  edited();
}

function completionKeys(e) {
  if (e.ctrlKey && e.key === ' ') { e.preventDefault(); showCompletions(); return; }
  if ($('completions').hidden) return;
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    chosen = (chosen + (e.key === 'ArrowDown' ? 1 : offered.length - 1)) % offered.length;
    [...$('completions').children].forEach((li, k) => { li.className = k === chosen ? 'chosen' : ''; });
  } else if (e.key === 'Enter' || e.key === 'Tab') {
    e.preventDefault();
    acceptCompletion();
  } else if (e.key === 'Escape') {
    hideCompletions();
  }
}

/** While a key or a value is typed, what fits there is offered (Ctrl+Space asks anywhere). */
function completeWhileTyping(e) {
  if (!schema || !e.data) { hideCompletions(); return; }
  if (/["'A-Za-z0-9_]/.test(e.data)) showCompletions(); else hideCompletions();
}

async function loadSchema() {
  const r = await api('GET', '/schema');
  if (r.ok) schema = await r.json();
}

// ------------------------------------------------------------------ runs

async function run() {
  const q = new URLSearchParams();
  if ($('trials').value) q.set('trials', $('trials').value);
  if ($('seed').value) q.set('seed', $('seed').value);
  const text = $('scenario').value;
  const r = await api('POST', '/runs' + (q.toString() ? '?' + q : ''), text, undefined, typeOf(text));
  const answer = await r.json();
  if (r.status !== 202) {
    setValidity(false, answer.message || ('the server answered ' + r.status));
    showProblems(answer.problems || [], $('scenario').value);
    return;
  }
  const entry = { id: answer.runId, name: scenarioName(), status: 'PENDING', done: 0, total: answer.shards, result: null };
  runs.set(entry.id, entry);
  row(entry);
  poll(entry);
}

async function poll(entry) {
  const r = await api('GET', '/runs/' + encodeURIComponent(entry.id));
  if (r.ok) {
    const v = await r.json();
    entry.status = v.status;
    entry.done = v.progress.completedShards;
    entry.total = v.progress.totalShards;
    entry.result = v.result;
    entry.failure = v.failureReason;
    row(entry);
  }
  if (!['COMPLETED', 'FAILED', 'CANCELLED'].includes(entry.status)) {
    setTimeout(() => poll(entry), 1000);
  } else if (entry.status === 'COMPLETED' && entry.showWhenDone !== false) {
    entry.showWhenDone = false;
    showReport(entry);
  }
}

function row(entry) {
  let tr = document.querySelector('tr[data-run="' + CSS.escape(entry.id) + '"]');
  if (!tr) {
    tr = document.createElement('tr');
    tr.dataset.run = entry.id;
    $('runs').tBodies[0].prepend(tr);
  }
  const ticked = tr.querySelector('input[type=checkbox]')?.checked || false;
  tr.textContent = '';
  const pick = document.createElement('input');
  pick.type = 'checkbox';
  pick.checked = ticked;
  pick.disabled = entry.status !== 'COMPLETED';
  pick.addEventListener('change', compareState);
  const c0 = el('td'); c0.append(pick);
  const progress = document.createElement('progress');
  progress.max = entry.total || 1;
  progress.value = entry.done;
  const c4 = el('td'); c4.append(progress, document.createTextNode(' ' + entry.done + ' / ' + entry.total + ' shards'));
  const actions = el('td');
  const button = (label, f) => { const b = el('button', label); b.type = 'button'; b.addEventListener('click', f); actions.append(b, ' '); };
  if (!['COMPLETED', 'FAILED', 'CANCELLED'].includes(entry.status)) {
    button('Cancel', async () => { await api('DELETE', '/runs/' + encodeURIComponent(entry.id)); });
  }
  if (entry.status === 'COMPLETED') {
    button('Report', () => showReport(entry));
    button('Result JSON', () => save(entry.name + '-' + entry.id + '.json', 'application/json', JSON.stringify(entry.result, null, 2)));
    button('Report HTML', async () => {
      const r = await api('GET', '/runs/' + encodeURIComponent(entry.id) + '/report', undefined, 'text/html');
      if (r.ok) save(entry.name + '-' + entry.id + '.html', 'text/html', await r.text());
    });
  }
  tr.append(c0, el('td', entry.id.substring(0, 8)), el('td', entry.name),
    el('td', entry.status + (entry.failure ? ': ' + entry.failure : ''), 'status'), c4, actions);
  compareState();
}

async function showReport(entry) {
  const r = await api('GET', '/runs/' + encodeURIComponent(entry.id) + '/report', undefined, 'text/html');
  if (!r.ok) return;
  $('report-section').hidden = false;
  $('report-title').textContent = 'Report of ' + entry.name + ' (run ' + entry.id.substring(0, 8) + ')';
  $('report').dataset.run = entry.id;
  $('report').srcdoc = await r.text();
}

// ------------------------------------------------------------------ compare

function ticked() {
  return [...document.querySelectorAll('#runs tbody tr')]
    .filter((tr) => tr.querySelector('input[type=checkbox]')?.checked)
    .map((tr) => runs.get(tr.dataset.run));
}

function compareState() {
  $('compare').disabled = ticked().length !== 2;
}

/**
 * B − A per stage and figure, as archsim compare: the server simulates both runs again on A's seed
 * and trials, pairs trial t of A with trial t of B (common random numbers) and gives the 95 %
 * interval of the paired differences.
 */
async function compare() {
  const [b, a] = ticked(); // the table lists the newest first: A is the older run
  const box = $('comparison');
  box.textContent = '';
  box.append(el('p', 'Comparing on common random numbers… (both runs are simulated again)'));
  const r = await api('GET', '/runs/' + encodeURIComponent(a.id) + '/compare/' + encodeURIComponent(b.id));
  const c = await r.json();
  box.textContent = '';
  if (!r.ok) { box.append(el('p', c.message || ('the server answered ' + r.status), 'worse')); return; }
  box.append(el('p', 'A = ' + a.name + ' (' + a.id.substring(0, 8) + '), B = ' + b.name + ' (' + b.id.substring(0, 8) + '); B − A per stage and figure, '
    + 'both simulated on seed ' + c.seed + ', ' + c.trials + ' trials a stage, trial t of A paired with trial t of B (common random numbers). '
    + 'The interval is the 95 % interval of the paired differences; where it covers zero the difference is not distinguishable from noise.'
    + (c.note ? ' ' + c.note + '.' : '')));
  const table = el('table');
  table.id = 'comparison-table';
  const head = el('tr');
  for (const h of ['stage', 'figure', 'A', 'B', 'B − A', '95 % interval', 'verdict']) head.append(el('th', h));
  table.append(head);
  // name, field, scale, which way is better, decimals (availability as the CLI shows it: 99.9991 %)
  const figures = [
    ['availability %', 'availability', 100, +1, 4],
    ['failed requests per trial', 'failedRequestsPerTrial', 1, -1, 0],
    ['p99 latency ms (trial mean)', 'latencyP99MsTrialMean', 1, -1, 1],
    ['monthly cost US$', 'monthlyCostUsd', 1, -1, 2],
  ];
  for (const s of c.stages) {
    for (const [name, key, scale, sign, digits] of figures) {
      const fmt = (v) => fixed(v, digits);
      const f = s.bMinusA[key];
      const d = f.difference === null ? null : scale * f.difference;
      let verdict;
      if (f.verdict === 'identical in every trial') verdict = 'same (identical in every trial)';
      else if (f.verdict === 'the same to the precision shown in every trial') verdict = 'same (to the precision shown in every trial)';
      else if (f.verdict === 'differs') verdict = d * sign > 0 ? 'better' : 'worse';
      else verdict = f.verdict;
      const tr = el('tr');
      tr.append(el('td', s.a === s.b ? s.a : s.a + ' / ' + s.b), el('td', name),
        el('td', fmt(f.a === null ? null : scale * f.a), 'num'), el('td', fmt(f.b === null ? null : scale * f.b), 'num'),
        el('td', d === null ? '–' : (d > 0 ? '+' : '') + fmt(d), 'num'),
        el('td', f.ci95Low === null ? '–' : '[' + fmt(scale * f.ci95Low) + ', ' + fmt(scale * f.ci95High) + ']', 'num'),
        el('td', verdict, verdict.startsWith('not') ? 'noise' : verdict === 'better' ? 'better' : verdict === 'worse' ? 'worse' : ''));
      table.append(tr);
    }
  }
  box.append(table);
}

/** A figure with a fixed number of decimals, thousands grouped: 99.9991, 4,678, 422.84. */
function fixed(v, digits) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (Math.abs(v) < 0.5 * 10 ** -digits) v = 0; // no "-0.0"
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

// ------------------------------------------------------------------ start

async function start() {
  $('scenario').addEventListener('input', edited);
  $('scenario').addEventListener('input', completeWhileTyping);
  $('scenario').addEventListener('keydown', completionKeys);
  $('scenario').addEventListener('blur', () => setTimeout(hideCompletions, 150));
  $('scenario').addEventListener('scroll', () => { $('gutter').scrollTop = $('scenario').scrollTop; });
  $('library').addEventListener('change', (e) => openLibrary(e.target.value));
  $('upload').addEventListener('change', (e) => { if (e.target.files[0]) openFile(e.target.files[0]); });
  $('download-scenario').addEventListener('click', saveScenario);
  $('run').addEventListener('click', run);
  $('report').addEventListener('load', () => { $('report').dataset.loaded = $('report').dataset.run || ''; });
  $('compare').addEventListener('click', compare);
  $('token').value = token;
  $('token-save').addEventListener('click', () => {
    token = $('token').value.trim();
    sessionStorage.setItem('archsim-token', token);
    $('token-box').hidden = true;
    loadLibrary();
    loadSchema();
  });
  gutter(new Set());
  loadLibrary();
  loadSchema();
}

async function loadLibrary() {
  const r = await api('GET', '/library');
  if (!r.ok) return;
  const select = $('library');
  select.length = 1;
  for (const name of await r.json()) {
    const o = el('option', name);
    o.value = name;
    select.append(o);
  }
}

start();
