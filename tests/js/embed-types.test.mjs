// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The TypeScript declarations of `wasmconv/embed` (bindings/js/embed.d.ts): a consumer that
// imports it and builds figures with document.createElement('wasmconv-figure') compiles
// under `tsc --strict` (NodeNext and Bundler resolution), each misuse in the list below is
// exactly one error on its line, and without the import the same misuses compile (the types
// come from the export's `types` entry). The declared attributes and their words are those
// of the table the element validates with (web/embed/attributes.js), and every declaration
// is documented. The tarball ships the file (tests/js/package.test.mjs lists it too).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';

import ts from 'typescript';

import { CONTROLS, FIGURE_ATTRIBUTES } from '../../web/embed/attributes.js';
import { GRID_VIEWS } from '../../web/views/index.js';
import { repoRoot } from './support/paths.mjs';

const DTS = join(repoRoot, 'bindings', 'js', 'embed.d.ts');

const COMPILER = { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022', 'DOM'], types: [], skipLibCheck: false };
const RESOLUTIONS = {
  NodeNext: { module: 'NodeNext', moduleResolution: 'NodeNext' },
  Bundler: { module: 'ESNext', moduleResolution: 'Bundler' },
};

// Runs `body(dir)` in a fresh project holding `files`, a tsconfig.json with `resolution`
// and node_modules/wasmconv linked to the repository; the project is removed afterwards.
function inProject(files, resolution, body) {
  const dir = mkdtempSync(join(tmpdir(), 'wasmconv-embed-types-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(repoRoot, join(dir, 'node_modules', 'wasmconv'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'embed-types-check', type: 'module', private: true }));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { ...COMPILER, ...RESOLUTIONS[resolution] },
      files: Object.keys(files),
    }));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// tsc itself, as a user runs it; throws (with tsc's stdout) when the project has errors.
function compile(files, resolution = 'NodeNext') {
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  return inProject(files, resolution, (dir) => execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8', stdio: 'pipe' }));
}

// The project's diagnostics through the compiler API: file, line (1-based) and message.
function diagnostics(files) {
  return inProject(files, 'NodeNext', (dir) => {
    const config = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    });
    const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
    return ts.getPreEmitDiagnostics(program).map((d) => ({
      file: d.file ? basename(d.file.fileName) : '(global)',
      line: d.file ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
      message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    }));
  });
}

// A consumer as the README shows it: import for the side effect, then build figures.
const USAGE = `import 'wasmconv/embed';
import { FIGURE_ATTRIBUTES, type WasmconvFigureAttributes, type WasmconvFigureElement } from 'wasmconv/embed';

const figure: WasmconvFigureElement = document.createElement('wasmconv-figure');
figure.setAttribute('view', 'matrix');
figure.setAttribute('mode', 'transposed');
figure.setAttribute('input', '5x7');
figure.setAttribute('kernel', '3');
figure.setAttribute('stride', '2');
figure.setAttribute('padding', '1,0,1,0');
figure.setAttribute('padding', 'same');
figure.setAttribute('dilation', '2x1');
figure.setAttribute('output-padding', '1');
figure.setAttribute('output-size', '8x8');
figure.setAttribute('channels', '16x32');
figure.setAttribute('group-count', '4');
figure.setAttribute('bias', 'true');
figure.setAttribute('layers', '3,3d2,3s2');
figure.setAttribute('controls', '');
figure.setAttribute('controls', 'stride dilation');
figure.setAttribute('details', '');
figure.setAttribute('theme', 'dark');
figure.setAttribute('playground-url', 'https://example.org/playground/');
figure.setAttribute('loading', 'eager');
// Attributes that are not the figure's own take any string.
figure.setAttribute('id', 'fig-1');
figure.setAttribute('class', 'wide');
figure.toggleAttribute('details');
const found: WasmconvFigureElement | null = document.querySelector('wasmconv-figure');
const state: 'waiting' | 'loading' | 'ready' | 'error' | undefined = found?.dataset.state;
const theme: 'light' | 'dark' | undefined = figure.dataset.theme;
const other: string | undefined = figure.dataset.reserved;
const setting: Partial<WasmconvFigureAttributes> = { view: 'arithmetic', theme: 'auto' };
for (const [name, value] of Object.entries(setting)) figure.setAttribute(name as keyof WasmconvFigureAttributes, value as never);
const kinds: string[] = Object.values(FIGURE_ATTRIBUTES).map((spec) => spec.kind);
document.body.append(figure);
console.log(state, theme, other, kinds);
`;

// Each misuse: [line, what it gets wrong]. The image view is the playground's, not a figure's.
const MISUSES = [
  ["figure.setAttribute('view', 'image');", 'a view figures refuse'],
  ["figure.setAttribute('theme', 'sepia');", 'a theme that does not exist'],
  ["figure.setAttribute('mode', 'deconv');", 'a mode that does not exist'],
  ["figure.setAttribute('input', '5x');", 'a pair without its width'],
  ["figure.setAttribute('stride', 2);", 'a number, not a string'],
  ["figure.setAttribute('controls', 'size');", 'a slider that does not exist'],
  ["figure.setAttribute('loading', 'later');", 'a loading mode that does not exist'],
  ["figure.setAttribute('bias', 'yes');", 'bias is true or false'],
  ["const state: 'ready' | undefined = figure.dataset.state;", 'data-state has four values'],
];
const misuseFile = (directives) => [
  "import 'wasmconv/embed';",
  "const figure = document.createElement('wasmconv-figure');",
  ...MISUSES.flatMap(([line, why]) => [directives ? `// @ts-expect-error ${why}` : '', line]),
  'export {};',
].join('\n');

test('a consumer of wasmconv/embed compiles under --strict with NodeNext and Bundler resolution', () => {
  for (const resolution of Object.keys(RESOLUTIONS)) {
    try {
      compile({ 'usage.ts': USAGE, 'misuse.ts': misuseFile(true) }, resolution);
    } catch (e) {
      assert.fail(`${resolution}: ${e.stdout || e.message}`);
    }
  }
});

test('each misuse, without its @ts-expect-error, is exactly one error on its line', () => {
  const found = diagnostics({ 'misuse.ts': misuseFile(false) });
  const lines = misuseFile(false).split('\n');
  const expected = MISUSES.map(([line]) => lines.indexOf(line) + 1);
  assert.deepEqual(found.filter((d) => !expected.includes(d.line)), [], 'errors off the misuse lines');
  for (const [i, line] of expected.entries()) {
    const errors = found.filter((d) => d.line === line);
    assert.equal(errors.length, 1, `${MISUSES[i][0]} (${MISUSES[i][1]}) gives ${errors.length} errors: ${JSON.stringify(errors)}`);
  }
});

test('without the import the element is a plain HTMLElement: the misuses compile (the check can fail)', () => {
  const withoutImport = misuseFile(false).replace("import 'wasmconv/embed';", '');
  const found = diagnostics({ 'misuse.ts': withoutImport });
  // Only the number and the data-state lines still fail (the DOM's setAttribute takes a
  // string, and a plain DOMStringMap gives string | undefined).
  const lineOf = (text) => withoutImport.split('\n').indexOf(text) + 1;
  assert.deepEqual(found.map((d) => d.line), [lineOf(MISUSES[4][0]), lineOf(MISUSES.at(-1)[0])]);
  // And a misuse left without its directive fails tsc as a user runs it.
  assert.throws(() => compile({ 'misuse.ts': misuseFile(false) }), (e) => /sepia/.test(String(e.stdout)));
});

// The declaration file through the type checker: per attribute of WasmconvFigureAttributes,
// its name and the string literals its type accepts (null: any string of some form).
function declaredAttributes() {
  const { options } = ts.convertCompilerOptionsFromJson({ ...COMPILER, ...RESOLUTIONS.NodeNext }, repoRoot);
  const program = ts.createProgram({ rootNames: [DTS], options });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(DTS);
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(source));
  const typeOf = (name) => checker.getDeclaredTypeOfSymbol(exports.find((s) => s.name === name));
  const literals = (type) => {
    const parts = type.isUnion() ? type.types : [type];
    return parts.every((t) => t.isStringLiteral()) ? parts.map((t) => t.value) : null;
  };
  const attributes = typeOf('WasmconvFigureAttributes').getProperties().map((p) => [p.name, literals(checker.getTypeOfSymbol(p))]);
  return { attributes, views: literals(typeOf('FigureView')), controls: literals(typeOf('FigureControl')) };
}

test('the declared attributes and their words are the table the element validates with', () => {
  const { attributes, views, controls } = declaredAttributes();
  assert.deepEqual(attributes.map(([name]) => name), Object.keys(FIGURE_ATTRIBUTES));
  for (const [name, words] of attributes) {
    const spec = FIGURE_ATTRIBUTES[name];
    if (spec.kind === 'words') assert.deepEqual(new Set(words), new Set(spec.values), `${name}: declared ${words}, validated ${spec.values}`);
    else assert.equal(words, null, `${name} is declared as words ${words} but validated as ${spec.kind}`);
  }
  assert.deepEqual(views, GRID_VIEWS);
  assert.deepEqual(controls, Object.keys(CONTROLS));
});

test('every declaration and member of embed.d.ts has a doc comment, and the element is in HTMLElementTagNameMap', () => {
  const source = ts.createSourceFile('embed.d.ts', ts.sys.readFile(DTS), ts.ScriptTarget.Latest, true);
  const missing = [];
  const documented = (node) => ts.getJSDocCommentsAndTags(node).some((d) => ts.isJSDoc(d) && ts.getTextOfJSDocComment(d.comment)?.trim());
  const visit = (node, path) => {
    for (const member of node.members ?? []) {
      const name = `${path}.${member.name?.getText() ?? '()'}`;
      if (!documented(member)) missing.push(name);
      if (member.type) ts.forEachChild(member.type, (child) => ts.isTypeLiteralNode(child) && visit(child, name));
    }
  };
  let tagMap = null;
  for (const statement of source.statements) {
    if (ts.isModuleDeclaration(statement)) {
      tagMap = statement.body.statements.find((s) => s.name.text === 'HTMLElementTagNameMap');
      visit(tagMap, 'global.HTMLElementTagNameMap');
      continue;
    }
    const node = ts.isVariableStatement(statement) ? statement.declarationList.declarations[0] : statement;
    if (!documented(statement)) missing.push(node.name.text);
    visit(node, node.name.text);
  }
  assert.deepEqual(missing, []);
  assert.equal(tagMap?.members[0].name.text, 'wasmconv-figure');
  assert.equal(tagMap.members[0].type.getText(), 'WasmconvFigureElement');
});
