using System;
using System.Buffers;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace WeChat.OfficialAccount.Http
{
    /// <summary>
    /// Base of every generated JSON request and response type. Reading and writing are generated
    /// (Utf8JsonReader/Utf8JsonWriter, no reflection); properties the spec does not know are kept in
    /// <see cref="ExtensionData"/> and written back.
    /// </summary>
    public abstract class WeChatJsonObject
    {
        /// <summary>
        /// Writer options for request bodies: non-ASCII text stays raw UTF-8 (the platform answers 40033 to \u escapes).
        /// </summary>
        public static readonly JsonWriterOptions WriterOptions = new()
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Indented = false,
            SkipValidation = false,
        };

        private Dictionary<string, string>? _extensionData;

        /// <summary>Properties the spec does not declare, by JSON name, each as raw JSON text.</summary>
        public IDictionary<string, string> ExtensionData => _extensionData ??= new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Writes this object as a JSON object.</summary>
        /// <param name="writer">The JSON writer.</param>
        public void WriteJson(Utf8JsonWriter writer)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteStartObject();
            WriteProperties(writer);
            WriteExtensionData(writer);
            writer.WriteEndObject();
        }

        /// <summary>The object as compact JSON with raw UTF-8 text.</summary>
        public string ToJson()
        {
            Utf8JsonWriter writer = WeChatJsonBuffers.Rent(out ArrayBufferWriter<byte> buffer);
            try
            {
                WriteJson(writer);
                writer.Flush();
                return Encoding.UTF8.GetString(buffer.WrittenSpan);
            }
            finally
            {
                WeChatJsonBuffers.Return(buffer, writer);
            }
        }

        /// <summary>Reads a JSON object into a new instance.</summary>
        /// <typeparam name="T">The generated type.</typeparam>
        /// <param name="utf8Json">The JSON text.</param>
        /// <exception cref="JsonException">The text is not a JSON object of the expected shape.</exception>
        public static T FromJson<T>(ReadOnlySpan<byte> utf8Json)
            where T : WeChatJsonObject, new()
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 64 });
            reader.Read();
            T result = WeChatJson.ReadObject<T>(ref reader) ?? throw new JsonException("Expected a JSON object, found null.");
            return result;
        }

        /// <summary>Reads a JSON object into a new instance.</summary>
        /// <typeparam name="T">The generated type.</typeparam>
        /// <param name="json">The JSON text.</param>
        /// <exception cref="JsonException">The text is not a JSON object of the expected shape.</exception>
        public static T FromJson<T>(string json)
            where T : WeChatJsonObject, new() => FromJson<T>(Encoding.UTF8.GetBytes(json ?? throw new ArgumentNullException(nameof(json))).AsSpan());

        /// <summary>Reads the value of the property the reader is on; false when the type does not declare it.</summary>
        /// <param name="reader">The reader, on a PropertyName token.</param>
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected abstract bool ReadProperty(ref Utf8JsonReader reader);

        /// <summary>Writes the declared properties (null optional ones are left out).</summary>
        /// <param name="writer">The JSON writer.</param>
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected abstract void WriteProperties(Utf8JsonWriter writer);

        internal void WriteJsonWith(Utf8JsonWriter writer, string appId, string appSecret)
        {
            writer.WriteStartObject();
            writer.WriteString("appid"u8, appId);
            writer.WriteString("secret"u8, appSecret);
            WriteProperties(writer);
            WriteExtensionData(writer);
            writer.WriteEndObject();
        }

        /// <summary>Reads a response body: like FromJson, but the envelope's errcode/errmsg are not kept as extension data.</summary>
        internal static T FromResponseJson<T>(ReadOnlySpan<byte> utf8Json)
            where T : WeChatJsonObject, new()
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 64 });
            reader.Read();
            var result = new T();
            result.ReadObjectBody(ref reader, skipEnvelope: true);
            return result;
        }

        internal void ReadObjectBody(ref Utf8JsonReader reader, bool skipEnvelope = false)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"Expected a JSON object for {GetType().Name}, found {reader.TokenType}.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!ReadProperty(ref reader))
                {
                    if (skipEnvelope && (reader.ValueTextEquals("errcode"u8) || reader.ValueTextEquals("errmsg"u8)))
                    {
                        reader.Read();
                        reader.Skip();
                        continue;
                    }

                    string name = reader.GetString()!;
                    reader.Read();
                    ExtensionData[name] = WeChatJson.ReadRaw(ref reader) ?? "null";
                }
            }
        }

        private void WriteExtensionData(Utf8JsonWriter writer)
        {
            if (_extensionData is null)
            {
                return;
            }

            foreach (KeyValuePair<string, string> pair in _extensionData)
            {
                writer.WritePropertyName(pair.Key);
                writer.WriteRawValue(pair.Value);
            }
        }
    }
}
