using System.Text.Json.Serialization;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.SystemTextJsonStyle
{
    /// <summary>SKIT-style response base: every response model carries the errcode/errmsg envelope.</summary>
    public abstract class SkitApiResponse
    {
        [JsonPropertyName("errcode")]
        public int ErrorCode { get; set; }

        [JsonPropertyName("errmsg")]
        public string? ErrorMessage { get; set; }
    }
}
