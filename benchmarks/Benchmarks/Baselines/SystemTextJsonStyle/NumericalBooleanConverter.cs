using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.SystemTextJsonStyle
{
    /// <summary>
    /// A 0/1 flag as <see cref="bool"/>, applied per property with <c>[JsonConverter]</c> as SKIT does for fields
    /// like <c>subscribe</c>: reads numbers (non-zero is true), JSON booleans, and numeric strings when the options
    /// allow reading numbers from strings; writes 1 or 0.
    /// </summary>
    public sealed class NumericalBooleanConverter : JsonConverter<bool>
    {
        /// <inheritdoc />
        public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.True:
                    return true;
                case JsonTokenType.False:
                    return false;
                case JsonTokenType.Number:
                    return reader.GetInt32() != 0;
                case JsonTokenType.String when (options.NumberHandling & JsonNumberHandling.AllowReadingFromString) != 0:
                    string? text = reader.GetString();
                    return !string.IsNullOrEmpty(text) && int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) != 0;
                default:
                    throw new JsonException($"Unexpected JSON token type '{reader.TokenType}' for a 0/1 flag.");
            }
        }

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value ? 1 : 0);
    }
}
