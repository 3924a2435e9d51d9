using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace WeChat.OfficialAccount.Generator.Json
{
    /// <summary>A parsed JSON value with its position in the spec file (0-based line and column).</summary>
    internal abstract class JsonNode
    {
        public int Start { get; set; }

        public int Length { get; set; }

        public int Line { get; set; }

        public int Column { get; set; }

        public int EndLine { get; set; }

        public int EndColumn { get; set; }

        public abstract string KindName { get; }
    }

    internal sealed class JsonObject : JsonNode
    {
        public List<JsonProperty> Properties { get; } = new();

        public override string KindName => "object";

        public JsonProperty? Find(string name)
        {
            foreach (JsonProperty property in Properties)
            {
                if (property.Name == name)
                {
                    return property;
                }
            }

            return null;
        }
    }

    internal sealed class JsonProperty
    {
        public JsonProperty(string name, JsonNode nameNode, JsonNode value)
        {
            Name = name;
            NameNode = nameNode;
            Value = value;
        }

        public string Name { get; }

        public JsonNode NameNode { get; }

        public JsonNode Value { get; }
    }

    internal sealed class JsonArray : JsonNode
    {
        public List<JsonNode> Items { get; } = new();

        public override string KindName => "array";
    }

    internal sealed class JsonString : JsonNode
    {
        public JsonString(string value)
        {
            Value = value;
        }

        public string Value { get; }

        public override string KindName => "string";
    }

    internal sealed class JsonLiteral : JsonNode
    {
        public JsonLiteral(string text, string kind)
        {
            Text = text;
            KindName = kind;
        }

        public string Text { get; }

        public override string KindName { get; }
    }

    /// <summary>A JSON syntax error at a position.</summary>
    internal sealed class JsonSyntaxException : Exception
    {
        public JsonSyntaxException(string message, int offset, int line, int column)
            : base(message)
        {
            Offset = offset;
            Line = line;
            Column = column;
        }

        public int Offset { get; }

        public int Line { get; }

        public int Column { get; }
    }

    /// <summary>
    /// A small JSON reader that keeps positions. The generator carries no generation-time dependency besides Roslyn,
    /// so it reads spec files with this instead of System.Text.Json.
    /// </summary>
    internal sealed class SpecJsonReader
    {
        private const int MaxDepth = 64;
        private readonly string _text;
        private int _pos;
        private int _line;
        private int _lineStart;

        private SpecJsonReader(string text)
        {
            _text = text;
        }

        public static JsonNode Parse(string text)
        {
            var reader = new SpecJsonReader(text);
            reader.SkipWhitespace();
            JsonNode root = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (reader._pos < text.Length)
            {
                throw reader.Error("unexpected content after the JSON value");
            }

            return root;
        }

        private JsonNode ReadValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error("JSON nested too deeply");
            }

            if (_pos >= _text.Length)
            {
                throw Error("unexpected end of file");
            }

            int start = _pos, line = _line, column = _pos - _lineStart;
            JsonNode node;
            switch (_text[_pos])
            {
                case '{':
                    node = ReadObject(depth);
                    break;
                case '[':
                    node = ReadArray(depth);
                    break;
                case '"':
                    node = new JsonString(ReadString());
                    break;
                case 't':
                    node = ReadLiteral("true", "boolean");
                    break;
                case 'f':
                    node = ReadLiteral("false", "boolean");
                    break;
                case 'n':
                    node = ReadLiteral("null", "null");
                    break;
                default:
                    node = ReadNumber();
                    break;
            }

            node.Start = start;
            node.Length = _pos - start;
            node.Line = line;
            node.Column = column;
            node.EndLine = _line;
            node.EndColumn = _pos - _lineStart;
            return node;
        }

        private JsonObject ReadObject(int depth)
        {
            var result = new JsonObject();
            _pos++;
            SkipWhitespace();
            if (Peek() == '}')
            {
                _pos++;
                return result;
            }

            while (true)
            {
                SkipWhitespace();
                if (Peek() != '"')
                {
                    throw Error("expected a property name in double quotes");
                }

                int start = _pos, line = _line, column = _pos - _lineStart;
                string name = ReadString();
                var nameNode = new JsonString(name) { Start = start, Length = _pos - start, Line = line, Column = column, EndLine = _line, EndColumn = _pos - _lineStart };
                SkipWhitespace();
                if (Peek() != ':')
                {
                    throw Error("expected ':' after the property name");
                }

                _pos++;
                SkipWhitespace();
                result.Properties.Add(new JsonProperty(name, nameNode, ReadValue(depth + 1)));
                SkipWhitespace();
                char next = Peek();
                if (next == ',')
                {
                    _pos++;
                    continue;
                }

                if (next == '}')
                {
                    _pos++;
                    return result;
                }

                throw Error("expected ',' or '}' in an object");
            }
        }

        private JsonArray ReadArray(int depth)
        {
            var result = new JsonArray();
            _pos++;
            SkipWhitespace();
            if (Peek() == ']')
            {
                _pos++;
                return result;
            }

            while (true)
            {
                SkipWhitespace();
                result.Items.Add(ReadValue(depth + 1));
                SkipWhitespace();
                char next = Peek();
                if (next == ',')
                {
                    _pos++;
                    continue;
                }

                if (next == ']')
                {
                    _pos++;
                    return result;
                }

                throw Error("expected ',' or ']' in an array");
            }
        }

        private string ReadString()
        {
            _pos++;
            var builder = new StringBuilder();
            while (true)
            {
                if (_pos >= _text.Length)
                {
                    throw Error("unterminated string");
                }

                char c = _text[_pos];
                if (c == '"')
                {
                    _pos++;
                    return builder.ToString();
                }

                if (c < ' ')
                {
                    throw Error("control character in a string");
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    _pos++;
                    continue;
                }

                _pos++;
                char escape = Peek();
                _pos++;
                switch (escape)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                        if (_pos + 4 > _text.Length
                            || !int.TryParse(_text.Substring(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code))
                        {
                            throw Error("invalid \\u escape");
                        }

                        builder.Append((char)code);
                        _pos += 4;
                        break;
                    default:
                        _pos--;
                        throw Error("invalid escape sequence");
                }
            }
        }

        private JsonLiteral ReadLiteral(string literal, string kind)
        {
            if (string.CompareOrdinal(_text, _pos, literal, 0, literal.Length) != 0)
            {
                throw Error("invalid literal");
            }

            _pos += literal.Length;
            return new JsonLiteral(literal, kind);
        }

        private JsonLiteral ReadNumber()
        {
            int start = _pos;
            while (_pos < _text.Length && "+-0123456789.eE".IndexOf(_text[_pos]) >= 0)
            {
                _pos++;
            }

            string text = _text.Substring(start, _pos - start);
            if (text.Length == 0 || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                _pos = start;
                throw Error("unexpected character");
            }

            return new JsonLiteral(text, "number");
        }

        private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

        private void SkipWhitespace()
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c == '\n')
                {
                    _line++;
                    _lineStart = _pos + 1;
                }
                else if (c != ' ' && c != '\t' && c != '\r' && c != '\uFEFF')
                {
                    return;
                }

                _pos++;
            }
        }

        private JsonSyntaxException Error(string message) =>
            new(message, Math.Min(_pos, _text.Length), _line, Math.Min(_pos, _text.Length) - _lineStart);
    }
}
