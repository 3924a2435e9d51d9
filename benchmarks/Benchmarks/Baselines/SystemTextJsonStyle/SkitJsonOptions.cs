using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.SystemTextJsonStyle
{
    /// <summary>
    /// SKIT-style System.Text.Json options: the settings SKIT's default <c>SystemTextJsonSerializer</c> builds in
    /// <c>GetDefaultSerializerOptions()</c> (SKIT.FlurlHttpClient.Common, read at commit 2cd38360), with the default
    /// reflection-based type info resolver and no <c>JsonSerializerContext</c>.
    /// </summary>
    /// <remarks>
    /// The relaxed encoder is not optional for a fair comparison: without it Chinese text is written as \uXXXX
    /// escapes, which the platform rejects with 40033, so both sides must emit raw UTF-8. One instance is kept for
    /// the process, as a SKIT client keeps one, so its reflection metadata is built once and then reused.
    /// </remarks>
    public static class SkitJsonOptions
    {
        /// <summary>The shared options instance.</summary>
        public static readonly JsonSerializerOptions Default = new(JsonSerializerOptions.Default)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = false,
            PropertyNamingPolicy = null,
            PropertyNameCaseInsensitive = true,
        };
    }
}
