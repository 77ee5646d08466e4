/** A place in a text file, both 1-based. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** Invalid JSON, with where the parser gave up. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: SourcePosition,
  ) {
    super(`${message} at line ${position.line}, column ${position.column}`);
    this.name = 'JsonSyntaxError';
  }
}

export interface ParsedJson {
  value: unknown;
  /** Where each value starts, by document path (`Statement[2].Condition`); '' is the whole document. */
  positions: Map<string, SourcePosition>;
  /** Keys that appear twice in one object (JSON.parse would silently keep the last one). */
  duplicateKeys: Array<{ path: string; position: SourcePosition }>;
}

/** The path of a member inside an object, in the notation validation errors use. */
export function memberPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

export function elementPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/**
 * Parses JSON (RFC 8259) and records the position of every value, so problems can be reported
 * with a line and column; strict like AWS's policy parser (no comments, no trailing commas).
 */
export function parseJsonWithPositions(text: string): ParsedJson {
  return new JsonReader(text).readDocument();
}

class JsonReader {
  private index = 0;
  private readonly positions = new Map<string, SourcePosition>();
  private readonly duplicateKeys: ParsedJson['duplicateKeys'] = [];
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  readDocument(): ParsedJson {
    if (this.text.charCodeAt(0) === 0xfeff) this.index = 1;
    this.skipWhitespace();
    if (this.index >= this.text.length) this.fail('the document is empty');
    const value = this.readValue('');
    this.skipWhitespace();
    if (this.index < this.text.length) this.fail(`unexpected ${this.describe()} after the end of the document`);
    return { value, positions: this.positions, duplicateKeys: this.duplicateKeys };
  }

  private readValue(path: string): unknown {
    this.positions.set(path, this.positionOf(this.index));
    const char = this.text[this.index];
    if (char === '{') return this.readObject(path);
    if (char === '[') return this.readArray(path);
    if (char === '"') return this.readString();
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.readNumber();
    for (const [literal, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(literal, this.index)) {
        this.index += literal.length;
        return value;
      }
    }
    return this.fail(`unexpected ${this.describe()}; expected a value`);
  }

  private readObject(path: string): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.index++;
    this.skipWhitespace();
    if (this.text[this.index] === '}') {
      this.index++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.index] !== '"')
        this.fail(`unexpected ${this.describe()}; expected a member name in double quotes`);
      const keyPosition = this.positionOf(this.index);
      const key = this.readString();
      this.skipWhitespace();
      if (this.text[this.index] !== ':') this.fail(`unexpected ${this.describe()}; expected ':' after "${key}"`);
      this.index++;
      this.skipWhitespace();
      const childPath = memberPath(path, key);
      if (Object.hasOwn(result, key)) this.duplicateKeys.push({ path: childPath, position: keyPosition });
      Object.defineProperty(result, key, {
        value: this.readValue(childPath),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipWhitespace();
      const next = this.text[this.index];
      this.index++;
      if (next === '}') return result;
      if (next !== ',') this.failAt(this.index - 1, `unexpected ${this.describe(this.index - 1)}; expected ',' or '}'`);
    }
  }

  private readArray(path: string): unknown[] {
    const result: unknown[] = [];
    this.index++;
    this.skipWhitespace();
    if (this.text[this.index] === ']') {
      this.index++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      result.push(this.readValue(elementPath(path, result.length)));
      this.skipWhitespace();
      const next = this.text[this.index];
      this.index++;
      if (next === ']') return result;
      if (next !== ',') this.failAt(this.index - 1, `unexpected ${this.describe(this.index - 1)}; expected ',' or ']'`);
    }
  }

  private readString(): string {
    const start = this.index;
    this.index++;
    let result = '';
    for (;;) {
      const char = this.text[this.index];
      if (char === undefined) this.failAt(start, 'unterminated string');
      if (char === '"') {
        this.index++;
        return result;
      }
      if (char === '\\') {
        const escape = this.text[this.index + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (escape !== undefined && simple[escape] !== undefined) {
          result += simple[escape];
          this.index += 2;
        } else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.index + 2, this.index + 6))) {
          result += String.fromCharCode(parseInt(this.text.slice(this.index + 2, this.index + 6), 16));
          this.index += 6;
        } else {
          this.fail('invalid escape sequence in a string');
        }
        continue;
      }
      if (char < ' ') this.fail('control character in a string (write it as an escape such as \\n)');
      result += char;
      this.index++;
    }
  }

  private readNumber(): number {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.index));
    if (!match) return this.fail('invalid number');
    this.index += match[0].length;
    return Number(match[0]);
  }

  private skipWhitespace(): void {
    while (this.index < this.text.length && ' \t\n\r'.includes(this.text[this.index] as string)) this.index++;
  }

  private describe(at = this.index): string {
    const char = this.text[at];
    if (char === undefined) return 'end of the document';
    return `'${char}'`;
  }

  private positionOf(offset: number): SourcePosition {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((this.lineStarts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] as number) + 1 };
  }

  private fail(message: string): never {
    return this.failAt(this.index, message);
  }

  private failAt(offset: number, message: string): never {
    throw new JsonSyntaxError(message, this.positionOf(offset));
  }
}
