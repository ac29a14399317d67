// The app's code editor, CodeMirror 6, behind the small API the Rust UI binds to
// (src/ui/code_editor.rs): it owns no history of its own, so undo is the project's; text set
// by the app is marked so that it is not reported back as typing.
import { Annotation, Compartment, EditorState } from '@codemirror/state';
import {
  EditorView, crosshairCursor, drawSelection, dropCursor, highlightActiveLine,
  highlightActiveLineGutter, highlightSpecialChars, keymap, lineNumbers, rectangularSelection,
} from '@codemirror/view';
import {
  HighlightStyle, bracketMatching, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting,
} from '@codemirror/language';
import { tags as t } from '@lezer/highlight';
import { defaultKeymap, indentWithTab } from '@codemirror/commands';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { MSSQL, MariaSQL, MySQL, PostgreSQL, SQLite, StandardSQL, sql } from '@codemirror/lang-sql';
import { dbml } from './dbml.js';

const fromApp = Annotation.define();

const SQL_DIALECTS = {
  postgres: PostgreSQL,
  mysql: MySQL,
  mariadb: MariaSQL,
  sqlite: SQLite,
  mssql: MSSQL,
};

/// `sql:<dialect>` or `dbml`.
function languageFor(name) {
  if (name === 'dbml') return dbml;
  const dialect = SQL_DIALECTS[String(name).replace(/^sql:/, '')] ?? StandardSQL;
  return sql({ dialect, upperCaseKeywords: true });
}

/// The document offset of a 1-based line and a 1-based column counted in characters
/// (the engine's positions), clamped to the document.
function offsetOf(doc, line, column) {
  if (line < 1) return 0;
  if (line > doc.lines) return doc.length;
  const l = doc.line(line);
  let offset = 0;
  let count = 1;
  for (const ch of l.text) {
    if (count >= column) break;
    offset += ch.length;
    count += 1;
  }
  return l.from + offset;
}

/// The end of the word (identifier, possibly quoted) that starts at `from`, or one
/// character on, so a finding's underline covers the name it is about.
function wordEnd(doc, from) {
  const line = doc.lineAt(from);
  const rest = line.text.slice(from - line.from);
  const match = /^("[^"]*"|`[^`]*`|\[[^\]]*\]|[\p{L}\p{N}_$]+)/u.exec(rest);
  if (match) return from + match[0].length;
  return Math.min(line.to, from + 1);
}

/// The smallest replacement that turns `old` into `next`, so the cursor and the scroll
/// position survive an undo or a rewrite from the diagram.
function difference(old, next) {
  const shortest = Math.min(old.length, next.length);
  let start = 0;
  while (start < shortest && old.charCodeAt(start) === next.charCodeAt(start)) start += 1;
  let end = 0;
  while (
    end < shortest - start
    && old.charCodeAt(old.length - 1 - end) === next.charCodeAt(next.length - 1 - end)
  ) end += 1;
  return { from: start, to: old.length - end, insert: next.slice(start, next.length - end) };
}

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px' },
  '.cm-scroller': { fontFamily: 'var(--mono, ui-monospace, monospace)', lineHeight: '1.5' },
  '.cm-gutters': { background: 'var(--panel, #f6f7f9)', borderRight: '1px solid var(--line, #dde1e6)' },
});

/// Syntax colours as CSS variables, so that the app's theme (style/theme.css) chooses them;
/// the fallbacks are the light palette, each at least 4.5:1 on white.
const colour = (name, light) => `var(--cm-${name}, ${light})`;
const highlightStyle = HighlightStyle.define([
  { tag: t.keyword, color: colour('keyword', '#708') },
  { tag: [t.atom, t.bool, t.url, t.contentSeparator, t.labelName], color: colour('atom', '#219') },
  { tag: [t.literal, t.inserted, t.number], color: colour('literal', '#164') },
  { tag: [t.string, t.deleted], color: colour('string', '#a11') },
  { tag: [t.regexp, t.escape, t.special(t.string), t.color], color: colour('special', '#b33a00') },
  { tag: t.definition(t.variableName), color: colour('definition', '#00f') },
  { tag: [t.typeName, t.namespace, t.className], color: colour('type', '#085') },
  { tag: [t.special(t.variableName), t.macroName], color: colour('name', '#256') },
  { tag: t.comment, color: colour('comment', '#8a4a00'), fontStyle: 'italic' },
  { tag: t.meta, color: colour('meta', '#404740') },
  { tag: t.invalid, color: colour('invalid', '#d00') },
  { tag: t.strong, fontWeight: 'bold' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.link, textDecoration: 'underline' },
]);

class Editor {
  constructor(parent, options) {
    this.onChange = options.onChange ?? (() => {});
    this.language = new Compartment();
    const listener = EditorView.updateListener.of((update) => {
      if (!update.docChanged) return;
      if (update.transactions.every((t) => t.annotation(fromApp))) return;
      this.onChange(update.state.doc.toString());
    });
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: options.text ?? '',
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          foldGutter(),
          lintGutter(),
          highlightSpecialChars(),
          drawSelection(),
          dropCursor(),
          EditorState.allowMultipleSelections.of(true),
          indentOnInput(),
          syntaxHighlighting(highlightStyle),
          bracketMatching(),
          rectangularSelection(),
          crosshairCursor(),
          highlightActiveLine(),
          highlightSelectionMatches(),
          search({ top: true }),
          // No history keymap: Ctrl+Z reaches the app, whose undo covers the text too.
          keymap.of([...defaultKeymap, ...searchKeymap, ...foldKeymap, ...lintKeymap, indentWithTab]),
          this.language.of(languageFor(options.language ?? 'sql:postgres')),
          EditorView.contentAttributes.of({ 'aria-label': 'Schema source', spellcheck: 'false' }),
          theme,
          listener,
        ],
      }),
    });
    this.view.dom.__schemaforgeEditor = this;
  }

  text() {
    return this.view.state.doc.toString();
  }

  /// Replaces the text with the app's (undo, a view switch, an edit on the diagram): only
  /// the part that differs changes, and it is not reported back as typing.
  setText(text) {
    const old = this.view.state.doc.toString();
    if (old === text) return;
    this.view.dispatch({ changes: difference(old, text), annotations: fromApp.of(true) });
  }

  setLanguage(name) {
    this.view.dispatch({ effects: this.language.reconfigure(languageFor(name)) });
  }

  /// Findings and errors as `{line, column, endLine?, endColumn?, severity, message,
  /// source}` with the engine's 1-based positions: gutter markers, underlines (to the end
  /// the engine gives, else to the end of the word there) and messages on hover.
  setDiagnostics(list) {
    const doc = this.view.state.doc;
    const diagnostics = [];
    for (const d of list) {
      const from = offsetOf(doc, d.line, d.column);
      const end = d.endLine ? offsetOf(doc, d.endLine, d.endColumn) : from;
      diagnostics.push({
        from,
        to: end > from ? end : wordEnd(doc, from),
        severity: d.severity,
        message: d.message,
        source: d.source,
      });
    }
    diagnostics.sort((a, b) => a.from - b.from);
    // The same list on the same text changes nothing, and dispatching it would close an open
    // tooltip under the reader's pointer.
    const key = JSON.stringify(diagnostics);
    if (this.shown && this.shown.doc === doc && this.shown.key === key) return;
    this.shown = { doc, key };
    this.view.dispatch(setDiagnostics(this.view.state, diagnostics));
  }

  /// Puts the cursor at a 1-based line and column, selecting the word there, and shows it.
  goTo(line, column, selectWord) {
    const doc = this.view.state.doc;
    const from = offsetOf(doc, line, column);
    const to = selectWord ? wordEnd(doc, from) : from;
    this.view.dispatch({
      selection: { anchor: from, head: to },
      effects: EditorView.scrollIntoView(from, { y: 'center' }),
    });
    this.view.focus();
  }

  /// The main selection as offsets and as the 1-based line and column of its start.
  selection() {
    const { from, to } = this.view.state.selection.main;
    const line = this.view.state.doc.lineAt(from);
    return { from, to, line: line.number, column: from - line.from + 1 };
  }

  focus() {
    this.view.focus();
  }

  destroy() {
    this.view.destroy();
  }
}

/// The editor mounted inside `element` (or the element itself), for the app and the tests.
function of(element) {
  const dom = element?.classList?.contains('cm-editor') ? element : element?.querySelector('.cm-editor');
  return dom?.__schemaforgeEditor ?? null;
}

window.SchemaforgeEditor = {
  create: (parent, options) => new Editor(parent, options ?? {}),
  of,
};
