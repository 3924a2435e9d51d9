using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace WeChat.OfficialAccount.AspNetCore.State
{
    /// <summary>
    /// The stored form of a conversation context: one JSON object of strings, written and read with the
    /// Utf8JsonWriter/Utf8JsonReader pair so no reflection serializer is involved (trim and AOT safe).
    /// </summary>
    internal static class WeChatConversationJson
    {
        /// <summary>
        /// How contexts are written: Chinese and other text as UTF-8, not \u escapes (the JSON goes to a database column,
        /// never into HTML).
        /// </summary>
        public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public static string Write(IReadOnlyDictionary<string, string> values)
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                Write(values, writer);
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        /// <summary>Writes the values as one JSON object to <paramref name="writer"/> and flushes it.</summary>
        public static void Write(IReadOnlyDictionary<string, string> values, Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            foreach (KeyValuePair<string, string> pair in values)
            {
                writer.WriteString(pair.Key, pair.Value);
            }

            writer.WriteEndObject();
            writer.Flush();
        }

        public static Dictionary<string, string> Read(string json)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException("A stored conversation context is not a JSON object; delete the row or fix its data column.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw new FormatException($"The stored conversation value '{name}' is not a JSON string; delete the row or fix its data column.");
                }

                values[name] = reader.GetString()!;
            }

            return values;
        }
    }
}
