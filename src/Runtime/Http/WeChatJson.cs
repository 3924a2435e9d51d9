using System;
using System.Buffers;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace WeChat.OfficialAccount.Http
{
    /// <summary>Reads one JSON value of a generated property.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="reader">The reader, on the value's first token.</param>
    public delegate T WeChatJsonValueReader<T>(ref Utf8JsonReader reader);

    /// <summary>
    /// Value readers generated JSON code calls. They are tolerant where the platform drifts: ids arrive as numbers or
    /// strings, flags as 0/1 or true/false; a value of a genuinely wrong kind is a <see cref="JsonException"/>.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class WeChatJson
    {
        /// <summary>A string; a number is taken as its text.</summary>
        public static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray()),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.Null => null,
            _ => throw Unexpected(ref reader, "a string"),
        };

        /// <summary>A 64-bit integer; a numeric string is accepted, an empty one reads as null.</summary>
        public static long? ReadInt64(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Number when reader.TryGetInt64(out long value):
                    return value;
                case JsonTokenType.String:
                    string? text = reader.GetString();
                    if (string.IsNullOrWhiteSpace(text))
                    {
                        return null;
                    }

                    if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed))
                    {
                        return parsed;
                    }

                    break;
                case JsonTokenType.Null:
                    return null;
            }

            throw Unexpected(ref reader, "an integer");
        }

        /// <summary>A 32-bit integer; a numeric string is accepted.</summary>
        public static int? ReadInt32(ref Utf8JsonReader reader)
        {
            long? value = ReadInt64(ref reader);
            if (value is null)
            {
                return null;
            }

            if (value < int.MinValue || value > int.MaxValue)
            {
                throw Unexpected(ref reader, "a 32-bit integer");
            }

            return (int)value.Value;
        }

        /// <summary>A number; a numeric string is accepted.</summary>
        public static double? ReadDouble(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Number:
                    return reader.GetDouble();
                case JsonTokenType.String:
                    string? text = reader.GetString();
                    if (string.IsNullOrWhiteSpace(text))
                    {
                        return null;
                    }

                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed))
                    {
                        return parsed;
                    }

                    break;
                case JsonTokenType.Null:
                    return null;
            }

            throw Unexpected(ref reader, "a number");
        }

        /// <summary>A JSON boolean; 0/1 and "true"/"false" are accepted.</summary>
        public static bool? ReadBoolean(ref Utf8JsonReader reader) => ReadFlag(ref reader);

        /// <summary>A 0/1 flag; JSON booleans and their string forms are accepted.</summary>
        public static bool? ReadFlag(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.True:
                    return true;
                case JsonTokenType.False:
                    return false;
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.Number when reader.TryGetInt64(out long number) && number is 0 or 1:
                    return number == 1;
                case JsonTokenType.String:
                    string? text = reader.GetString();
                    if (text is "1" or "true" or "True")
                    {
                        return true;
                    }

                    if (text is "0" or "false" or "False")
                    {
                        return false;
                    }

                    if (string.IsNullOrEmpty(text))
                    {
                        return null;
                    }

                    break;
            }

            throw Unexpected(ref reader, "0/1 or a boolean");
        }

        /// <summary>Any JSON value as its raw text; null for JSON null.</summary>
        public static string? ReadRaw(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.GetRawText();
        }

        /// <summary>A nested object; null for JSON null.</summary>
        public static T? ReadObject<T>(ref Utf8JsonReader reader)
            where T : WeChatJsonObject, new()
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            var result = new T();
            result.ReadObjectBody(ref reader);
            return result;
        }

        /// <summary>A JSON array; null for JSON null.</summary>
        public static List<T>? ReadList<T>(ref Utf8JsonReader reader, WeChatJsonValueReader<T> readItem)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw Unexpected(ref reader, "an array");
            }

            var list = new List<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                list.Add(readItem(ref reader));
            }

            return list;
        }

        private static JsonException Unexpected(ref Utf8JsonReader reader, string expected) =>
            new($"Expected {expected}, found {reader.TokenType} at byte {reader.TokenStartIndex}.");
    }
}
