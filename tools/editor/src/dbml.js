// DBML highlighting: a stream tokenizer for the language dbdiagram.io defined (Table, Ref,
// Enum, TableGroup, Project, Note blocks; column settings in brackets; `expressions`).
import { StreamLanguage } from '@codemirror/language';

const BLOCKS = new Set(['table', 'ref', 'enum', 'tablegroup', 'project', 'note', 'indexes', 'tablepartial', 'records']);
const SETTINGS = new Set([
  'pk', 'primary', 'key', 'null', 'not', 'unique', 'increment', 'default', 'ref', 'note', 'as',
  'delete', 'update', 'cascade', 'restrict', 'set', 'action', 'no', 'name', 'type', 'headercolor', 'color',
]);
const LITERALS = new Set(['true', 'false', 'null']);

function tokenBlockComment(stream, state) {
  while (!stream.eol()) {
    if (stream.match('*/')) {
      state.inner = null;
      return 'comment';
    }
    stream.next();
  }
  return 'comment';
}

function tokenTripleString(stream, state) {
  while (!stream.eol()) {
    if (stream.match("'''")) {
      state.inner = null;
      return 'string';
    }
    if (stream.next() === '\\') stream.next();
  }
  return 'string';
}

export const dbml = StreamLanguage.define({
  name: 'dbml',
  startState: () => ({ inner: null, brackets: 0 }),
  token(stream, state) {
    if (state.inner) return state.inner(stream, state);
    if (stream.eatSpace()) return null;
    if (stream.match('//')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match('/*')) {
      state.inner = tokenBlockComment;
      return state.inner(stream, state);
    }
    if (stream.match("'''")) {
      state.inner = tokenTripleString;
      return state.inner(stream, state);
    }
    const quote = stream.peek();
    if (quote === "'" || quote === '"' || quote === '`') {
      stream.next();
      let escaped = false;
      for (let ch = stream.next(); ch != null; ch = stream.next()) {
        if (ch === quote && !escaped) break;
        escaped = !escaped && ch === '\\';
      }
      // Double quotes name things, single quotes are text, backticks are expressions.
      return quote === '"' ? 'variableName.special' : quote === '`' ? 'literal' : 'string';
    }
    if (stream.match(/^#[0-9a-fA-F]{3,8}\b/)) return 'color';
    if (stream.match(/^-?\d+(\.\d+)?/)) return 'number';
    if (stream.match(/^(<>|[<>-])/)) return 'operator';
    const ch = stream.next();
    if (ch === '[') {
      state.brackets += 1;
      return 'squareBracket';
    }
    if (ch === ']') {
      state.brackets = Math.max(0, state.brackets - 1);
      return 'squareBracket';
    }
    if (ch === '{' || ch === '}') return 'brace';
    if (ch === '(' || ch === ')') return 'paren';
    if (/[\w$]/.test(ch)) {
      stream.eatWhile(/[\w$]/);
      const word = stream.current().toLowerCase();
      if (LITERALS.has(word)) return 'atom';
      if (state.brackets > 0 && SETTINGS.has(word)) return 'keyword';
      if (state.brackets === 0 && BLOCKS.has(word) && stream.column() === stream.indentation()) {
        return 'keyword';
      }
      return stream.peek() === '(' ? 'typeName' : 'variableName';
    }
    return 'punctuation';
  },
  languageData: { commentTokens: { line: '//', block: { open: '/*', close: '*/' } } },
});
